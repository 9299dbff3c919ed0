package model

import "strings"

// ExpandReply fills a canned reply's placeholders: {{customer}}, {{case}}
// and {{agent}}, or any other key of vars. Names are trimmed and matched
// without regard to case ("{{ Customer }}"). A placeholder with no value is
// left as written, so a typo shows in the preview instead of vanishing. It is
// one pass: a value that itself contains "{{agent}}" is not expanded again.
func ExpandReply(text string, vars map[string]string) string {
	if !strings.Contains(text, "{{") {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	for {
		i := strings.Index(text, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(text[i+2:], "}}")
		if j < 0 {
			break
		}
		inner := text[i+2 : i+2+j]
		// "{{ {{agent}}": the placeholder is the innermost one.
		if k := strings.LastIndex(inner, "{{"); k >= 0 {
			b.WriteString(text[:i+2+k])
			text = text[i+2+k:]
			continue
		}
		b.WriteString(text[:i])
		if v, ok := lookupVar(vars, strings.TrimSpace(inner)); ok {
			b.WriteString(v)
		} else {
			b.WriteString(text[i : i+2+j+2])
		}
		text = text[i+2+j+2:]
	}
	b.WriteString(text)
	return b.String()
}

func lookupVar(vars map[string]string, name string) (string, bool) {
	if v, ok := vars[name]; ok {
		return v, true
	}
	v, ok := vars[strings.ToLower(name)]
	return v, ok
}
