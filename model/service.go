package model

import (
	"io"
	"time"
)

// ImportRow is one record read from an import file: a case with its
// customer and, for a caredesk JSON lines export, its history.
type ImportRow struct {
	Source   string // file name, for messages
	Line     int    // line of the record's first byte in the file
	Case     Case   // ID is ignored; Version is kept for a new case (0 is 1), ignored for an update
	Customer Customer
	Events   []Event      // optional full history; without it a "created" event is written
	Mail     []MailRecord // the case's messages (a JSON lines export), oldest first
	// TagLabels are readable names of the case's tags as the source
	// writes them (CFPB: "Product / Issue"), tag → label; an import sets
	// a tag's label only while it has none, so a lead's edit stays.
	TagLabels map[string]string
	// OnlyGiven: the row changes only the source data it gives (a CSV
	// with some columns, a hand-written JSON line). An empty or absent
	// subject, body or channel leaves the case's as it is, and an extra
	// field the row does not name stays; a tag-only file must not erase
	// what the customer wrote. A CFPB row or a mail gives it all.
	OnlyGiven bool
}

// ImportResult counts what an import did.
type ImportResult struct {
	Imported  int // new cases
	Updated   int // existing cases whose source data or tags changed
	Unchanged int // existing cases with nothing new
	// Warnings are values of imported rows that were not kept as given,
	// each "FILE:LINE: what and why": nothing is dropped in silence.
	Warnings []string
	// Rejects are rows the store left out whole (a reader rejects the
	// rows it cannot read; these it could read but must not apply).
	Rejects []RowReject
	// Filed are row tags a lead renamed or merged, filed under their
	// names now: a feed sends the old name on every row, so the importer
	// tells it once per tag (the count, the first line), not per row.
	Filed []TagFiled
}

// TagFiled is a row's tag filed under the name a lead gave it since.
type TagFiled struct {
	Source   string // the file
	Line     int
	From, To string
}

// RowReject is a row left out of an import, and why.
type RowReject struct {
	Source string // the file
	Line   int
	Reason string
}

// Add sums two results.
func (r ImportResult) Add(o ImportResult) ImportResult {
	return ImportResult{r.Imported + o.Imported, r.Updated + o.Updated, r.Unchanged + o.Unchanged,
		append(r.Warnings[:len(r.Warnings):len(r.Warnings)], o.Warnings...),
		append(r.Rejects[:len(r.Rejects):len(r.Rejects)], o.Rejects...),
		append(r.Filed[:len(r.Filed):len(r.Filed)], o.Filed...)}
}

// Change is a notice that the store changed, sent to every subscriber after
// the transaction commits.
type Change struct {
	Cases     []Summary  // cases created or changed, as they are now
	Customers []Customer // customers created or changed
	Taxonomy  bool       // tags were renamed, merged or retired
	Replies   bool       // the canned replies changed
	Teams     bool       // an agent went away or came back
	Resync    bool       // notices were dropped for a slow reader: reload everything
	Author    string
}

// Stats are counts the store keeps up to date on every write.
type Stats struct {
	Cases     int
	Customers int
	ByStatus  map[Status]int
}

// TagDayCount is one tag × day counter. Tag "" counts untagged cases.
type TagDayCount struct {
	Tag   string
	Day   Day
	Count int
}

// Reply is a canned reply: a template with {{customer}}, {{case}} and
// {{agent}} placeholders.
type Reply struct {
	ID   uint64
	Name string
	Text string
}

// The service is split by what a caller may do with it, as wtf splits its
// services. CaseReader holds every read a screen makes; each kind of write
// has its own small interface. Wrappers that restrict a session (the team
// server's per-agent guard in internal/server/guard.go, the app's
// read-only wrapper in ui/run.go) embed only CaseReader and implement
// every other method themselves, so they fail closed: a method added to
// CaseService outside CaseReader breaks their build until someone decides
// who may call it.
//
// Where a new method goes:
//   - a pure read that any agent on the desk may make: CaseReader;
//   - anything that writes, copies the database, or reaches outside it
//     (mail, files, the network): a write interface below, or a new one
//     embedded in CaseService. Then decide its rule in guard.go and
//     readOnlyService, and add a row to the role tables in
//     internal/server/guard_test.go and ui/run_test.go.

// CaseService is what the user interface and the commands need of a
// database. store.DB implements it on bbolt.
type CaseService interface {
	CaseReader
	CaseWriter
	TaxonomyWriter
	ReplyWriter
	AvailabilityWriter
	BackupWriter
	ChangeSubscriber
	ActChecker
}

// ActChecker answers before a write whether it would be allowed, so a
// screen refuses at once (before a note or reply is typed, before a bulk
// action asks y/n) and not at save. It is not in CaseReader: each
// restricting wrapper answers by its own rule.
type ActChecker interface {
	// MayAct reports whether the service would let author apply acts to
	// c as it is: nil, or the refusal (EDENIED) in the desk's words. The
	// actions' own rules (a status transition, an empty note) are Apply's.
	MayAct(c Case, author string, acts ...Action) error
}

