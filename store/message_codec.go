package store

import (
	"github.com/caredesk/caredesk/model"
)

// encodeMessage leaves out the case id: it is in the key (or, for skipped
// mail, there is none).
func encodeMessage(m *model.Message) []byte {
	n := 64 + len(m.From) + len(m.Subject) + len(m.MessageID) + len(m.InReplyTo) + len(m.Text) + len(m.DeliveryNote)
	e := encoder{b: make([]byte, 0, n)}
	e.byte1(recordV1)
	e.uvarint(m.Seq)
	e.byte1(byte(m.Dir))
	e.time(m.At)
	e.str(m.Author)
	e.str(m.From)
	e.strs(m.To)
	e.strs(m.Cc)
	e.str(m.Subject)
	e.str(m.MessageID)
	e.str(m.InReplyTo)
	e.strs(m.References)
	e.str(m.Text)
	e.uvarint(uint64(len(m.Attachments)))
	for _, a := range m.Attachments {
		e.str(a.Name)
		e.str(a.Type)
		e.varint(a.Size)
	}
	e.varint(m.RawSize)
	e.bool1(m.Opening)
	e.str(m.Recognised)
	e.byte1(byte(m.Delivery))
	e.str(m.DeliveryNote)
	e.uvarint(uint64(m.Attempts))
	e.time(m.NextTry)
	// optional, last: records from before them still read
	if len(m.ReplyTo) > 0 || len(m.FailedTo) > 0 || len(m.HeaderWarnings) > 0 {
		e.strs(m.ReplyTo)
	}
	if len(m.FailedTo) > 0 || len(m.HeaderWarnings) > 0 {
		e.strs(m.FailedTo)
	}
	if len(m.HeaderWarnings) > 0 {
		e.strs(m.HeaderWarnings)
	}
	return e.b
}

func decodeMessage(id model.CaseID, b []byte) (model.Message, error) {
	d := decoder{b: b}
	if d.byte1() != recordV1 {
		return model.Message{}, errCorrupt
	}
	m := model.Message{CaseID: id, Seq: d.uvarint(), Dir: model.Direction(d.byte1()), At: d.time(), Author: d.str(),
		From: d.str(), To: d.strs(), Cc: d.strs(), Subject: d.str(), MessageID: d.str(), InReplyTo: d.str(),
		References: d.strs(), Text: d.str()}
	if n := d.count(3); n > 0 {
		m.Attachments = make([]model.Attachment, n)
		for i := range m.Attachments {
			m.Attachments[i] = model.Attachment{Name: d.str(), Type: d.str(), Size: d.varint()}
		}
	}
	m.RawSize = d.varint()
	m.Opening = d.bool1()
	m.Recognised = d.str()
	m.Delivery = model.Delivery(d.byte1())
	m.DeliveryNote = d.str()
	m.Attempts = int(d.uvarint())
	m.NextTry = d.time()
	if len(d.b) > 0 {
		m.ReplyTo = d.strs()
	}
	if len(d.b) > 0 {
		m.FailedTo = d.strs()
	}
	if len(d.b) > 0 {
		m.HeaderWarnings = d.strs()
	}
	if err := d.done(); err != nil {
		return model.Message{}, err
	}
	return m, nil
}
