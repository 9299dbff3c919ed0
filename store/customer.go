package store

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// Customer returns customer id.
func (db *DB) Customer(id model.CustomerID) (cu model.Customer, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		cu, err = findCustomer(db, rtx{tx}, id)
		return err
	})
	return cu, err
}

func findCustomer(db *DB, g getter, id model.CustomerID) (model.Customer, error) {
	v := g.get(bucketCustomers, customerKey(id))
	if v == nil {
		return model.Customer{}, model.Errorf(model.ENOTFOUND, "customer %d not found", id)
	}
	cu, err := decodeCustomer(v)
	if err != nil {
		return model.Customer{}, db.corrupt("customer", customerKey(id), err)
	}
	return cu, nil
}

// CustomerCases lists customer id's cases through idx_customer, newest
// first. Each entry holds its case's summary (customerCaseSummary): the
// cases are read side by side with their keys, no case record is looked
// up.
func (db *DB) CustomerCases(id model.CustomerID) (out []model.Summary, err error) {
	err = db.view(func(tx *bolt.Tx) error {
		// The entries first, then the summaries decoded into a slice of
		// their number: a summary is large, and growing the slice copied
		// them over and over (the walk seeks once a shard: not twice).
		type kv struct{ k, v []byte }
		es := make([]kv, 0, 64)
		size := 0
		err := eachCustomerCase(tx.Bucket(bucketCustomerIdx).Cursor(), id, func(k, v []byte) error {
			es = append(es, kv{k, v})
			size += len(v)
			return nil
		})
		if err != nil {
			return err
		}
		// The summaries' strings share one copy of the entries, made
		// once, instead of two or three strings a case: a customer's
		// cases are kept and dropped together (the case pane's card).
		arena := make([]byte, 0, size)
		out = make([]model.Summary, len(es))
		for i, e := range es {
			at := len(arena)
			arena = append(arena, e.v...)
			if out[i], err = readSummary(decoder{b: arena[at:], view: true}); err != nil || out[i].ID != idOf(e.k) {
				return db.corrupt("idx_customer entry", e.k, cmp.Or(err, errCorrupt))
			}
		}
		return nil
	})
	return newestFirst(out), err
}

// newestFirst orders summaries by creation, newest first, then by id, in
// place. It sorts small keys and moves each summary once: sorting the summaries
// themselves moved ~250-byte structs with write barriers, a third of
// CustomerCases' CPU in the load test (whose customers have ~67 cases).
func newestFirst(cases []model.Summary) []model.Summary {
	if len(cases) < 2 {
		return cases
	}
	type key struct {
		sec  int64 // CreatedAt: Unix and Nanosecond hold any time, UnixNano does not
		nsec int
		id   model.CaseID
		i    int
	}
	keys := make([]key, len(cases))
	for i := range cases {
		t := cases[i].CreatedAt
		keys[i] = key{t.Unix(), t.Nanosecond(), cases[i].ID, i}
	}
	slices.SortFunc(keys, func(a, b key) int { // ids are unique: a total order
		if c := cmp.Compare(b.sec, a.sec); c != 0 {
			return c
		}
		if c := cmp.Compare(b.nsec, a.nsec); c != 0 {
			return c
		}
		return cmp.Compare(b.id, a.id)
	})
	// In place, along the cycles of the order: summary keys[j].i goes to
	// j, each moved once (a second slice of them was a copy per open).
	for s := range keys {
		if keys[s].i < 0 || keys[s].i == s {
			continue
		}
		first, j := cases[s], s
		for {
			k := keys[j].i
			keys[j].i = -1
			if k == s {
				cases[j] = first
				break
			}
			cases[j] = cases[k]
			j = k
		}
	}
	return cases
}

// eachCustomerCase calls fn with every idx_customer entry of customer cu:
// one seek per shard that has keys (keys.go: the shard comes first).
func eachCustomerCase(c *bolt.Cursor, cu model.CustomerID, fn func(k, v []byte) error) error {
	prefix := binary.BigEndian.AppendUint64(make([]byte, 4, 12), uint64(cu))
	for shard := uint64(0); shard <= math.MaxUint32; {
		binary.BigEndian.PutUint32(prefix, uint32(shard))
		k, v := c.Seek(prefix)
		if k == nil {
			return nil
		}
		if ks := uint64(binary.BigEndian.Uint32(k)); ks > shard {
			shard = ks // no key of the shards before: seek there
			continue
		}
		for ; k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if err := fn(k, v); err != nil {
				return err
			}
		}
		shard++
	}
	return nil
}

// EachSummary calls fn for every case in id order, decoding only summaries.
// Equal strings (tags, channels, assignees) are shared between summaries.
func (db *DB) EachSummary(fn func(model.Summary) error) error {
	return db.view(func(tx *bolt.Tx) error {
		intern := map[string]string{}
		return tx.Bucket(bucketCases).ForEach(func(k, v []byte) error {
			s, err := decodeSummary(v, intern)
			if err != nil {
				return db.corrupt("case", k, err)
			}
			if len(intern) > 100_000 {
				intern = map[string]string{} // many distinct values: stop sharing
			}
			return fn(s)
		})
	})
}

