package csvio

import (
	"fmt"
	"slices"

	"github.com/caredesk/caredesk/model"
)

// A case's messages in JSON lines: every field of model.Message, with the
// original mail and each attachment's bytes (base64, as encoding/json
// writes []byte), so an export read back gives the same conversation.
type jsonMessage struct {
	Dir          string           `json:"dir"`
	At           string           `json:"at"`
	Author       string           `json:"author"`
	From         string           `json:"from"`
	To           []string         `json:"to"`
	Cc           []string         `json:"cc"`
	ReplyTo      []string         `json:"reply_to,omitempty"`
	Subject      string           `json:"subject"`
	MessageID    string           `json:"message_id"`
	InReplyTo    string           `json:"in_reply_to"`
	References   []string         `json:"references"`
	Text         string           `json:"text"`
	Attachments  []jsonAttachment `json:"attachments"`
	Raw          []byte           `json:"raw"`
	Opening      bool             `json:"opening"`
	Recognised   string           `json:"recognised"`
	Delivery     string           `json:"delivery"`
	DeliveryNote string           `json:"delivery_note"`
	Attempts     int              `json:"attempts"`
	NextTry      string           `json:"next_try"`
}

type jsonAttachment struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Data []byte `json:"data"`
}

func orEmpty(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

func encodeMessages(ext string, recs []model.MailRecord) ([]jsonMessage, error) {
	out := make([]jsonMessage, len(recs))
	for i, r := range recs {
		m := r.Message
		if !validText(slices.Concat([]string{m.Author, m.From, m.Subject, m.MessageID, m.InReplyTo, m.Text, m.Recognised, m.DeliveryNote}, m.To, m.Cc, m.References, m.ReplyTo)...) {
			return nil, fmt.Errorf("case %s: message %d holds invalid UTF-8", ext, i+1)
		}
		if !timeInRange(m.At) || !timeInRange(m.NextTry) {
			return nil, fmt.Errorf("case %s: message %d has a time outside years 0-9999", ext, i+1)
		}
		jm := jsonMessage{Dir: m.Dir.String(), At: formatTime(m.At), Author: m.Author, From: m.From, To: orEmpty(m.To),
			Cc: orEmpty(m.Cc), ReplyTo: m.ReplyTo, Subject: m.Subject, MessageID: m.MessageID, InReplyTo: m.InReplyTo,
			References: orEmpty(m.References), Text: m.Text, Attachments: []jsonAttachment{}, Raw: r.Raw,
			Opening: m.Opening, Recognised: m.Recognised, Delivery: m.Delivery.String(), DeliveryNote: m.DeliveryNote,
			Attempts: m.Attempts, NextTry: formatOptionalTime(m.NextTry)}
		for j, a := range m.Attachments {
			if !validText(a.Name, a.Type) {
				return nil, fmt.Errorf("case %s: message %d attachment %d has an invalid UTF-8 name", ext, i+1, j+1)
			}
			jm.Attachments = append(jm.Attachments, jsonAttachment{Name: a.Name, Type: a.Type, Data: r.Files[j]})
		}
		out[i] = jm
	}
	return out, nil
}

func decodeMessages(jms []jsonMessage) ([]model.MailRecord, string) {
	out := make([]model.MailRecord, len(jms))
	for i, jm := range jms {
		dir, ok := model.ParseDirection(jm.Dir)
		if !ok || dir == model.DirNote {
			return nil, fmt.Sprintf("message %d: unknown dir %q (inbound or outbound)", i+1, clip(jm.Dir))
		}
		del, ok := model.ParseDelivery(jm.Delivery)
		if !ok {
			return nil, fmt.Sprintf("message %d: unknown delivery %q", i+1, clip(jm.Delivery))
		}
		at, err := parseTime(jm.At)
		if err != nil {
			return nil, fmt.Sprintf("message %d: %s", i+1, badTime("at", jm.At))
		}
		next, err := parseOptionalTime(jm.NextTry)
		if err != nil {
			return nil, fmt.Sprintf("message %d: %s", i+1, badTime("next_try", jm.NextTry))
		}
		if int64(len(jm.Raw)) > model.MaxMessageSize {
			return nil, fmt.Sprintf("message %d: %s", i+1, model.ErrorMessage(model.ErrTooLarge(int64(len(jm.Raw)))))
		}
		m := model.Message{Dir: dir, At: at, Author: jm.Author, From: jm.From, To: nilIfEmpty(jm.To), Cc: nilIfEmpty(jm.Cc), ReplyTo: nilIfEmpty(jm.ReplyTo),
			Subject: jm.Subject, MessageID: jm.MessageID, InReplyTo: jm.InReplyTo, References: nilIfEmpty(jm.References),
			Text: jm.Text, Opening: jm.Opening, Recognised: jm.Recognised, Delivery: del, DeliveryNote: jm.DeliveryNote,
			Attempts: jm.Attempts, NextTry: next}
		rec := model.MailRecord{Raw: jm.Raw}
		for _, a := range jm.Attachments {
			m.Attachments = append(m.Attachments, model.Attachment{Name: a.Name, Type: a.Type, Size: int64(len(a.Data))})
			rec.Files = append(rec.Files, a.Data)
		}
		rec.Message = m
		out[i] = rec
	}
	return out, ""
}

func nilIfEmpty(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	return ss
}

// WriteMail writes one case as Write does, with its messages.
func (w *JSONLWriter) WriteMail(c model.Case, cu model.Customer, evs []model.Event, mail []model.MailRecord) error {
	if len(mail) == 0 {
		return w.Write(c, cu, evs)
	}
	msgs, err := encodeMessages(c.ExternalID, mail)
	if err != nil {
		return err
	}
	return w.write(c, cu, evs, msgs)
}
