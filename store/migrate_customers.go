package store

import (
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/caredesk/caredesk/model"
)

// migrateCustomerKeys moves idx_customer and customer_keys to keys that
// begin with a shard of case ids and an epoch of customer ids (schema 10,
// keys.go), so that an import appends to both. Every identity key moves,
// also those a customer kept from before it had an e-mail.
func migrateCustomerKeys(tx *bolt.Tx, _ *Options) error {
	keys := map[string]uint64{}
	if b := tx.Bucket(bucketCustomerKeys); b != nil {
		if err := b.ForEach(func(k, v []byte) error { keys[string(k)] = getU64(v); return nil }); err != nil {
			return err
		}
	}
	if err := emptyBucket(tx, bucketCustomerKeys); err != nil {
		return err
	}
	w := newWtx(tx, migrationDB("the database"))
	defer w.resetPending()
	for k, id := range keys {
		w.put(bucketCustomerKeys, identityKey(model.CustomerID(id), oldIdentity(k, id)), u64(id))
	}
	return rebuildCustomerIdx(tx, w)
}

// migrateCustomerSummaries puts each case's summary beside its key in
// idx_customer (schema 13), so that a customer's cases are one range read.
func migrateCustomerSummaries(tx *bolt.Tx, _ *Options) error {
	w := newWtx(tx, migrationDB("the database"))
	defer w.resetPending()
	return rebuildCustomerIdx(tx, w)
}

// rebuildCustomerIdx writes idx_customer again from the case records,
// through w, which it flushes.
func rebuildCustomerIdx(tx *bolt.Tx, w *wtx) error {
	if err := emptyBucket(tx, bucketCustomerIdx); err != nil {
		return err
	}
	err := tx.Bucket(bucketCases).ForEach(func(k, v []byte) error {
		s, err := decodeSummary(v, nil)
		if err != nil {
			return fmt.Errorf("case %d: %w", getU64(k), err)
		}
		if s.CustomerID != 0 {
			w.put(bucketCustomerIdx, customerCaseKey(s.CustomerID, s.ID), appendSummaryRecord(nil, &s))
		}
		return w.maybeFlush()
	})
	if err != nil {
		return err
	}
	return w.flushPending()
}

// emptyBucket deletes bucket name, if there is one, and creates it again.
func emptyBucket(tx *bolt.Tx, name []byte) error {
	if tx.Bucket(name) != nil {
		if err := tx.DeleteBucket(name); err != nil {
			return err
		}
	}
	_, err := tx.CreateBucket(name)
	return err
}

// oldIdentity is the identity of a customer_keys key of either layout: a
// key already behind its customer's epoch keeps its identity (tests build
// older files with this code; an identity key begins "e:", "p:" or "n:",
// which as an epoch would take 10^13 customers).
func oldIdentity(k string, id uint64) string {
	epoch := string(identityKey(model.CustomerID(id), ""))
	if rest, ok := strings.CutPrefix(k, epoch); ok && len(rest) > 2 && rest[1] == ':' && strings.ContainsRune("epn", rune(rest[0])) {
		return rest
	}
	return k
}