// CaseReader is every read the screens make. It must stay free of
// writes: restricting wrappers pass it through unchecked.
type CaseReader interface {
	// Path is the database file, for the header and messages.
	Path() string
	// ReadOnly reports whether writes are refused.
	ReadOnly() bool

	Case(id CaseID) (Case, error)
	CaseByExternalID(ext string) (Case, error)
	Events(id CaseID) ([]Event, error)
	Customer(id CustomerID) (Customer, error)
	// CustomerCases lists a customer's cases, newest first, through the
	// customer → cases index.
	CustomerCases(id CustomerID) ([]Summary, error)
	// EachSummary calls fn for every case in id order without decoding
	// bodies; EachCustomer likewise for customers. fn's error stops the walk.
	EachSummary(fn func(Summary) error) error
	EachCustomer(fn func(Customer) error) error
	// QueueHead returns the first n cases with the given statuses, most
	// urgent first then by SLA due time, straight from an index: the first
	// screen of a million-case database without loading it.
	QueueHead(statuses []Status, n int) ([]Summary, error)
	Stats() (Stats, error)
	SLA() SLAPolicy

	Tags() ([]TagInfo, error)
	// Taxonomy is the tags as Tags, in a value shared and never changed,
	// the same while no write changes a tag: what screens suggest from.
	Taxonomy() (*Taxonomy, error)
	// TagDayCounts returns the non-zero tag × day counters for days in
	// [from, to), tag "" counting untagged cases.
	TagDayCounts(from, to Day) ([]TagDayCount, error)
	// AreaDayCounts returns the non-zero area × day counters for days in
	// [from, to): Tag is the area ("billing"), Count the distinct cases
	// carrying any tag of it, so that an area row counts cases, not tags.
	AreaDayCounts(from, to Day) ([]TagDayCount, error)

	Replies() ([]Reply, error)

	// SearchText finds the cases a query's words select, through the
	// word index (see TextSearcher).
	TextSearcher

	// A case's mail is read like the rest of the case. Replies are
	// written with Act(…, SendReply{…}), so CaseWriter's rules hold.
	ConversationReader

	// Routing is the desk's teams, nil when it has none.
	Routing() *Routing
	// Away lists the agents who are away (get no new cases), sorted.
	Away() ([]string, error)
	// OpenCounts is each agent's open cases (new, open, pending).
	OpenCounts() (map[string]int, error)
}

// CaseWriter changes cases.
type CaseWriter interface {
	// Act applies acts to a case as author, in one transaction. version is
	// the case version the caller based the acts on; if the case has changed
	// since, Act fails with ECONFLICT and changes nothing. version 0 skips
	// the check (bulk actions on the latest state), and so do acts that only
	// append (AppendOnly: a note, a reply), which conflict with nothing.
	Act(id CaseID, version uint64, author string, acts ...Action) (Case, error)
	// Import upserts rows by external id, in one transaction or several
	// (each row whole in one); on an error the result counts what the
	// transactions before it committed.
	Import(rows []ImportRow) (ImportResult, error)
}

// ImportSession imports one file's rows batch after batch, each batch as
// CaseWriter.Import; Close it when the file is done.
type ImportSession interface {
	Import(rows []ImportRow) (ImportResult, error)
	Close()
}

// SessionImporter is a CaseWriter that imports a file of many batches
// faster in one session (the store keeps the file's customers between
// batches).
type SessionImporter interface {
	BeginImport() ImportSession
}

// TaxonomyWriter is taxonomy care: tags changed on every case at once.
type TaxonomyWriter interface {
	// RenameTag renames a tag on every case, merging into to when it exists.
	RenameTag(from, to, author string) (int, error)
	// RenameArea renames area from to to on each of its tags (product/x
	// becomes goods/x, merging where goods/x exists), returning the tags
	// renamed and the distinct cases changed. Teams keep their cases.
	RenameArea(from, to, author string) (tags, cases int, err error)
	RetireTag(tag string, retired bool, author string) error
	// SetTagLabel sets a tag's readable label; "" removes it.
	SetTagLabel(tag, label, author string) error
}

// ReplyWriter changes the team's canned replies.
type ReplyWriter interface {
	SaveReply(r Reply) (Reply, error)
	DeleteReply(id uint64) error
}

// AvailabilityWriter says who takes new cases: :away and :back.
type AvailabilityWriter interface {
	// SetAway marks agent away (routing skips them) or back.
	SetAway(agent string, away bool) error
}

// BackupWriter copies the whole database, customers and all: a read, but
// of everything at once, so it is not in CaseReader.
type BackupWriter interface {
	// Backup writes a consistent copy of the database to w.
	Backup(w io.Writer) (int64, error)
}

// ChangeSubscriber hands out change notices. A session's wrapper decides
// when its notices end (an agent taken off the desk).
type ChangeSubscriber interface {
	// Subscribe returns a channel of change notices and a function that
	// ends the subscription.
	Subscribe() (<-chan Change, func())
}

// Clock is the time source; tests inject a fixed one.
type Clock func() time.Time

// ConversationReader is what the case pane reads of a case's mail. Replies
// are written with Act(…, SendReply{…}), so every write rule holds for
// them; intake and sending are the mail runner's (store.DB's mail methods),
// never an agent session's.
type ConversationReader interface {
	// Conversation lists case id's messages oldest first, notes included
	// (Dir DirNote, from the timeline). A case without an opening message
	// (imported from a file) starts with its body as an inbound message
	// (Seq 0).
	Conversation(id CaseID) ([]Message, error)
	// ConversationOf is Conversation of case c as the caller has read
	// it: its opening, when taken from the body, is c's Body, not read
	// from the store a second time (a screen opening a case had read a
	// 30 MB description twice).
	ConversationOf(c Case) ([]Message, error)
	// Attachment returns attachment i of message seq of case id with its
	// bytes.
	Attachment(id CaseID, seq uint64, i int) (Attachment, []byte, error)
	// RawMessage returns the message's original RFC 5322 bytes (inbound
	// as received; outbound as sent, once sent).
	RawMessage(id CaseID, seq uint64) ([]byte, error)
	// Outbox lists the outbound messages queued, sending or failed, oldest
	// first.
	Outbox() ([]Message, error)
}
