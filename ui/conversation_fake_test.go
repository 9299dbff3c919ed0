package ui

import (
	"github.com/caredesk/caredesk/model"
)

// The UI fakes hold no mail: a case's conversation is its body as the
// first inbound message, as the store gives for an imported case.

func bodyConversation(c model.Case, err error, cu model.Customer) ([]model.Message, error) {
	if err != nil {
		return nil, err
	}
	return []model.Message{model.BodyMessage(&c, cu)}, nil
}

func noAttachment(id model.CaseID, seq uint64, i int) (model.Attachment, []byte, error) {
	return model.Attachment{}, nil, model.Errorf(model.ENOTFOUND, "message %d of case %d has no attachment %d", seq, id, i+1)
}

func (m *memService) Conversation(id model.CaseID) ([]model.Message, error) {
	c, err := m.Case(id)
	cu, _ := m.Customer(c.CustomerID)
	return bodyConversation(c, err, cu)
}

func (m *memService) ConversationOf(c model.Case) ([]model.Message, error) {
	cu, _ := m.Customer(c.CustomerID)
	return bodyConversation(c, nil, cu)
}

func (m *memService) Attachment(id model.CaseID, seq uint64, i int) (model.Attachment, []byte, error) {
	return noAttachment(id, seq, i)
}
func (m *memService) RawMessage(model.CaseID, uint64) ([]byte, error) { return nil, nil }
func (m *memService) Outbox() ([]model.Message, error)                { return nil, nil }

func (s *casePaneService) Conversation(id model.CaseID) ([]model.Message, error) {
	c, err := s.Case(id)
	cu, _ := s.Customer(c.CustomerID)
	return bodyConversation(c, err, cu)
}

func (s *casePaneService) ConversationOf(c model.Case) ([]model.Message, error) {
	cu, _ := s.Customer(c.CustomerID)
	return bodyConversation(c, nil, cu)
}

func (s *casePaneService) Attachment(id model.CaseID, seq uint64, i int) (model.Attachment, []byte, error) {
	return noAttachment(id, seq, i)
}
func (s *casePaneService) RawMessage(model.CaseID, uint64) ([]byte, error) { return nil, nil }
func (s *casePaneService) Outbox() ([]model.Message, error)                { return nil, nil }
