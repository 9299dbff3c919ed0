package email

import (
	"regexp"
	"strings"

	"github.com/emersion/go-message/mail"

	"github.com/caredesk/caredesk/model"
)

// classify says whether a mail is a customer's contact or something that
// must get no reply and open no case: a loop (from the desk itself), a
// bounce, or an auto-reply (RFC 3834's Auto-Submitted, the common
// X-Autoreply/X-Autorespond, Precedence bulk/list/junk). The reason names
// the header that told, so the case can say what was recognised.
func classify(h mail.Header, from, desk string, p *walker) (model.MailKind, string, []string) {
	if desk != "" && strings.EqualFold(from, desk) {
		return model.MailLoop, "sent from the desk's own address " + desk, nil
	}
	if reason, ok := bounce(h, from, p); ok {
		ids := append([]string{}, p.returned...)
		return model.MailBounce, reason, ids
	}
	if v := strings.ToLower(strings.TrimSpace(h.Get("Auto-Submitted"))); v != "" && v != "no" {
		return model.MailAutoReply, "Auto-Submitted: " + model.OneLine(v), nil
	}
	for _, k := range []string{"X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress"} {
		if v := h.Get(k); v != "" {
			if k == "X-Auto-Response-Suppress" && !strings.Contains(strings.ToLower(v), "autoreply") && !strings.EqualFold(v, "all") {
				continue // sent by Outlook on ordinary mail too
			}
			return model.MailAutoReply, k + ": " + model.OneLine(v), nil
		}
	}
	switch v := strings.ToLower(strings.TrimSpace(h.Get("Precedence"))); v {
	case "bulk", "list", "junk", "auto_reply":
		return model.MailAutoReply, "Precedence: " + v, nil
	}
	return model.MailContact, "", nil
}

var (
	diagnosticRE = regexp.MustCompile(`(?im)^Diagnostic-Code:\s*(?:[a-z0-9-]+;\s*)?(.+)$`)
	statusRE     = regexp.MustCompile(`(?im)^Status:\s*(.+)$`)
	recipientRE  = regexp.MustCompile(`(?im)^(?:Final|Original)-Recipient:\s*(?:[a-z0-9-]+;\s*)?(.+)$`)
)

// bounce recognises a delivery failure report: a null return path, a
// mailer-daemon or postmaster sender, or a multipart/report of delivery
// status. The reason is what a person needs, said once: the server's
// diagnostic (`550 5.1.1 <addr>: Recipient address rejected`) when the
// report has one, else its status and recipient, else what told it was a
// bounce.
func bounce(h mail.Header, from string, p *walker) (string, bool) {
	var why []string
	if rp := strings.TrimSpace(h.Get("Return-Path")); rp == "<>" {
		why = append(why, "null return path")
	}
	local, _, _ := strings.Cut(strings.ToLower(from), "@")
	if local == "mailer-daemon" || local == "postmaster" {
		why = append(why, "from "+local)
	}
	if p.report {
		why = append(why, "delivery status report")
	}
	if len(why) == 0 {
		return "", false
	}
	if m := diagnosticRE.FindAllStringSubmatch(p.status, -1); len(m) > 0 {
		return model.OneLine(strings.TrimSpace(m[len(m)-1][1])), true
	}
	if m := statusRE.FindAllStringSubmatch(p.status, -1); len(m) > 0 {
		r := model.OneLine(strings.TrimSpace(m[len(m)-1][1]))
		if rc := recipientRE.FindAllStringSubmatch(p.status, -1); len(rc) > 0 {
			r += " " + model.OneLine(strings.TrimSpace(rc[len(rc)-1][1]))
		}
		return r, true
	}
	return "recognised by its " + strings.Join(why, ", "), true
}
