package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/RoaringBitmap/roaring/v2"
	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// recount is the test's own reading of a case's texts, without the index
// or the fulltext package: lower case, the few accents the test writes
// taken off by hand, split on what is not a letter or digit.
type recount struct {
	texts  map[model.CaseID][]string            // every text of a case
	fields map[model.CaseID]map[string][]string // extra field name → its words
}

var unaccent = strings.NewReplacer("ü", "u", "é", "e", "è", "e", "ç", "c", "ö", "o", "ñ", "n")

func split(s string) []string {
	return strings.FieldsFunc(unaccent.Replace(strings.ToLower(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func readRecount(t *testing.T, db *DB) recount {
	t.Helper()
	rc := recount{texts: map[model.CaseID][]string{}, fields: map[model.CaseID]map[string][]string{}}
	err := db.EachSummary(func(s model.Summary) error {
		c, err := db.Case(s.ID)
		if err != nil {
			return err
		}
		texts := []string{c.Subject, c.Body, c.ExternalID, c.Recovery.Text}
		texts = append(texts, c.Tags...)
		rc.fields[c.ID] = map[string][]string{}
		for _, f := range c.Fields {
			texts = append(texts, f.Value)
			rc.fields[c.ID][model.FieldName(f.Key)] = append(rc.fields[c.ID][model.FieldName(f.Key)], strings.Join(split(f.Value), " "))
		}
		if c.CustomerID != 0 {
			cu, err := db.Customer(c.CustomerID)
			if err != nil {
				return err
			}
			texts = append(texts, cu.Name, cu.Email, cu.Phone)
		}
		evs, err := db.Events(c.ID)
		if err != nil {
			return err
		}
		for _, ev := range evs {
			if ev.Kind == model.EventNote || ev.Kind == model.EventReply {
				texts = append(texts, ev.To)
			}
		}
		conv, err := db.Conversation(c.ID)
		if err != nil {
			return err
		}
		for _, m := range conv {
			texts = append(texts, m.Subject, m.Text)
		}
		rc.texts[c.ID] = texts
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return rc
}

// holds reports whether one of texts holds words in a row, the last also
// as a prefix when prefix is set.
func holds(texts []string, words []string, prefix bool) bool {
	for _, text := range texts {
		ws := split(text)
		for i := 0; i+len(words) <= len(ws); i++ {
			ok := true
			for j, w := range words {
				last := j == len(words)-1
				if ws[i+j] != w && !(prefix && last && len(w) >= minPrefix && strings.HasPrefix(ws[i+j], w)) {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}

// isWord reports whether w is a whole word of some case.
func (rc recount) isWord(w string) bool {
	for _, texts := range rc.texts {
		if holds(texts, []string{w}, false) {
			return true
		}
	}
	return false
}

// want is the recount's answer to a query of terms and field filters.
// want recounts q; named maps a positive term to the case it names (its
// number or external id), which matches that term as if it held it.
func (rc recount) want(q model.Query, named map[string]model.CaseID) []model.CaseID {
	var out []model.CaseID
	prefix := map[string]bool{} // a word being typed that is no whole word
	for _, tm := range q.Terms() {
		if ws := split(tm.Text); tm.Prefix && len(ws) > 0 {
			prefix[tm.Text] = !rc.isWord(ws[len(ws)-1])
		}
	}
	for id, texts := range rc.texts {
		ok := true
		for _, tm := range q.Terms() {
			ws := split(tm.Text)
			if len(ws) == 0 {
				continue
			}
			has := holds(texts, ws, prefix[tm.Text]) || (!tm.Not && named[tm.Text] == id)
			if has == tm.Not {
				ok = false
			}
		}
		byName := map[string][2]int{} // positives seen, positives matched
		for _, f := range q.Filters() {
			if f.Key != "field" {
				continue
			}
			in := false
			for _, v := range rc.fields[id][f.Name] {
				if holds([]string{v}, split(f.Value), false) {
					in = true
				}
			}
			if f.Not && in {
				ok = false
			}
			if !f.Not {
				n := byName[f.Name]
				n[0]++
				if in {
					n[1]++
				}
				byName[f.Name] = n
			}
		}
		for _, n := range byName {
			if n[1] == 0 {
				ok = false
			}
		}
		if ok {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// searchDB is a database of generated cases with the texts the queries
// look for: accented names, numbers in bodies, notes.
// smallShards spreads the word index of a test's few hundred cases over
// many shards (128 ids each), so that every shard-crossing path runs.
func smallShards(t *testing.T) {
	old := shardBits
	shardBits = 7
	t.Cleanup(func() { shardBits = old })
}

func searchDB(t *testing.T) *DB {
	t.Helper()
	db, _ := openTest(t)
	g := newRowGen(11, 300)
	rows := g.batch(1500)
	names := []string{"Jürgen Müller", "François Çelik", "Renée Böhm", "Muñoz Peña"}
	for i := range rows {
		switch i % 7 {
		case 0:
			rows[i].Case.Body += fmt.Sprintf(" The error code was %d.", 400+i%5)
		case 3:
			rows[i].Customer = model.Customer{Name: names[i%len(names)], Email: fmt.Sprintf("p%d@example.org", i%40)}
		case 5:
			rows[i].Case.Body = "Nobody rang the bell, the parcel never arrived at the door."
		}
		if i%11 == 0 { // an extra field named like the team: key
			rows[i].Case.Fields = append(rows[i].Case.Fields, model.Field{Key: "Team", Value: "Night shift"})
		}
	}
	mustImport(t, db, rows)
	for id := model.CaseID(3); id < 1500; id += 97 {
		if _, err := db.Act(id, 0, "ana", model.AddNote{Text: "Called back: escrow shortage explained, Übergabe pending"}); err != nil {
			t.Fatal(err)
		}
	}
	for id := model.CaseID(5); id < 1500; id += 131 {
		rec := model.Recovery{Kind: "credit", Text: "Goodwill voucher sent by post"}
		if _, err := db.Act(id, 0, "ana", model.SetRecovery{Recovery: rec}); err != nil {
			t.Fatal(err)
		}
	}
	mustReceive(t, db, inbound("Zoë Quinn <zoe@example.net>", "Broken kettle", "<k1@example.net>",
		"The kettle arrived cracked. Schadensmeldung attached."), model.ReceivedNew)
	r := mustReceive(t, db, inbound("Zoë Quinn <zoe@example.net>", "Re: Broken kettle", "<k2@example.net>",
		"Any news about the cracked kettle?"), model.ReceivedNew)
	if _, err := db.Act(r.Case, 0, "ana", model.AddNote{Text: "kettle replacement sent"}); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestSearchTextMatchesRecount(t *testing.T) {
	smallShards(t)
	db := searchDB(t)
	rc := readRecount(t, db)
	for _, raw := range []string{
		"refund", "charged twice", "CHARGED Twice", `"never arrived"`, `"arrived never"`, "never -refund",
		"-refund", "muller", "Müller", "francois celik", "boehm", "bohm", "402", "error code was 402", "zzzznotaword 402", "402 refund", "402 -refund",
		`"error code was 402"`, "escrow", "ubergabe", "p7@example.org", "c12@example.com",
		"company:globex", `company:"acme bank"`, `company:"bank acme"`, "state:ca -state:ny", "state:ca state:ny refund",
		`product:"credit card" late`, "-state:ca", "billing", "double-charge", "cfpb-00000042", "nothingatall",
		"company:nosuch", "schadensmeldung", "kettle", `"cracked kettle"`, "zoe", "zoë quinn",
		"kettle -replacement", "voucher", `"goodwill voucher"`, `"voucher goodwill"`,
		`field.team:"night shift"`, "field.team:night refund", `-field.team:"shift night"`,
		`"escrow shortage"`, `"shortage escrow"`, `"jurgen muller"`, `"muller jurgen"`, `-"escrow shortage" escrow`,
	} {
		q, err := model.ParseQuery(raw)
		if err != nil {
			t.Fatal(err)
		}
		checkSearch(t, db, rc, raw, q)
	}
	// A field no case has is not a silent 0: the error names the fields.
	if _, err := db.SearchText(mustParse(t, "nosuchfield:x refund")); model.ErrorCode(err) != model.EINVALID ||
		!strings.Contains(err.Error(), "no field nosuchfield (fields: ") || !strings.Contains(err.Error(), "company") {
		t.Errorf("nosuchfield:x: %v", err)
	}
	for _, raw := range []string{"ref", "char", "esc", "muel", "mul", "never arr", "r", "refund", "late"} { // typing
		q, _ := model.ParseQuery(raw)
		checkSearch(t, db, rc, raw+" (typing)", q.Typing(raw))
	}
}

func checkSearch(t *testing.T, db *DB, rc recount, name string, q model.Query) {
	t.Helper()
	hits, err := db.SearchText(q)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	got := hits.IDs
	// A word that is a case number or an external id names that case too:
	// the case matches that word, and must pass the others and the
	// filters; where it does, it is first.
	nameds := map[string]model.CaseID{}
	for _, tm := range q.Terms() {
		if tm.Not {
			continue
		}
		var named model.CaseID
		if c, err := db.CaseByExternalID(tm.Text); err == nil {
			named = c.ID
		} else if n, err := fmt.Sscan(tm.Text, &named); n != 1 || err != nil {
			named = 0
		} else if _, err := db.Case(named); err != nil {
			named = 0
		}
		if named != 0 {
			nameds[tm.Text] = named
		}
	}
	want := rc.want(q, nameds)
	for _, id := range nameds {
		if _, in := slices.BinarySearch(want, id); !in {
			continue
		}
		if r, ok := hits.Has(id); !ok || r&model.RankFirst == 0 {
			t.Errorf("%s: case %d is not first", name, id)
		}
	}
	t.Logf("%s: %d hits", name, len(got))
	if !slices.Equal(got, want) {
		t.Errorf("%s: %d hits, recount %d\n extra %v\n missing %v", name, len(got), len(want),
			first(diff(got, want)), first(diff(want, got)))
	}
	if len(want) == 0 && strings.Contains(name, "never") && !strings.Contains(name, "arrived never") {
		t.Errorf("%s: the test data should hold it", name)
	}
}

func diff(a, b []model.CaseID) []model.CaseID {
	var out []model.CaseID
	for _, x := range a {
		if _, ok := slices.BinarySearch(b, x); !ok {
			out = append(out, x)
		}
	}
	return out
}

func first(ids []model.CaseID) []model.CaseID { return ids[:min(len(ids), 8)] }

func TestSearchTextRanks(t *testing.T) {
	db := searchDB(t)
	q, _ := model.ParseQuery("refund")
	hits, err := db.SearchText(q)
	if err != nil || len(hits.IDs) == 0 {
		t.Fatal(hits, err)
	}
	for i, id := range hits.IDs {
		c := mustCase(t, db, id)
		subject := holds([]string{c.Subject}, []string{"refund"}, false)
		if subject != (hits.Ranks[i]&model.RankPhrase != 0) {
			t.Fatalf("case %d: subject hit %v, rank %b", id, subject, hits.Ranks[i])
		}
		if hits.Ranks[i]&model.RankFields == 0 {
			t.Fatalf("case %d found in no field", id)
		}
	}
	q, _ = model.ParseQuery("5")
	if hits, _ := db.SearchText(q); len(hits.IDs) == 0 || hits.Ranks[slices.Index(hits.IDs, 5)]&model.RankFirst == 0 {
		t.Fatal("a bare case number names its case first")
	}
}

// TestWordIndexAfterRandomEdits is the property: whatever the writes, the
// word index equals a rebuild from the records (Check recounts it) and
// answers as the recount does.
func TestWordIndexAfterRandomEdits(t *testing.T) {
	smallShards(t)
	db, _ := openTest(t)
	g := newRowGen(5, 40)
	r := rand.New(rand.NewPCG(9, 9))
	mustImport(t, db, g.batch(200))
	words := []string{"refund", "müller", "escrow", "late", "parcel", "twice"}
	for step := range 60 {
		id := model.CaseID(1 + r.IntN(200))
		switch r.IntN(8) {
		case 0: // new rows
			mustImport(t, db, g.batch(1+r.IntN(30)))
		case 1: // a re-import that changes source text, a case twice in one batch
			rows := g.batch(6)
			for i := range rows {
				rows[i].Case.ExternalID = fmt.Sprintf("CFPB-%08d", 1+r.IntN(150))
				rows[i].Case.Body = "re-imported: " + words[r.IntN(len(words))]
			}
			rows[5].Case.ExternalID = rows[4].Case.ExternalID
			rows[5].Case.Body = "second thoughts"
			mustImport(t, db, rows)
		case 2:
			db.Act(id, 0, "ana", model.AddNote{Text: "note " + words[r.IntN(len(words))]})
		case 3:
			db.Act(id, 0, "ana", model.AddTag{Tag: "topic/" + words[r.IntN(len(words))]})
		case 4:
			c := mustCase(t, db, id)
			if len(c.Tags) > 0 {
				db.Act(id, 0, "ana", model.RemoveTag{Tag: c.Tags[0]})
			}
		case 5: // rename or merge
			tags, _ := db.Tags()
			if len(tags) > 1 {
				a, b := tags[r.IntN(len(tags))].Tag, tags[r.IntN(len(tags))].Tag
				if r.IntN(2) == 0 {
					b = "renamed/" + words[r.IntN(len(words))]
				}
				db.RenameTag(a, b, "lead")
			}
		case 6: // a customer learns a name: in a later write or in the same one
			// (the name is then a word of every case of theirs, and of
			// none they had), and a re-imported case moves to them before
			// or after
			email := fmt.Sprintf("late%d@example.com", step)
			rows := []model.ImportRow{g.next(), g.next()}
			rows[0].Customer = model.Customer{Email: email}
			rows[1].Customer = model.Customer{Email: email}
			learn := g.next()
			learn.Customer = model.Customer{Email: email, Name: "Renée Müller"}
			moved := g.next()
			moved.Case.ExternalID = fmt.Sprintf("CFPB-%08d", 1+r.IntN(150))
			moved.Customer = model.Customer{Email: email}
			away := rows[0] // and one of theirs moves to someone else first
			away.Customer = model.Customer{Email: "someone.else@example.com"}
			if r.IntN(2) == 0 {
				rows = append(rows, away, moved, learn)
			} else {
				rows = append(rows, away, learn, moved)
			}
			if r.IntN(2) == 0 {
				mustImport(t, db, rows)
			} else {
				mustImport(t, db, rows[:2])
				mustImport(t, db, rows[2:])
			}
		case 7: // a recovery written, rewritten or taken back
			text := "voucher " + words[r.IntN(len(words))]
			if r.IntN(3) == 0 {
				text = ""
			}
			db.Act(id, 0, "ana", model.SetRecovery{Recovery: model.Recovery{Kind: "credit", Text: text}})
		}
		if step%15 == 14 {
			mustCheck(t, db)
		}
	}
	mustCheck(t, db)
	rc := readRecount(t, db)
	for _, w := range append(words, "renamed", "topic", "renee", "voucher") {
		q, _ := model.ParseQuery(w)
		checkSearch(t, db, rc, w, q)
	}
}

func TestCheckFindsDamagedWordIndex(t *testing.T) {
	smallShards(t)
	db := searchDB(t)
	mustCheck(t, db)
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketWords)
		k, _ := b.Cursor().Seek([]byte("\x00\x00\x00\x00refund\x00"))
		if err := b.Delete(append([]byte(nil), k...)); err != nil {
			return err
		}
		k, v := b.Cursor().Seek([]byte("\x00\x00\x00\x00parcel\x00"))
		bad := append([]byte(nil), v...)
		if err := b.Put(append([]byte("\x00\x00\x00\x00ghostword"), k[4+len("parcel"):]...), bad); err != nil {
			return err
		}
		return b.Put([]byte("\x00\x00\x00\x00nobody\x00c"), []byte{0, 0, 7}) // a customer's word case 7's customer lacks
	})
	if err != nil {
		t.Fatal(err)
	}
	probs, err := db.Check()
	if err != nil {
		t.Fatal(err)
	}
	report := strings.Join(probs, "\n")
	// Keys begin with their shard (4 bytes), here shard 0.
	for _, want := range []string{`idx_words "\x00\x00\x00\x00refund\x00`, `idx_words "\x00\x00\x00\x00ghostword\x00`,
		`idx_words "\x00\x00\x00\x00nobody\x00c"`} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	if err := db.Repair(); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
	checkSearch(t, db, readRecount(t, db), "refund", mustParse(t, "refund"))
}

func mustParse(t *testing.T, s string) model.Query {
	t.Helper()
	q, err := model.ParseQuery(s)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// TestMigrateBuildsWordIndex opens a file made before the word index (schema
// 1, no word buckets): the migration indexes every case and customer.
func TestMigrateBuildsWordIndex(t *testing.T) {
	db := searchDB(t)
	path := db.Path()
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		tx.DeleteBucket(bucketWords)
		return tx.Bucket(bucketMeta).Put(metaSchema, u64(3))
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustCheck(t, db)
	checkSearch(t, db, readRecount(t, db), "muller escrow", mustParse(t, "muller escrow"))
}

// TestMigrateRekeysWordIndex opens a schema 7 file, whose word index keys
// end with a 16-bit shard (word|0x00|source|shard): migration 8 rebuilds
// it with the shard first, and search and check agree with the records.
func TestMigrateRekeysWordIndex(t *testing.T) {
	smallShards(t)
	db := searchDB(t)
	path := db.Path()
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketWords} {
			all := map[string]*roaring.Bitmap{} // term → every id, from today's index
			err := tx.Bucket(name).ForEach(func(k, v []byte) error {
				if all[string(k[4:])] == nil {
					all[string(k[4:])] = roaring.New()
				}
				return decodePosting(all[string(k[4:])], binary.BigEndian.Uint32(k), v)
			})
			if err != nil {
				return err
			}
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
			b, err := tx.CreateBucket(name)
			if err != nil {
				return err
			}
			for term, ids := range all { // the schema 7 layout: 16-bit shards, last
				shards := map[uint32]*roaring.Bitmap{}
				for _, id := range ids.ToArray() {
					if shards[id>>16] == nil {
						shards[id>>16] = roaring.New()
					}
					shards[id>>16].Add(id)
				}
				for shard, bm := range shards {
					if err := b.Put(binary.BigEndian.AppendUint32([]byte(term), shard), encodePosting(bm)); err != nil {
						return err
					}
				}
			}
		}
		return tx.Bucket(bucketMeta).Put(metaSchema, u64(7))
	})
	if err != nil {
		t.Fatal(err)
	}
	if probs, _ := db.Check(); len(probs) == 0 {
		t.Fatal("check finds nothing wrong with the old layout: the test does not test the migration")
	}
	db.Close()
	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustCheck(t, db)
	rc := readRecount(t, db)
	for _, q := range []string{"muller escrow", "refund", "parc", "goodwill"} {
		checkSearch(t, db, rc, q, mustParse(t, q))
	}
}

// TestMigrateIndexesRecoveryText opens a file of schema 6, whose word
// index did not hold recovery texts: after the migrations (7 adds their
// words, 8 rebuilds the index shard first) search finds them.
func TestMigrateIndexesRecoveryText(t *testing.T) {
	db := searchDB(t)
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		if err := dropWordsOf(tx, srcRecovery); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(metaSchema, u64(6))
	})
	if err != nil {
		t.Fatal(err)
	}
	db = reopen(t, db)
	mustCheck(t, db)
	checkSearch(t, db, readRecount(t, db), "goodwill", mustParse(t, "goodwill"))
}

// dropWordsOf takes the word index's keys of one source out, as a file
// made before that source was indexed had none.
func dropWordsOf(tx *bolt.Tx, src byte) error {
	b := tx.Bucket(bucketWords)
	var drop [][]byte
	b.ForEach(func(k, _ []byte) error {
		if i := bytes.IndexByte(k[4:], 0); i > 0 && k[4+i+1] == src { // k: shard(4)|word|0|source
			drop = append(drop, bytes.Clone(k))
		}
		return nil
	})
	if len(drop) == 0 {
		return fmt.Errorf("no words of source %c indexed", src)
	}
	for _, k := range drop {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// reopen closes db and opens its file again for writing (migrating it),
// closed when the test ends.
func reopen(t *testing.T, db *DB) *DB {
	t.Helper()
	path := db.Path()
	db.Close()
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestSearchTop holds the screenful against ordering every hit by rank,
// then creation, newest first.
func TestSearchTop(t *testing.T) {
	db := searchDB(t)
	defer func(n int) { smallTier = n }(smallTier)
	smallTier = 20 // walk idx_created for most tiers
	for _, raw := range []string{"refund", "never", "charged twice", "5 late"} {
		hits, err := db.SearchText(mustParse(t, raw))
		if err != nil {
			t.Fatal(err)
		}
		type hit struct {
			id   model.CaseID
			rank uint16
			at   int64
		}
		var all []hit
		for i, id := range hits.IDs {
			all = append(all, hit{id, hits.Ranks[i], mustCase(t, db, id).CreatedAt.UnixNano()})
		}
		slices.SortFunc(all, func(a, b hit) int {
			if a.rank != b.rank {
				return int(b.rank) - int(a.rank)
			}
			if a.at != b.at {
				if a.at > b.at {
					return -1
				}
				return 1
			}
			return int(b.id) - int(a.id)
		})
		top, err := db.SearchTop(hits, 50)
		if err != nil {
			t.Fatal(err)
		}
		if len(top) != min(50, len(all)) {
			t.Fatalf("%s: %d on screen of %d", raw, len(top), len(all))
		}
		for i := range top {
			if top[i].ID != all[i].id {
				t.Fatalf("%s: place %d is case %d, want %d", raw, i, top[i].ID, all[i].id)
			}
		}
	}
}

// TestMigrateMovesCustomerWordsToCases opens a schema 11 file, whose
// customers' words were indexed per customer in idx_customer_words:
// migration 12 makes them words of each customer's cases and drops the
// old bucket, and search and check agree with the records.
func TestMigrateMovesCustomerWordsToCases(t *testing.T) {
	smallShards(t)
	db := searchDB(t)
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		if err := dropWordsOf(tx, srcCustomer); err != nil {
			return err
		}
		old, err := tx.CreateBucket(bucketCustomerWordsOld)
		if err != nil {
			return err
		}
		if err := old.Put([]byte("\x00\x00\x00\x00muller\x00"), []byte{0, 0, 1}); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(metaSchema, u64(11))
	})
	if err != nil {
		t.Fatal(err)
	}
	db = reopen(t, db)
	mustCheck(t, db)
	db.bolt.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketCustomerWordsOld) != nil {
			t.Error("idx_customer_words is still there")
		}
		return nil
	})
	rc := readRecount(t, db)
	for _, q := range []string{"muller", "muller escrow", "jurgen", "p7 example", `"renee bohm"`, "zoe kettle"} {
		checkSearch(t, db, rc, q, mustParse(t, q))
	}
}

// A superscript is its digit, as in a search engine that folds NFKD: `m2`
// finds the case about 50 m², and so does `m²` (finding of session 5).
func TestSuperscriptDigitsAreDigits(t *testing.T) {
	db, _ := openTest(t)
	g := newRowGen(3, 10)
	rows := g.batch(3)
	rows[1].Case.Body = "The flat is 50 m² and the CO₂ alarm went off."
	mustImport(t, db, rows)
	for _, q := range []string{"m2", "m²", "co2 alarm", `"50 m2"`} {
		hits, err := db.SearchText(mustParse(t, q))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(hits.IDs, []model.CaseID{2}) {
			t.Errorf("%s: found %v, want case 2", q, hits.IDs)
		}
	}
	mustCheck(t, db)
}
