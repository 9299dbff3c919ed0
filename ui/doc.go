// Package ui is caredesk's terminal program (Bubble Tea): the only package
// that knows Bubble Tea. It reads and writes through the model's service
// interfaces and never imports the store.
//
// # How it is built
//
// The root model, app (app.go), owns focus and routing: ctrl+c always
// quits; while a pane or the command line is in a text input, keys go only
// to it; otherwise the global keys (keys.go), then the focused pane. Data
// messages go to their owner by type. run.go starts the program and relays
// store change notices into it from one goroutine; session.go is what a
// team server's SSH session adds (presence, notices).
//
// A pane (pane.go) is one screen: Init, Update, View, SetSize, ShortHelp
// and FullHelp (so ? is always the help of what has focus), Capturing. The
// panes:
//
//	queue.go, queue_view.go     the case queue: a cursor over a caseindex.Queue
//	casepane*.go                one case: card, details, timeline, editors
//	heatmap*.go                 tags by week, drilling down into the queue
//	taxonomy.go                 the tag taxonomy: rename, merge, retire
//
// The queue's data (views, sorts, search, live patching) is not here: it is
// internal/caseindex, which has no Bubble Tea. The queue pane turns the
// index's Work into tea.Cmds (workCmd) and its Steps into a cursor and a
// status line (apply).
//
// The root knows its panes only as pane values (app.panes, by paneID),
// never by their types. What it asks of a pane beyond pane is a small
// capability found by a type assertion (pane.go): titled (what the title
// line's right side says: the queue its view or search, the case pane its
// case, the heatmap its metric), refresher, textTaker, caseSource (the
// queue's order for play mode and its search's words for the case pane),
// caseHolder (the case pane's save in flight and note being typed, for a
// team server's presence) and reportSource (the heatmap's set-up for
// :range and :report). The queue also answers queueLines for the tab line
// (chrome.go) and queueOrders for the command line (cmdline.go; its
// completers are in cmdcomplete.go). Each pane lists what it answers in a
// var block beside its constructor.
//
// What the root tells a pane is a message to its owner (app.send) or to
// every pane (app.tell), which ignores what is not its own: openCaseMsg,
// filterQueueMsg, unmarkMsg, renameMsg, noteMsg, composeMsg, the window's
// size, store change notices. Panes do not call each other either: they
// ask the root with messages (msgs.go: openCaseMsg, filterQueueMsg,
// statusMsg …) and the root decides; anything says something in the
// status line with statusMsg{…}.cmd(), or env.status, which the root
// takes in the same Update (a save's acknowledgement).
//
// Widgets written once: every list moves its cursor with moveCursor and
// scrolls with showRow (listcursor.go); the shared keys (up, down, top,
// bottom, yes, no, cancel) come from keys.go; every short list typed into
// (prompts, the tag picker, the taxonomy's filter and merge picker,
// canned replies) ranks its matches with rankMatches (shortlist.go); one
// line input (lineinput.go).
//
// Actions on cases from the queue, the bulk tag picker and the command
// line go through the root's one act path (act.go), which asks y/n before
// acting on several marked cases and then tells the queue which marks are
// done with (unmarkMsg); the case pane saves its own case. Both report what they
// changed to the session's undo log (undo.go), which u and :undo take
// back as new events (model.Undo). An editor the desk's rules would
// refuse at save does not open (casePane.refused asks the service's
// MayAct), so nothing is typed in vain.
//
// # The case pane
//
// casepane.go holds the pane's state, routing and editor slot,
// casepane_keys.go its keys, what they do and their help; casepane_data.go
// loads the case, saves what the agent does (act) and follows other agents'
// changes; casepane_view.go lays it out (details above, the timeline or an
// open editor below, the customer card beside or above, customercard.go)
// and casepane_details.go draws the case's fields and body; timeline.go
// draws the events.
//
// An editor (editor.go) is an input opened below the details — the status,
// priority and recovery pickers (choice.go), the assign and follow-up
// prompts (prompt.go), the tag picker (tagpicker.go), the note editor
// (noteeditor.go) and canned replies (replies.go). Editors do not see the
// pane: they are made with the case as it was when opened and return
// messages (caseSaveMsg to save actions, editorCloseMsg to close); the pane
// saves at the version shown and tells the editor saved or setErr. To add
// an editor, write a type embedding edBase with the editor methods, an
// open function on casePane (openNote in noteeditor.go is the model) and a
// key for it in casepane_keys.go.
//
// To add a section to the case pane (a conversation, say): give it its
// lines function beside detailLines, wrapped once per width and content as
// relayout does for the details and the timeline (wrapKey), a place in
// computeLayout, and a value of section so that tab focuses it and j/k
// scroll it (scrollKey).
//
// # Conventions
//
// Customer text is hostile: everything from a case or customer passes
// through Clean or CleanBlock (internal/textsafe) before it is drawn. All
// I/O runs in tea.Cmds, whose results carry an error; a result for a case
// no longer shown is dropped. Styles come from a Styles value built from a
// theme (styles.go) for the screen's own terminal, keys from KeyMaps built
// by constructors: no globals. On a team server each session has its own
// renderer, so nothing is drawn with lipgloss.NewStyle() (the server
// process's renderer): start from Styles.Plain. Timers go through env.after,
// which tests replace.
// Tests drive the app through Update and View (queue_helpers_test.go's
// harness) and keep golden screens in testdata.
package ui
