// Package email is caredesk's e-mail channel: it turns received mail into
// model.Inbound for the store to file (parse.go, classify.go, htmltext.go),
// takes mail in from a Maildir, an mbox file or an IMAP folder (maildir.go,
// mbox.go, imap.go), and sends the outbox by SMTP or a sendmail command
// (compose.go, smtp.go). Runner (runner.go) does both in the background for
// the app and the team server.
//
// MIME, encoded words and charsets are emersion's go-message; IMAP is
// go-imap v1; SMTP is go-smtp. Nothing here writes a MIME parser by hand.
// Customer text is untrusted: it is kept as text, never becomes a header,
// a path or a command.
package email
