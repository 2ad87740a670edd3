package store

// Compact compacts the file now, as closing a poll does.
func Compact(s *DB) error { return s.compact() }

// FailCompactions makes every compaction fail after its copy is written and before the rename,
// until the returned function is called.
func FailCompactions(err error) (restore func()) {
	compactFault = func() error { return err }
	return func() { compactFault = nil }
}
