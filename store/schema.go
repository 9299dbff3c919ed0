package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// Every bucket of the file, in one place (etcd's schema package).
//
// idx_queue also answers "cases with status s (and priority p)" by prefix,
// which is why there is no separate status or priority index: nothing read
// them, and they cost a fifth of an import's puts.
var (
	bucketMeta         = []byte("meta")          // schema version, SLA policy, agents' drafts (drafts.go)
	bucketCases        = []byte("cases")         // id(8) → case record
	bucketCustomers    = []byte("customers")     // id(8) → customer record
	bucketCustomerKeys = []byte("customer_keys") // epoch(4)|identity key → id(8) (keys.go)
	bucketEvents       = []byte("events")        // case(8)|seq(8) → event record
	bucketExternal     = []byte("idx_external")  // external id → case id(8)
	bucketCreated      = []byte("idx_created")   // created(8)|id(8)
	bucketCustomerIdx  = []byte("idx_customer")  // shard(4)|customer(8)|case(8) (keys.go) → the case's summary record
	bucketTagIdx       = []byte("idx_tag")       // tag|0x00|id(8)
	bucketQueue        = []byte("idx_queue")     // status(1)|priority(1)|due(8)|id(8)
	bucketCounts       = []byte("counts")        // counter name → int64(8)
	bucketTagDay       = []byte("tag_day")       // tag|0x00|day(4) → int64(8)
	bucketAreaDay      = []byte("area_day")      // area|0x00|day(4) → int64(8): distinct cases with a tag in the area
	bucketTags         = []byte("tags")          // tag → tag record
	bucketTagChanges   = []byte("tag_changes")   // seq(8) → tag change record
	bucketReplies      = []byte("replies")       // id(8) → reply record
	bucketFieldKeys    = []byte("field_keys")    // extra-field key → order(8)
	bucketWords        = []byte("idx_words")     // shard(4)|word|0x00|source → case ids (words.go)
	bucketRouting      = []byte("routing")       // last|team → agent (round-robin turn), away|agent → 1
)

// schema is every bucket with what Repair does with it and whether a write
// reads its own writes back from it (wtx buffers the others write-only).
// allBuckets, indexBuckets, rebuiltBuckets and readBack are views of it.
var schema = []struct {
	name     []byte
	repair   repairKind
	readBack bool
}{
	{bucketMeta, repairKeeps, true},
	{bucketCases, repairKeeps, true},
	{bucketCustomers, repairKeeps, true},
	{bucketCustomerKeys, repairRebuilds, true},
	{bucketEvents, repairKeeps, false},
	{bucketExternal, repairCaseIndex, true},
	{bucketCreated, repairCaseIndex, false},
	{bucketCustomerIdx, repairCaseIndex, false},
	{bucketTagIdx, repairCaseIndex, false},
	{bucketQueue, repairCaseIndex, false},
	{bucketCounts, repairRebuilds, true},
	{bucketTagDay, repairRebuilds, true},
	{bucketAreaDay, repairRebuilds, true},
	{bucketTags, repairKeeps, true},
	{bucketTagChanges, repairKeeps, false},
	{bucketReplies, repairKeeps, true},
	{bucketFieldKeys, repairKeeps, true},
	{bucketWords, repairKeeps, false}, // built by its migration and kept by every write
	{bucketMessages, repairKeeps, true},
	{bucketMsgRaw, repairKeeps, false},
	{bucketMsgFiles, repairKeeps, false},
	{bucketMsgID, repairRebuilds, true},
	{bucketOutbox, repairRebuilds, true},
	{bucketSkipped, repairKeeps, false},
	{bucketRouting, repairKeeps, true},
}

// repairKind is what Repair does with a bucket.
type repairKind uint8

const (
	repairKeeps     repairKind = iota // records: the data itself
	repairCaseIndex                   // derived from the case records alone; Check walks it back to them
	repairRebuilds                    // other derived data (counters, keys, mail indexes)
)

var (
	allBuckets   = bucketsWhere(func(repairKind, bool) bool { return true })
	indexBuckets = bucketsWhere(func(k repairKind, _ bool) bool { return k == repairCaseIndex })
	// rebuiltBuckets are what Repair drops and rebuilds.
	rebuiltBuckets = bucketsWhere(func(k repairKind, _ bool) bool { return k != repairKeeps })
	// readBack lists the buckets a write reads its own writes from.
	readBack = func() map[string]bool {
		m := map[string]bool{}
		for _, b := range bucketsWhere(func(_ repairKind, rb bool) bool { return rb }) {
			m[string(b)] = true
		}
		return m
	}()
)

func bucketsWhere(keep func(repairKind, bool) bool) [][]byte {
	var out [][]byte
	for _, b := range schema {
		if keep(b.repair, b.readBack) {
			out = append(out, b.name)
		}
	}
	return out
}

