package model

import (
	"fmt"
	"strings"
)

// Role is what an agent may do on a shared desk. A team server gives each
// agent one; a local caredesk has no roles (the agent owns the file).
type Role uint8

const (
	RoleNone  Role = iota // no rights: every write is refused
	RoleAgent             // works their own cases, claims free ones, tags any
	RoleLead              // an agent who also reassigns any case and cares for the taxonomy
)

var roleNames = [...]string{RoleNone: "none", RoleAgent: "agent", RoleLead: "lead"}

func (r Role) String() string {
	if int(r) < len(roleNames) {
		return roleNames[r]
	}
	return fmt.Sprintf("role(%d)", uint8(r))
}

// ParseRole reads "agent" or "lead".
func ParseRole(s string) (Role, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "agent":
		return RoleAgent, nil
	case "lead":
		return RoleLead, nil
	}
	return RoleNone, Errorf(EINVALID, "unknown role %q (agent or lead)", s)
}

// Authorize reports whether agent, in role, may apply act to c as c is now:
// nil, or an EDENIED error whose message says why in the desk's words.
//
// An agent may claim an unassigned case, do anything to their own cases
// (including handing one to a colleague), tag or untag any case and add
// an internal note to any case. A lead
// may do anything to any case. Several acts in one write are checked one
// after the other against the case as the earlier ones leave it, so "claim
// then set pending" on a free case is allowed.
func Authorize(role Role, agent string, c Case, act Action) error {
	switch role {
	case RoleLead:
		return nil
	case RoleAgent:
	default:
		return Errorf(EDENIED, "%s has no role on this desk: ask a lead to add one", orAgent(agent))
	}
	if strings.TrimSpace(agent) == "" {
		return Errorf(EDENIED, "an agent name is needed to change a case")
	}
	mine := c.Assignee == agent
	switch a := act.(type) {
	case AddTag, RemoveTag, *AddTag, *RemoveTag:
		return nil // tagging is everyone's job: it feeds the heatmap
	case AddNote, *AddNote:
		return nil // an internal note on any case, as Zendesk allows: only agents read it
	case Claim, *Claim:
		if c.Assignee == "" || mine {
			return nil
		}
		return Errorf(EDENIED, "only a lead can reassign %s's case", c.Assignee)
	case Transfer, *Transfer:
		if c.Assignee == "" || mine {
			return nil // triage: anyone may pass a free case on
		}
		return Errorf(EDENIED, "case #%d is %s's: only %s or a lead can transfer it", c.ID, c.Assignee, c.Assignee)
	case Undo:
		// An agent takes back only what they may change now: each thing
		// put back is checked as the action it amounts to, on the case
		// as it is (a claim taken back is dropping one's own case).
		for _, s := range a.Steps() {
			if err := Authorize(role, agent, c, s); err != nil {
				return err
			}
		}
		return nil
	case Assign:
		return authorizeAssign(agent, c, a.To)
	case *Assign:
		return authorizeAssign(agent, c, a.To)
	}
	if mine {
		return nil
	}
	if c.Assignee == "" {
		return Errorf(EDENIED, "claim case #%d first: agents %s their own cases", c.ID, verb(act))
	}
	return Errorf(EDENIED, "case #%d is %s's: only %s or a lead can %s it (you can tag it or add a note)", c.ID, c.Assignee, c.Assignee, verb(act))
}

func authorizeAssign(agent string, c Case, to string) error {
	to = strings.TrimSpace(to)
	switch {
	case c.Assignee == agent:
		return nil // handing over or dropping one's own case
	case c.Assignee == "" && to == agent:
		return nil // the same as a claim
	case c.Assignee == "":
		return Errorf(EDENIED, "only a lead can assign a case to someone else (claim it to take it)")
	}
	return Errorf(EDENIED, "only a lead can reassign %s's case", c.Assignee)
}

// verb is what an action does, for refusals: "note" reads as "add notes to".
func verb(act Action) string {
	switch act.(type) {
	case AddNote, *AddNote:
		return "add notes to"
	case SetStatus, *SetStatus:
		return "change the status of"
	case SetPriority, *SetPriority:
		return "change the priority of"
	case SetFollowUp, *SetFollowUp:
		return "set follow-ups on"
	case SetRecovery, *SetRecovery:
		return "record recoveries on"
	case LogReply, *LogReply:
		return "log replies on"
	case SendReply, *SendReply, ResendReply, *ResendReply:
		return "reply on"
	}
	return "change"
}

// RequireLead refuses what only a lead may do (renaming, merging or
// retiring tags, importing, backups); what names it in the refusal.
func RequireLead(role Role, what string) error {
	if role == RoleLead {
		return nil
	}
	return Errorf(EDENIED, "only a lead can %s", what)
}

func orAgent(s string) string {
	if strings.TrimSpace(s) == "" {
		return "this agent"
	}
	return s
}
