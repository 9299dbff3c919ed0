package store

import (
	"hash/maphash"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// customerCache carries an import's customers from one batch to the next,
// so that a repeat customer is neither looked up in customer_keys nor read
// from the customers bucket again, and — while it holds every key of
// customer_keys, as in an import into a new file — a new one is known to be
// new without a lookup. Those lookups land all over both buckets: they were
// a fifth of an import's time, and at a million cases the pages they
// touched were a third of its resident memory.
//
// It keeps no records, only what customerFor needs to tell that a row
// brings nothing new about a customer and says what the record says (its
// name, e-mail and phone are the words the case is indexed with): the
// customer's id, first contact, which of name, e-mail and phone it has and
// a hash of the three, under two independent hashes
// of the identity key (random seeds per process, so no file can be made to
// collide them). A row that may change the customer reads its record.
// Entries hold no pointers, so the collector does not scan them.
//
// An ImportSession owns one (importsession.go); a write outside a session
// uses a fresh one for that write alone.
type customerCache struct {
	complete bool                      // holds every identity key in customer_keys
	entries  map[uint64]cachedCustomer // by the first hash of the identity key; nil: not begun
}

type cachedCustomer struct {
	check uint64 // the second hash: a key sharing the first is told apart
	first int64  // first contact, unix nanoseconds
	words uint64 // wordsHash of the stored name, e-mail and phone
	id    uint32
	has   uint8 // hasName | hasEmail | hasPhone
}

// wordsHash hashes a customer's name, e-mail and phone, trimmed as
// customerFor stores them.
func wordsHash(name, email, phone string) uint64 {
	var h maphash.Hash
	h.SetSeed(keySeeds[0])
	for _, s := range [...]string{name, email, phone} {
		h.WriteString(strings.TrimSpace(s))
		h.WriteByte(0)
	}
	return h.Sum64()
}

const (
	hasName uint8 = 1 << iota
	hasEmail
	hasPhone
)

var keySeeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

// maxCachedCustomers bounds the cache (~40 bytes an entry): past it, it
// starts again and later misses are looked up, so memory stays flat
// however many customers a file has.
var maxCachedCustomers = 1 << 20 // a var: tests lower it

// begin readies the cache for write tx: kept when trusted (nothing but its
// own session wrote since it was filled), else emptied.
func (c *customerCache) begin(tx *bolt.Tx, trusted bool) {
	if trusted && c.entries != nil {
		return
	}
	c.reset()
	k, _ := tx.Bucket(bucketCustomerKeys).Cursor().First()
	c.complete = k == nil
}

func (c *customerCache) reset() {
	c.entries = map[uint64]cachedCustomer{}
	c.complete = false
}

// lookup returns the cached id of the customer with identity key when row
// in, first contact at, would not change it: the id (0 when unknown or
// when the customer must be read), and known, which says that a 0 means
// there is no such customer.
func (c *customerCache) lookup(key string, in *model.Customer, at time.Time) (id model.CustomerID, known bool) {
	e, ok := c.entries[maphash.String(keySeeds[0], key)]
	if !ok {
		return 0, c.complete
	}
	if e.check != maphash.String(keySeeds[1], key) || !e.holds(in, at) {
		return 0, false
	}
	return model.CustomerID(e.id), true
}

// holds reports whether the cached customer already has what row in, first
// contact at, could give it (customerFor's rules), and the row's name,
// e-mail and phone are the stored ones. A row that leaves one out is read:
// the case needs the customer's words.
func (e cachedCustomer) holds(in *model.Customer, at time.Time) bool {
	if at.Before(model.EarliestCreated) || !at.Before(model.LatestCreated) || e.first == 0 || at.UnixNano() < e.first {
		return false
	}
	if wordsHash(in.Name, in.Email, in.Phone) != e.words {
		return false
	}
	for _, f := range [...]struct {
		bit uint8
		v   string
	}{{hasName, in.Name}, {hasEmail, in.Email}, {hasPhone, in.Phone}} {
		if e.has&f.bit == 0 && strings.TrimSpace(f.v) != "" {
			return false
		}
	}
	return true
}

// remember notes that key names cu, as now written.
func (c *customerCache) remember(key string, cu model.Customer) {
	if uint64(cu.ID) > 1<<32-1 || cu.FirstContact.Before(model.EarliestCreated) || !cu.FirstContact.Before(model.LatestCreated) {
		c.complete = false // not held: such a customer is looked up each time
		return
	}
	h := maphash.String(keySeeds[0], key)
	e := cachedCustomer{check: maphash.String(keySeeds[1], key), first: cu.FirstContact.UnixNano(), id: uint32(cu.ID),
		words: wordsHash(cu.Name, cu.Email, cu.Phone)}
	if old, ok := c.entries[h]; ok && old.check != e.check {
		return // another key with the same first hash keeps its place; this one is looked up
	}
	if len(c.entries) >= maxCachedCustomers {
		c.reset() // complete no more: later misses are looked up
	}
	for _, f := range [...]struct {
		bit uint8
		v   string
	}{{hasName, cu.Name}, {hasEmail, cu.Email}, {hasPhone, cu.Phone}} {
		if f.v != "" {
			e.has |= f.bit
		}
	}
	c.entries[h] = e
}