// Keys of the meta bucket.
var (
	metaSchema = []byte("schema") // uint64(8)
	metaSLA    = []byte("sla")
	// metaTeamSLA is the teams' SLA policies that idx_queue's due times
	// were computed with; a writer opening with other ones rebuilds it.
	metaTeamSLA = []byte("team_sla")
)

// Counter names in the counts bucket; per-status counters use statusCountKey.
const (
	countCases     = "cases"
	countCustomers = "customers"
)

// migration moves a database from version-1 to version. They run in order,
// all in one transaction, when a writer opens an older file.
type migration struct {
	version uint64
	what    string
	up      func(tx *bolt.Tx, opt *Options) error
}

var migrations = []migration{
	{1, "create buckets, store the SLA policy, seed canned replies", migrateCreate},
	{2, "add the mail buckets: messages, raw mail, attachments, Message-IDs, outbox", migrateMail},
	{3, "count distinct cases per area and day", migrateAreaDay},
	{4, "index the words of every case, note, message and customer", migrateWords},
	{5, "add the routing bucket and count each agent's open cases", migrateRouting},
	{6, "keep when each tag was first and last added to a case, and its label", migrateTagUse},
	{7, "index the words of every case's recovery text", migrateRecoveryWords},
	{8, "key the word index by shard first, so imports append to it", migrateWords},
	{9, "one first-response record: each case's clock from its history, the first_reply bucket dropped", migrateFirstReply},
	{10, "key idx_customer and customer_keys by case shard and customer epoch first, so imports append to them", migrateCustomerKeys},
	{11, "cases may keep a next-reply clock (case records v3), which an older caredesk cannot read", migrateNextReply},
	{12, "index each customer's name, e-mail and phone as words of their cases (one lookup for a name), and superscript digits as digits", migrateWords},
	{13, "keep each case's summary beside its key in idx_customer, so a customer's cases are one range read", migrateCustomerSummaries},
}

// SchemaVersion is the schema this binary reads and writes.
var SchemaVersion = migrations[len(migrations)-1].version

// migrateNextReply changes no record: a case gets the next-reply clock
// (model.MarkAwaiting) at its customer's next message. The version only
// keeps an older caredesk, which cannot read a v3 case record, off the
// file.
func migrateNextReply(tx *bolt.Tx, opt *Options) error { return nil }

func migrateCreate(tx *bolt.Tx, opt *Options) error {
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	sla := model.DefaultSLA
	if opt.SLA != nil {
		sla = *opt.SLA
	}
	if err := tx.Bucket(bucketMeta).Put(metaSLA, encodeSLA(sla)); err != nil {
		return err
	}
	return seedReplies(tx)
}

// migrateWords builds the word index of a database made before it (4),
// or before its keys began with the shard (8), or before customers' words
// were their cases' and ² was 2 (12): it empties the index, and the
// rebuild runs in steps of their own once the migrations are committed
// (wordrebuild.go).
func migrateWords(tx *bolt.Tx, opt *Options) error {
	return startWordsRebuild(tx)
}

// migrateRecoveryWords adds the words of recovery texts, which older
// files did not index, to the word index: only the cases that have one
// are touched.
func migrateRecoveryWords(tx *bolt.Tx, opt *Options) error {
	w := newWtx(tx, migrationDB("the database"))
	err := tx.Bucket(bucketCases).ForEach(func(k, v []byte) error {
		c, err := decodeCase(v)
		if err != nil {
			return fmt.Errorf("case %d: %w", getU64(k), err)
		}
		w.indexNote(c.ID, srcRecovery, c.Recovery.Text)
		return nil
	})
	if err != nil {
		return err
	}
	if err := w.applyPostings(); err != nil {
		return err
	}
	return w.flushPending()
}

// migrateAreaDay fills the area × day counters from the case records: an
// area row used to be the sum of its tags' rows, which counts a case with
// two of the area's tags twice.
func migrateAreaDay(tx *bolt.Tx, opt *Options) error {
	b, err := tx.CreateBucketIfNotExists(bucketAreaDay)
	if err != nil {
		return err
	}
	counts := map[string]int64{}
	err = tx.Bucket(bucketCases).ForEach(func(k, v []byte) error {
		c, err := decodeCase(v)
		if err != nil {
			return fmt.Errorf("case %d: %w", getU64(k), err)
		}
		day := model.DayOf(c.CreatedAt)
		for _, a := range caseAreas(c.Tags) {
			counts[string(tagDayKey(a, day))]++
		}
		return nil
	})
	if err != nil {
		return err
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if err := b.Put([]byte(k), u64(uint64(counts[k]))); err != nil {
			return err
		}
	}
	return nil
}

