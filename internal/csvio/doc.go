// Package csvio reads cases from import files and writes them to export
// files: caredesk's own CSV, the CFPB complaint export, and caredesk JSON
// lines. It is pure streaming I/O over io.Reader and io.Writer — no database,
// no terminal — so `caredesk import` and `caredesk export` stay thin and the
// formats can be tested and fuzzed on their own.
//
// The CSV parser is our own (rfc4180.go) rather than encoding/csv, because
// encoding/csv rewrites "\r\n" inside quoted fields to "\n" (breaking the
// byte-for-byte export → import round trip) and we need exact line numbers
// for every record and every error.
//
// Text is stored and written exactly as given: no trimming, and no
// defusing of spreadsheet formulas ('=', '+', '-', '@') on export, since
// the export must read back byte for byte. Sanitising is the UI's job at
// display time.
package csvio
