package store

import (
	"strings"
	"sync/atomic"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// customerCache carries an import's customers from one batch to the next,
// so that a repeat customer is neither looked up in customer_keys nor
// decoded again, and — while it holds every key of customer_keys, as in an
// import into a new file — a new one is known to be new without a lookup.
// These lookups were a fifth of an import's time.
//
// It is only trusted by the write that directly follows the one that left
// it up to date: any other write in between (an agent's action, another
// import, a failed batch) may have changed customers, so the next import
// batch starts it afresh.
type customerCache struct {
	// txid is the committed write it is up to date with (0: none); set
	// after that write's commit, outside bbolt's writer lock, hence atomic.
	txid     atomic.Int64
	complete bool                       // holds every identity key in customer_keys
	keys     map[string]*model.Customer // shared by a customer's keys
	records  map[model.CustomerID]*model.Customer
}

// maxCachedCustomers bounds the cache (~250 bytes an entry): past it, it
// starts again and later misses are looked up, so memory stays flat
// however many customers a file has.
var maxCachedCustomers = 100_000 // a var: tests lower it

// begin readies the cache for write tx: kept if tx directly follows the
// write it is up to date with, else emptied. Until committed says
// otherwise, it is trusted by no later write.
func (c *customerCache) begin(tx *bolt.Tx) {
	if last := c.txid.Load(); c.keys == nil || last == 0 || int64(tx.ID()) != last+1 {
		c.reset()
		k, _ := tx.Bucket(bucketCustomerKeys).Cursor().First()
		c.complete = k == nil
	}
	c.txid.Store(0)
}

// committed records that write txid, which began with begin, committed.
func (c *customerCache) committed(txid int) { c.txid.Store(int64(txid)) }

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
