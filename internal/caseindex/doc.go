// Package caseindex is the queue's case index: one compact row per case in
// memory, and the views, sort orders, live patching from store change
// notices and fuzzy + filtered search computed over those rows. It knows
// nothing of the screen (no Bubble Tea): the ui package draws what a Queue
// holds, and a benchmark or test drives a Queue without a screen.
//
// A million cases must scroll like a hundred, so a row is about 90 bytes
// plus its search text (subject, customer, tags and external id, cleaned
// for the screen and packed into shared blocks). Rows live in fixed-size
// chunks that are copied on write: a Snapshot is a value holding chunk
// pointers, so a background sort or search reads its snapshot while the
// caller's loop applies change notices to a new one, without locks and
// without copying a million rows.
//
// How it is used:
//
//	q := caseindex.NewQueue(caseindex.Config{Source: svc, Agent: "ana"})
//	step := q.Done(q.Start()())      // the first page; step.Work holds the full load
//	step = q.Change(notice)          // a store change notice
//	step = q.Search("refund @ana", true)
//	for _, w := range step.Work { res := w(); step = q.Done(res) … }
//
// Every call returns a Step: Work to run off the loop (in the ui, a
// tea.Cmd) whose Result goes back to Done, and whether the list changed
// (put the cursor back on its case). The files:
//
//	rows.go        Row and Snapshot: what a case is in the index
//	builder.go     making rows and snapshots, copy on write
//	load.go        the first page and the full load from a Source
//	views.go       views (My cases, Open, Overdue …), sort orders, counts
//	queue.go       Queue: one agent's view, sort and query, kept current
//	queue_search.go  a Queue's search: typed, narrowed, stale answers dropped
//	patch.go       applying a change notice in place, O(k log n)
//	search.go      a search: filters, then fuzzy text, best first
//	filterplan.go  filters decided once per distinct value
//	fuzzy.go       sahilm/fuzzy's scoring without allocating
//
// A full-text index plugs in through Config.Words (WordsFunc): it
// resolves a query's words to cases, and the search applies the filters
// and ranks by its scores.
package caseindex
