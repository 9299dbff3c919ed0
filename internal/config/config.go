// Package config reads caredesk's one configuration file, TOML, found at
// --config PATH, else $CAREDESK_CONFIG, else
// $XDG_CONFIG_HOME/caredesk/config.toml (~/.config/caredesk/config.toml).
//
// Each top-level section lives in its own file (mail.go for [mail]) as a
// struct with a check method. To add a section: add its field to Config
// with its toml tag, write SECTION.go with the struct and
// `func (s *Section) check(c *checker)`, and call it from Config.check.
// Keys the structs do not name are refused, so a typo is never ignored.
//
// Secrets never live in the file: a password comes from password_cmd (run
// when a connection needs it) or an environment variable, and no value
// read here is ever written to the database, a log or a screen.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Config is the whole file. A section that is absent is nil.
type Config struct {
	// Path is the file it was read from ("" when there was none).
	Path string `toml:"-"`
	data []byte // the text, to name lines in later messages (TeamError)

	Mail   *Mail             `toml:"mail"`
	Agents []Agent           `toml:"agent"` // agent.go
	Teams  []Team            `toml:"team"`  // team.go
	Views  []View            `toml:"view"`  // view.go
	Keys   map[string]string `toml:"keys"`  // action name → key; checked by the app (ui.CheckKeys)
	Theme  *Theme            `toml:"theme"` // view.go
}

// check validates every section present.
func (cfg *Config) check(c *checker) {
	if cfg.Mail != nil {
		cfg.Mail.check(c.in("mail"))
	}
	cfg.checkTeams(c) // first: the views' team: filters name its teams
	cfg.checkAgents(c)
	cfg.checkViews(c)
	if cfg.Theme != nil {
		cfg.Theme.check(c.in("theme"))
	}
}

// DefaultPath is $CAREDESK_CONFIG, else $XDG_CONFIG_HOME/caredesk/config.toml,
// else ~/.config/caredesk/config.toml.
func DefaultPath() string {
	if p := os.Getenv("CAREDESK_CONFIG"); p != "" {
		return p
	}
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			home = "."
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "caredesk", "config.toml")
}

// Load reads the file named by flagPath (--config), else DefaultPath. A
// file named explicitly (the flag or $CAREDESK_CONFIG) must exist; the
// default one may be missing, which is an empty configuration.
func Load(flagPath string) (*Config, error) { return LoadChecked(flagPath, nil) }

// LoadChecked is Load that also checks [keys] and each [[agent]]'s keys
// with keys (the app's ui.CheckKeys), so that the first mistake by line is
// reported whichever section it is in.
func LoadChecked(flagPath string, keys KeyCheck) (*Config, error) {
	path, explicit := flagPath, flagPath != ""
	if !explicit {
		path, explicit = DefaultPath(), os.Getenv("CAREDESK_CONFIG") != ""
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && !explicit {
		return &Config{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, unwrapPath(err))
	}
	return ParseChecked(path, data, keys)
}

// Parse reads a configuration from data; path names it in messages.
func Parse(path string, data []byte) (*Config, error) { return ParseChecked(path, data, nil) }

// KeyCheck checks a set of remapped keys, action name → key: the first bad
// action and what is wrong with it, or "" when all is well. The app knows
// its actions (ui.CheckKeys); this package does not.
type KeyCheck func(keys map[string]string) (action, msg string)

// ParseChecked is Parse that also checks the keys with keys (nil: not).
func ParseChecked(path string, data []byte, keys KeyCheck) (*Config, error) {
	cfg := &Config{Path: path, data: data}
	md, err := toml.Decode(string(data), cfg)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &Error{File: path, Line: pe.Position.Line, Key: nthKey(data, pe.Position.Line, pe.LastKey), Msg: pe.Message}
		}
		return nil, typeError(path, data, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0].String()
		line := lineOf(data, k)
		return nil, &Error{File: path, Line: line, Key: nthKey(data, line, k), Msg: "unknown key (a typo, or a section this caredesk does not have)"}
	}
	if cfg.Mail != nil {
		cfg.Mail.File = path
	}
	c := newChecker(path, data)
	cfg.check(c)
	if keys != nil {
		cfg.checkKeys(c, keys)
	}
	if e := c.err(); e != nil {
		return nil, e
	}
	return cfg, nil
}

// typeErrorRE picks apart toml's decode errors, which are plain strings:
// `toml: line 5 (last key "mail.imap.port"): incompatible types: …`.
var typeErrorRE = regexp.MustCompile(`^toml: (?:line (\d+) )?(?:\(last key "([^"]*)"\): )?(.*)$`)

func typeError(path string, data []byte, err error) *Error {
	m := typeErrorRE.FindStringSubmatch(err.Error())
	if m == nil {
		return &Error{File: path, Msg: err.Error()}
	}
	line, _ := strconv.Atoi(m[1])
	return &Error{File: path, Line: line, Key: nthKey(data, line, m[2]), Msg: plainType(m[2], m[3])}
}

// nthKey names which [[table]] a dotted key at line is in, as the checks
// do ("team[2].assign"): toml's own messages say "team.assign".
func nthKey(data []byte, line int, key string) string {
	table, rest, ok := strings.Cut(key, ".")
	if !ok || line <= 0 {
		return key
	}
	n := 0
	for i, l := range strings.Split(string(data), "\n") {
		if i >= line {
			break
		}
		if h := strings.TrimSpace(strings.SplitN(strings.TrimSpace(l), "#", 2)[0]); h == "[["+table+"]]" {
			n++
		}
	}
	if n == 0 {
		return key
	}
	return fmt.Sprintf("%s[%d].%s", table, n, rest)
}

