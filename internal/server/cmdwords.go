package server

import (
	"errors"
	"flag"
	"strings"
)

// splitCommand splits the command an ssh client sent (one string: ssh
// joins its words with spaces) into words by the shell's quoting rules:
// 'single quotes' keep everything, "double quotes" keep everything but a
// backslash before \ " $ or `, and a backslash outside quotes keeps the
// next character. Nothing is expanded and nothing runs: the words are
// only ever flags and values of the server's own commands.
func splitCommand(raw string) ([]string, error) {
	var words []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
			continue
		case c == '\'':
			end := strings.IndexByte(raw[i+1:], '\'')
			if end < 0 {
				return nil, errors.New("a ' is not closed")
			}
			w.WriteString(raw[i+1 : i+1+end])
			i += end + 1
		case c == '"':
			i++
			for ; i < len(raw) && raw[i] != '"'; i++ {
				if raw[i] == '\\' && i+1 < len(raw) && strings.IndexByte("\\\"$`", raw[i+1]) >= 0 {
					i++
				}
				w.WriteByte(raw[i])
			}
			if i >= len(raw) {
				return nil, errors.New(`a " is not closed`)
			}
		case c == '\\':
			if i+1 < len(raw) {
				i++
				w.WriteByte(raw[i])
			}
		default:
			w.WriteByte(c)
		}
		inWord = true
	}
	if inWord {
		words = append(words, w.String())
	}
	return words, nil
}

// joinFilterWords takes the words after --filter's value that are not
// flags of fs as more of the filter: "report --filter '@me is:overdue'"
// reaches the server as report --filter @me is:overdue once ssh has
// joined the words, and "refund -chargeback" keeps its exclusion.
func joinFilterWords(fs *flag.FlagSet, args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		out = append(out, a)
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "filter" {
			continue
		}
		at := len(out) - 1 // the word that holds the filter's value
		if !hasValue {
			if i+1 >= len(args) {
				break
			}
			i++
			out = append(out, args[i])
			at++
		}
		for i+1 < len(args) && !isFlag(fs, args[i+1]) {
			i++
			out[at] += " " + args[i]
		}
	}
	return out
}

// isFlag says whether word names one of fs's flags (or help, or ends
// them: "--").
func isFlag(fs *flag.FlagSet, word string) bool {
	if word == "--" || word == "-h" || word == "-help" || word == "--help" {
		return true
	}
	if !strings.HasPrefix(word, "-") {
		return false
	}
	name, _, _ := strings.Cut(strings.TrimLeft(word, "-"), "=")
	return fs.Lookup(name) != nil
}
