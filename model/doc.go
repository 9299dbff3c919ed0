// Package model holds caredesk's domain: cases, customers, issue tags,
// statuses, priorities, SLA rules, filters and the service interfaces the
// user interface talks to. It does no I/O and imports only the standard
// library and golang.org/x/text's Unicode tables (NFKC for tags), so every
// rule here is a plain function with a table test.
package model