// incompatibleRE is toml's type mismatch, in Go's words.
var incompatibleRE = regexp.MustCompile(`incompatible types: TOML value has type ([\w.\[\]]+); destination has type ([\w.\[\]]+)`)

// mismatchRE is toml's other type mismatch, a section given a value (or
// the other way round): `type mismatch for config.Mail: expected table but
// found string`, again in Go's words.
var mismatchRE = regexp.MustCompile(`type mismatch for [\w.\[\]*]+: expected (\w+) but found (\w+)`)

// keyMeaning says what a key holds, for "expected a string (…)".
var keyMeaning = map[string]string{
	"mail":         "the [mail] section",
	"mail.imap":    "the [mail.imap] section",
	"mail.smtp":    "the [mail.smtp] section",
	"mail.maildir": "the [mail.maildir] section",
	"hours":        `business hours like "Mon-Fri 09:00-17:30"`,
	"mail.address": "the desk's e-mail address",
	"mail.name":    "the name the desk signs with",
	"mail.poll":    `a duration like "2m"`,
	"host":         "a host name",
	"port":         "a port number",
	"user":         "a user name",
	"tls":          "tls, starttls or none",
	"path":         "a folder",
	"sendmail":     "a command",
}

// plainType rewrites a type mismatch as `expected a string (the desk's
// e-mail address), got an integer`; other messages pass unchanged.
func plainType(key, msg string) string {
	m := incompatibleRE.FindStringSubmatch(msg)
	if m == nil {
		if m = mismatchRE.FindStringSubmatch(msg); m == nil {
			return msg
		}
		m[1], m[2] = m[2], m[1] // found, expected: as incompatibleRE's
	}
	want := "expected " + typeWord(m[2])
	mean := keyMeaning[key]
	if mean == "" {
		mean = keyMeaning[key[strings.LastIndex(key, ".")+1:]]
	}
	if mean != "" {
		want += " (" + mean + ")"
	}
	return want + ", got " + typeWord(m[1])
}

func typeWord(t string) string {
	switch {
	case t == "string":
		return "a string"
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"), t == "integer":
		return "an integer"
	case strings.HasPrefix(t, "float"):
		return "a number"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "[]"), t == "slice", t == "array":
		return "a list"
	case strings.HasPrefix(t, "map"), t == "struct", t == "table":
		return "a table"
	case strings.Contains(t, "Time"), strings.Contains(t, "Local"):
		return "a date"
	}
	return t
}

// Error is one problem in the file: file, line (0 when unknown), key and
// what is expected, on one line.
type Error struct {
	File string
	Line int
	Key  string
	Msg  string
}

func (e *Error) Error() string {
	where := "config " + e.File
	if e.Line > 0 {
		where += fmt.Sprintf(":%d", e.Line)
	}
	if e.Key != "" {
		return where + ": " + e.Key + ": " + e.Msg
	}
	return where + ": " + e.Msg
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// checker collects the first problem (by line) found while the sections
// check themselves; section is the dotted key prefix.
type checker struct {
	file    string
	data    []byte
	section string
	index   int     // n of the n-th [[section]] table, 1-based; 0 for a plain table
	first   **Error // shared by a checker and the ones in() makes
	found   *int    // how many problems, shared too
}

func newChecker(file string, data []byte) *checker {
	var first *Error
	return &checker{file: file, data: data, first: &first, found: new(int)}
}

// in is the checker of a sub-section.
func (c *checker) in(section string) *checker {
	n := *c
	if c.section != "" {
		n.section = c.section + "." + section
	} else {
		n.section = section
	}
	return &n
}

func (c *checker) err() *Error { return *c.first }

// problems is how many were found so far: a check that builds on others
// runs only when they found none.
func (c *checker) problems() int { return *c.found }

// failf records a problem with key (relative to the section).
func (c *checker) failf(key, format string, args ...any) {
	full := key
	if c.section != "" {
		full = c.section + "." + key
	}
	line := 0
	if c.index > 0 {
		full = fmt.Sprintf("%s[%d].%s", c.section, c.index, key)
		line = lineOfNth(c.data, c.section, c.index, key)
	} else {
		line = lineOf(c.data, full)
	}
	c.add(&Error{File: c.file, Line: line, Key: full, Msg: fmt.Sprintf(format, args...)})
}

// add keeps the first problem by line, whatever order the sections were
// checked in: the one a reader of the file meets first. One whose line is
// unknown (0) comes after those whose line is known.
func (c *checker) add(e *Error) {
	*c.found++
	if f := *c.first; f != nil && (e.Line == 0 || f.Line != 0 && f.Line <= e.Line) {
		return
	}
	*c.first = e
}

// lineOf finds the line that sets dotted key in the TOML text, tracking
// [table] headers; 0 when it cannot tell (toml does not expose key
// positions). A key that is itself a table finds its header.
func lineOf(data []byte, key string) int {
	table := ""
	for i, line := range strings.Split(string(data), "\n") {
		s := strings.TrimSpace(line)
		if strings.HasPrefix(s, "[") {
			h := strings.Trim(strings.SplitN(s, "#", 2)[0], "[] \t")
			table = h
			if h == key {
				return i + 1
			}
			continue
		}
		name, _, ok := strings.Cut(s, "=")
		if !ok {
			continue
		}
		full := strings.Trim(strings.TrimSpace(name), `"`)
		if table != "" {
			full = table + "." + full
		}
		if full == key {
			return i + 1
		}
	}
	return 0
}
