package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/daihoi/daihoi"
)

// The audit chain (see daihoi.ChainHash): each event's record carries the hash of the record before
// it, computed here in the transaction that writes it, so that no event can be stored outside the
// chain. The meta bucket keeps the hash of the last record (kChain), the chain's head, which an
// edit of the last event would otherwise leave unchecked; the bucket bSeals keeps, for each poll,
// the number and the hash of its last EvSeal event (daihoi.ChainMark), which the minutes print.

// kChain, in the meta bucket, is the hex hash of the last event's record.
var kChain = []byte("chain")

// appendEvents gives events the next sequence numbers and their place in the chain, and writes
// them. The caller's events keep Prev empty: screens are not sent it.
func appendEvents(tx *bolt.Tx, events []daihoi.Event) error {
	if len(events) == 0 {
		return nil
	}
	eb := tx.Bucket(bEvents)
	prev, err := chainHead(tx)
	if err != nil {
		return err
	}
	for i := range events {
		seq, err := eb.NextSequence()
		if err != nil {
			return err
		}
		events[i].Seq = seq
		e := events[i]
		e.Prev = prev
		b, err := json.Marshal(&e)
		if err != nil {
			return err
		}
		if err := eb.Put(seqKey(seq), b); err != nil {
			return err
		}
		prev = daihoi.ChainHash(b)
		if e.Type == daihoi.EvSeal {
			var seal daihoi.Seal
			if err := json.Unmarshal(e.Data, &seal); err != nil {
				return fmt.Errorf("seal event: %w", err)
			}
			if err := tx.Bucket(bSeals).Put([]byte(seal.Poll), markValue(seq, prev)); err != nil {
				return err
			}
		}
	}
	return tx.Bucket(bMeta).Put(kChain, []byte(prev))
}

// chainHead returns the hash the next event carries: the head kept in the meta bucket, or, for a
// store without events, the hash of the congress's id.
func chainHead(tx *bolt.Tx) (string, error) {
	if v := tx.Bucket(bMeta).Get(kChain); v != nil {
		return string(v), nil
	}
	if _, v := tx.Bucket(bEvents).Cursor().Last(); v != nil {
		return daihoi.ChainHash(v), nil
	}
	return daihoi.ChainHash([]byte(congressID(tx))), nil
}

// congressID reads the congress's id in tx ("" before the congress is installed).
func congressID(tx *bolt.Tx) string {
	b := tx.Bucket([]byte(daihoi.KCongress))
	if b == nil {
		return ""
	}
	var c struct {
		ID string `json:"id"`
	}
	if v := b.Get([]byte("congress")); v != nil {
		json.Unmarshal(v, &c)
	}
	return c.ID
}

// markValue is a seal's entry in bSeals: the event's number, then the hash of its record.
func markValue(seq uint64, head string) []byte {
	return append(seqKey(seq), head...)
}

func parseMark(v []byte) (daihoi.ChainMark, bool) {
	if len(v) < 8 {
		return daihoi.ChainMark{}, false
	}
	return daihoi.ChainMark{Seq: binary.BigEndian.Uint64(v), Head: string(v[8:])}, true
}

// Sealed returns the chain's mark at the poll's last seal.
func (s *DB) Sealed(poll string) (daihoi.ChainMark, bool, error) {
	var m daihoi.ChainMark
	var ok bool
	err := s.view(func(tx *bolt.Tx) error {
		m, ok = parseMark(tx.Bucket(bSeals).Get([]byte(poll)))
		return nil
	})
	if err != nil {
		return m, false, fmt.Errorf("store: sealed: %w", err)
	}
	return m, ok, nil
}

// chainEvents moves a file of schema 1, whose events are not chained, to schema 2: each event is
// written again with the hash of the one before, as if it had been chained from the start.
func chainEvents(tx *bolt.Tx) error {
	eb := tx.Bucket(bEvents)
	if eb == nil {
		return nil
	}
	type rec struct{ k, v []byte }
	var all []rec
	if err := eb.ForEach(func(k, v []byte) error {
		all = append(all, rec{append([]byte(nil), k...), append([]byte(nil), v...)})
		return nil
	}); err != nil {
		return err
	}
	if len(all) == 0 {
		return nil
	}
	prev := daihoi.ChainHash([]byte(congressID(tx)))
	for _, r := range all {
		var e daihoi.Event
		if err := json.Unmarshal(r.v, &e); err != nil {
			return fmt.Errorf("event %x: %w", r.k, err)
		}
		e.Prev = prev
		b, err := json.Marshal(&e)
		if err != nil {
			return err
		}
		if err := eb.Put(r.k, b); err != nil {
			return err
		}
		prev = daihoi.ChainHash(b)
	}
	return tx.Bucket(bMeta).Put(kChain, []byte(prev))
}
