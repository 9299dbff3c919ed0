package store

import (
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// customerCache carries an import's customers from one batch to the next,
// so that a repeat customer is neither looked up in customer_keys nor
// decoded again, and — while it holds every key of customer_keys, as in an
// import into a new file — a new one is known to be new without a lookup.
// These lookups were a fifth of an import's time.
//
// An ImportSession owns one (importsession.go); a write outside a session
// uses a fresh one for that write alone.
type customerCache struct {
	complete bool                       // holds every identity key in customer_keys
	keys     map[string]*model.Customer // shared by a customer's keys; nil: not begun
	records  map[model.CustomerID]*model.Customer
}

// maxCachedCustomers bounds the cache (~250 bytes an entry): past it, it
// starts again and later misses are looked up, so memory stays flat
// however many customers a file has.
var maxCachedCustomers = 100_000 // a var: tests lower it

// begin readies the cache for write tx: kept when trusted (nothing but its
// own session wrote since it was filled), else emptied.
func (c *customerCache) begin(tx *bolt.Tx, trusted bool) {
	if trusted && c.keys != nil {
		return
	}
	c.reset()
	k, _ := tx.Bucket(bucketCustomerKeys).Cursor().First()
	c.complete = k == nil
}

func (c *customerCache) reset() {
	c.keys = map[string]*model.Customer{}
	c.records = map[model.CustomerID]*model.Customer{}
	c.complete = false
}

// lookup returns the customer with identity key: found says whether it
// exists, known whether the cache could tell (else look in the store).
func (c *customerCache) lookup(key string) (cu model.Customer, found, known bool) {
	if p, ok := c.keys[key]; ok {
		return *p, true, true
	}
	return model.Customer{}, false, c.complete
}

// remember notes that key names cu, as now written.
func (c *customerCache) remember(key string, cu model.Customer) {
	if p, ok := c.keys[key]; ok && *p == cu {
		return
	}
	if len(c.records) >= maxCachedCustomers {
		c.reset() // complete no more: later misses are looked up
	}
	// Copies: the row's strings may share memory with a whole CSV record.
	cu.Name, cu.Email, cu.Phone = strings.Clone(cu.Name), strings.Clone(cu.Email), strings.Clone(cu.Phone)
	p := c.records[cu.ID]
	if p == nil {
		p = new(model.Customer)
		c.records[cu.ID] = p
	}
	*p = cu // every key of the customer sees the update
	if _, ok := c.keys[key]; !ok {
		c.keys[strings.Clone(key)] = p
	}
}
