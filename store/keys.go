package store

import (
	"encoding/binary"
	"time"

	"github.com/caredesk/caredesk/model"
)

// Keys are fixed-width big-endian so a cursor walks them in order. Signed
// values have their sign bit flipped so negative numbers sort first.

func u64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func getU64(b []byte) uint64 {
	if len(b) < 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

func appendU64(b []byte, v uint64) []byte { return binary.BigEndian.AppendUint64(b, v) }

// appendTime appends t as sign-flipped unix nanoseconds.
func appendTime(b []byte, t time.Time) []byte {
	return appendU64(b, uint64(t.UnixNano())^(1<<63))
}

func keyTime(b []byte) time.Time {
	return time.Unix(0, int64(getU64(b)^(1<<63))).UTC()
}

func appendDay(b []byte, d model.Day) []byte {
	return binary.BigEndian.AppendUint32(b, uint32(d)^(1<<31))
}

func keyDay(b []byte) model.Day { return model.Day(int32(binary.BigEndian.Uint32(b) ^ (1 << 31))) }

func caseKey(id model.CaseID) []byte         { return u64(uint64(id)) }
func customerKey(id model.CustomerID) []byte { return u64(uint64(id)) }

// idOf reads the case id that ends an index key.
func idOf(k []byte) model.CaseID {
	if len(k) < 8 {
		return 0
	}
	return model.CaseID(binary.BigEndian.Uint64(k[len(k)-8:]))
}

// createdKey is created(8)|id(8).
func createdKey(t time.Time, id model.CaseID) []byte {
	return appendU64(appendTime(make([]byte, 0, 16), t), uint64(id))
}

// customerCaseKey is shard(4)|customer(8)|case(8), the shard of the case
// as in the word index (words.go) first (schema 10): a repeat customer's
// new case used to go next to their old ones, so an import batch wrote
// into pages all over idx_customer; now its entries all land at the end.
func customerCaseKey(cu model.CustomerID, id model.CaseID) []byte {
	return appendCustomerCase(make([]byte, 0, 20), cu, id)
}

func appendCustomerCase(b []byte, cu model.CustomerID, id model.CaseID) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(uint64(id)>>shardBits))
	return appendU64(appendU64(b, uint64(cu)), uint64(id))
}

// identityKey is the customer_keys key of a customer's identity:
// epoch(4)|identity, the epoch being the high bits of the customer's id
// (customerEpochBits), first (schema 10): new customers' keys land at the
// end of the bucket instead of on pages all over it. Finding a customer by
// identity alone seeks each epoch (customerByIdentity).
func identityKey(id model.CustomerID, identity string) []byte {
	b := make([]byte, 0, 4+len(identity))
	return append(binary.BigEndian.AppendUint32(b, customerEpoch(id)), identity...)
}

// customerEpochBits: 16,384 customers an epoch, so that the keys a batch
// adds stay within a few hundred pages, and a lookup outside an import
// (whose session remembers its customers) seeks a few dozen epochs at a
// million customers. A var: tests lower it.
var customerEpochBits = 14

func customerEpoch(id model.CustomerID) uint32 { return uint32(uint64(id) >> customerEpochBits) }

// tagKey is tag|0x00|id(8); tags never hold control characters.
func tagKey(tag string, id model.CaseID) []byte {
	b := make([]byte, 0, len(tag)+9)
	b = append(append(b, tag...), 0)
	return appendU64(b, uint64(id))
}

func tagPrefix(tag string) []byte { return append([]byte(tag), 0) }

// tagDayKey is tag|0x00|day(4); tag "" counts untagged cases.
func tagDayKey(tag string, d model.Day) []byte {
	b := make([]byte, 0, len(tag)+5)
	return appendDay(append(append(b, tag...), 0), d)
}

// splitTagDay is the inverse of tagDayKey.
func splitTagDay(k []byte) (string, model.Day, bool) {
	if len(k) < 5 || k[len(k)-5] != 0 {
		return "", 0, false
	}
	return string(k[:len(k)-5]), keyDay(k[len(k)-4:]), true
}

// queueKey is status(1)|priority(1)|due(8)|id(8): the queue's order within
// one status and priority.
func queueKey(s model.Status, p model.Priority, due time.Time, id model.CaseID) []byte {
	b := make([]byte, 0, 18)
	b = append(b, byte(s), byte(p))
	return appendU64(appendTime(b, due), uint64(id))
}

// eventKey is case(8)|seq(8); seq comes from the events bucket's sequence,
// so it grows across all cases and orders one case's timeline.
func eventKey(id model.CaseID, seq uint64) []byte {
	return appendU64(u64(uint64(id)), seq)
}

func statusCountKey(s model.Status) string { return "status|" + string(rune('0'+s)) }

// messageKey is case(8)|seq(8).
func messageKey(id model.CaseID, seq uint64) []byte { return appendU64(u64(uint64(id)), seq) }

// fileKey is seq(8)|index(2): one attachment's bytes.
func fileKey(seq uint64, i int) []byte {
	return binary.BigEndian.AppendUint16(u64(seq), uint16(i))
}
