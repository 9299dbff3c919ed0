package email

import (
	"strings"

	"golang.org/x/net/html"
)

// htmlText turns an HTML mail into readable text: blocks and line breaks
// become new lines, list items get a dash, a link keeps its address in
// brackets when the text does not already show it. Scripts, styles and
// the head are dropped; nothing is fetched or run.
func htmlText(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var b strings.Builder
	skip := 0 // inside script, style, head, title
	var hrefs []string
	var linkText []int // where each open link's text began in b
	newline := func(n int) {
		s := b.String()
		have := len(s) - len(strings.TrimRight(s, "\n"))
		if len(strings.TrimSpace(s)) == 0 {
			return
		}
		for ; have < n; have++ {
			b.WriteByte('\n')
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return tidy(b.String())
		case html.TextToken:
			if skip > 0 {
				continue
			}
			t := collapse(string(z.Text()))
			if t == "" {
				continue
			}
			s := b.String()
			if t == " " && (s == "" || strings.HasSuffix(s, " ") || strings.HasSuffix(s, "\n")) {
				continue
			}
			if strings.HasSuffix(s, "\n") || s == "" {
				t = strings.TrimLeft(t, " ")
			}
			b.WriteString(t)
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			end := tt == html.EndTagToken
			switch tag {
			case "script", "style", "head", "title", "template":
				if tt == html.StartTagToken {
					skip++
				} else if end && skip > 0 {
					skip--
				}
			case "br":
				b.WriteByte('\n')
			case "p", "div", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "section", "article", "header", "footer":
				newline(2)
			case "li":
				if !end {
					newline(1)
					b.WriteString("- ")
				}
			case "td", "th":
				if !end {
					b.WriteString(" ")
				}
			case "hr":
				newline(1)
				b.WriteString("----")
				newline(1)
			case "a":
				if !end {
					href := ""
					for hasAttr {
						var k, v []byte
						k, v, hasAttr = z.TagAttr()
						if string(k) == "href" {
							href = strings.TrimSpace(string(v))
						}
					}
					hrefs = append(hrefs, href)
					linkText = append(linkText, b.Len())
				} else if len(hrefs) > 0 {
					href, start := hrefs[len(hrefs)-1], linkText[len(linkText)-1]
					hrefs, linkText = hrefs[:len(hrefs)-1], linkText[:len(linkText)-1]
					text := b.String()[min(start, b.Len()):]
					shown := strings.TrimPrefix(strings.TrimPrefix(href, "mailto:"), "tel:")
					if href != "" && !strings.HasPrefix(href, "#") && !strings.Contains(text, shown) {
						b.WriteString(" [" + href + "]")
					}
				}
			}
		}
	}
}

// collapse folds HTML whitespace runs to one space.
func collapse(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		if s != "" {
			return " "
		}
		return ""
	}
	out := strings.Join(f, " ")
	if strings.IndexAny(s[:1], " \t\r\n\f") == 0 {
		out = " " + out
	}
	if strings.ContainsAny(s[len(s)-1:], " \t\r\n\f") {
		out += " "
	}
	return out
}

// tidy trims each line and keeps at most one blank line in a row.
func tidy(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := 0
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			blank++
			if blank > 1 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