// EachCustomer calls fn for every customer in id order.
func (db *DB) EachCustomer(fn func(model.Customer) error) error {
	return db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketCustomers).ForEach(func(k, v []byte) error {
			cu, err := decodeCustomer(v)
			if err != nil {
				return db.corrupt("customer", k, err)
			}
			return fn(cu)
		})
	})
}

// customerFor finds the customer named by in (by identity key) or creates
// one, first contact at; it returns 0 when in has no identity.
func (w *wtx) customerFor(in model.Customer, at time.Time) (model.CustomerID, error) {
	key := in.IdentityKey()
	if key == "" {
		return 0, nil
	}
	cache := w.customerCache()
	id, known := cache.lookup(key, &in, at)
	if id != 0 {
		// Nothing new about a customer the cache knows, and the row says
		// what the record does: its words are the cases' (indexCaseText).
		w.knowCustomer(model.Customer{ID: id, Name: strings.TrimSpace(in.Name), Email: strings.TrimSpace(in.Email),
			Phone: strings.TrimSpace(in.Phone)})
		return id, nil
	}
	if !known {
		id = w.customerByIdentity(key)
	}
	if id != 0 {
		cu, _, err := w.learnCustomer(id, key, in, at)
		if err != nil {
			return 0, err
		}
		cache.remember(key, cu) // repeat customers are common in an import
		return cu.ID, nil
	}
	seq, err := w.bucket(bucketCustomers).NextSequence()
	if err != nil {
		return 0, err
	}
	cu := model.Customer{ID: model.CustomerID(seq), Name: strings.TrimSpace(in.Name), Email: strings.TrimSpace(in.Email),
		Phone: strings.TrimSpace(in.Phone), FirstContact: at.UTC()}
	w.put(bucketCustomerKeys, identityKey(cu.ID, key), customerKey(cu.ID))
	w.putCustomer(nil, &cu)
	cache.remember(key, cu)
	w.counts[countCustomers]++
	return cu.ID, nil
}

// learnCustomer fills in customer id what in says and the record does not
// (keeping what it does), known to the row by key; learnt says whether the
// record changed.
func (w *wtx) learnCustomer(id model.CustomerID, key string, in model.Customer, at time.Time) (cu model.Customer, learnt bool, err error) {
	if cu, err = findCustomer(w.db, w, id); err != nil {
		return cu, false, err
	}
	before := cu
	if cu.FirstContact.IsZero() || at.Before(cu.FirstContact) {
		cu.FirstContact = at
	}
	fillEmpty(&cu.Name, in.Name)
	fillEmpty(&cu.Email, in.Email)
	fillEmpty(&cu.Phone, in.Phone)
	if cu == before {
		return cu, false, nil
	}
	learnt = cu.Name != before.Name || cu.Email != before.Email || cu.Phone != before.Phone
	w.putCustomer(&before, &cu)
	// A newly learnt e-mail becomes the identity: index it too.
	if k := cu.IdentityKey(); k != key && w.customerByIdentity(k) == 0 {
		w.put(bucketCustomerKeys, identityKey(cu.ID, k), customerKey(cu.ID))
		w.customerCache().remember(k, cu)
	}
	return cu, learnt, nil
}

func fillEmpty(dst *string, v string) {
	if *dst == "" {
		*dst = strings.TrimSpace(v)
	}
}

// putCustomer stores cu, changed from old (nil for a new customer).
func (w *wtx) putCustomer(old, cu *model.Customer) {
	w.put(bucketCustomers, customerKey(cu.ID), encodeCustomer(cu))
	w.customerWordsChanged(old, cu)
	w.touchCustomer(*cu)
}

// sameCustomer reports whether row customer in is already case customer id,
// without creating anything.
func (w *wtx) sameCustomer(in model.Customer, id model.CustomerID) bool {
	key := in.IdentityKey()
	if key == "" {
		return id == 0
	}
	return model.CustomerID(getU64(w.get(bucketCustomerKeys, identityKey(id, key)))) == id
}

// customerByIdentity finds the customer whose identity key is identity,
// 0 when none: one look per epoch of customer ids, newest first.
func (w *wtx) customerByIdentity(identity string) model.CustomerID {
	last := customerEpoch(model.CustomerID(w.bucket(bucketCustomers).Sequence()))
	k := append(make([]byte, 4, 4+len(identity)), identity...)
	for e := int64(last); e >= 0; e-- {
		binary.BigEndian.PutUint32(k, uint32(e))
		if id := getU64(w.get(bucketCustomerKeys, k)); id != 0 {
			return model.CustomerID(id)
		}
	}
	return 0
}