// migrateRouting adds what teams need to an older file: the routing
// bucket and the per-agent open-case counters countCase now keeps.
func migrateRouting(tx *bolt.Tx, opt *Options) error {
	if _, err := tx.CreateBucketIfNotExists(bucketRouting); err != nil {
		return err
	}
	open := map[string]int64{}
	err := tx.Bucket(bucketCases).ForEach(func(k, v []byte) error {
		s, err := decodeSummary(v, nil)
		if err != nil {
			return fmt.Errorf("case %d: %w", getU64(k), err)
		}
		if s.Assignee != "" && s.Status.Active() {
			open[openCountKey(s.Assignee)]++
		}
		return nil
	})
	if err != nil {
		return err
	}
	counts := tx.Bucket(bucketCounts)
	for k, n := range open {
		if err := counts.Put([]byte(k), u64(uint64(n))); err != nil {
			return err
		}
	}
	return nil
}

// bucketNames lists the file's top-level buckets, at most a few.
func bucketNames(db *bolt.DB) []string {
	var names []string
	_ = db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
			if len(names) == 5 {
				names = append(names, "…")
				return errStop
			}
			names = append(names, fmt.Sprintf("%q", name))
			return nil
		})
	})
	return names
}

var errStop = errors.New("stop")

func schemaVersion(tx *bolt.Tx) uint64 {
	b := tx.Bucket(bucketMeta)
	if b == nil {
		return 0
	}
	return getU64(b.Get(metaSchema))
}

// migrate brings the file up to SchemaVersion, or refuses a newer one, and
// says which version the file is at when it returns (older only AsFound).
func migrate(db *bolt.DB, path string, opt *Options) (uint64, error) {
	var have uint64
	if err := db.View(func(tx *bolt.Tx) error { have = schemaVersion(tx); return nil }); err != nil {
		return 0, err
	}
	if have > SchemaVersion {
		return 0, model.Errorf(model.EINVALID, "%s has schema version %d, newer than this caredesk understands (%d): use a newer caredesk", path, have, SchemaVersion)
	}
	// A file whose word index is being rebuilt is at the new schema but
	// not finished (wordrebuild.go).
	rebuilding := have == SchemaVersion && wordsRebuildPending(db)
	if have == SchemaVersion && !rebuilding {
		return have, nil
	}
	if have == 0 {
		// No schema version: a new file, or another program's bbolt file,
		// which must not be quietly filled with caredesk's buckets.
		if others := bucketNames(db); len(others) > 0 {
			return 0, model.Errorf(model.EINVALID, "%s is not a caredesk database: it is a bbolt file of another program (buckets %s)", path, strings.Join(others, ", "))
		}
	}
	if opt.ReadOnly && opt.AsFound && have > 0 {
		return have, nil
	}
	if opt.ReadOnly && rebuilding {
		return 0, wordsRebuildRefused(path)
	}
	if opt.ReadOnly {
		// The reader did not ask for --read-only: report, export and check
		// open read-only to run beside the app. Say what upgrades the file
		// and how to keep a copy from before.
		if have == 0 {
			return 0, model.Errorf(model.EINVALID, "%s was created but never written (no caredesk schema yet) and needs upgrading: 'caredesk upgrade --db %s' sets it up (so does the app or an import)", path, path)
		}
		return 0, model.Errorf(model.EINVALID, "%s was written by an older caredesk (schema %d; this one reads %d) and needs upgrading: 'caredesk upgrade --db %s' upgrades it (so does opening it in the app, import or serve); 'caredesk backup' first keeps a copy as it is",
			path, have, SchemaVersion, path)
	}
	err := db.Update(func(tx *bolt.Tx) error {
		for _, m := range migrations {
			if m.version <= have {
				continue
			}
			if err := m.up(tx, opt); err != nil {
				return fmt.Errorf("migrate %s to schema %d (%s): %w", path, m.version, m.what, err)
			}
			if err := tx.Bucket(bucketMeta).Put(metaSchema, u64(m.version)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	// The word index is rebuilt last, in steps: no migration needs it whole.
	return SchemaVersion, finishWordsRebuild(db, path)
}

// The mail buckets (schema 2). A message's record sits under its case;
// its raw bytes and attachments under its seq, which comes from the
// messages bucket's sequence and is unique across cases.
var (
	bucketMessages      = []byte("messages")     // case(8)|seq(8) → message record
	bucketMsgRaw        = []byte("msg_raw")      // seq(8) → the original RFC 5322 bytes
	bucketMsgFiles      = []byte("msg_files")    // seq(8)|index(2) → attachment bytes
	bucketMsgID         = []byte("idx_msgid")    // Message-ID (or "sha256:HEX") → case(8)|seq(8); case 0: skipped mail
	bucketOutbox        = []byte("outbox")       // seq(8) → case(8): replies queued, sending or failed
	bucketFirstReplyOld = []byte("first_reply")  // until schema 9: case(8) → time(8); now Case.FirstReply
	bucketSkipped       = []byte("mail_skipped") // seq(8) → message record: recognised mail with no case
)

var mailBuckets = [][]byte{bucketMessages, bucketMsgRaw, bucketMsgFiles, bucketMsgID, bucketOutbox, bucketSkipped}

func migrateMail(tx *bolt.Tx, _ *Options) error {
	for _, name := range mailBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}
