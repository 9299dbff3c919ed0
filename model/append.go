package model

// AppendOnly reports whether acts only add to a case's timeline (an
// internal note, a logged or sent reply). Such a write conflicts with
// nothing another agent did meanwhile, as in Zendesk or Help Scout: it is
// saved on the case as it is now, not refused for a stale version. A field
// change (status, assignee, tags …) is decided on what the agent saw, so
// any of them in acts keeps the whole write version-checked.
func AppendOnly(acts ...Action) bool {
	if len(acts) == 0 {
		return false
	}
	for _, a := range acts {
		switch a.(type) {
		case AddNote, *AddNote, LogReply, *LogReply, SendReply, *SendReply:
		default:
			return false
		}
	}
	return true
}
