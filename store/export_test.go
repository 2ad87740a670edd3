package store

// Compact compacts the file now, as closing a poll does.
func Compact(s *DB) error { return s.compact() }

// FailCompactions makes every compaction fail with err at step ("copied": after the copy is on the
// disk, before the rename; "rename": the rename over the open file), until restore is called.
func FailCompactions(step string, err error) (restore func()) {
	compactFault = func(at string) error {
		if at == step {
			return err
		}
		return nil
	}
	return func() { compactFault = nil }
}

// CheckAllUpTo sets the largest data file whose every page Open checks, until restore is called.
func CheckAllUpTo(size int64) (restore func()) {
	old := checkAllUpTo
	checkAllUpTo = size
	return func() { checkAllUpTo = old }
}
