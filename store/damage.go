package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"math"
	"os"
	"runtime/debug"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/daihoi/daihoi"
)

// Damaged data files. Only a folder without a data file gets a new congress: a file that is there
// but empty, cut short or with damaged pages is refused, left as it is, and the message says which
// file, what is wrong and how to put a backup in its place. bbolt itself would make a new file over
// an empty one, and may panic, or fault on pages past the end of the file, over a damaged one.

// damaged is the error for a data file that cannot be used; vi and en say what is wrong.
func damaged(path, vi, en string) error {
	return &daihoi.Error{Code: daihoi.EINTERNAL,
		Vi: fmt.Sprintf("tệp dữ liệu %s bị hỏng: %s. daihoi không mở tệp này và không tạo đại hội mới thay cho nó. "+
			"Giữ nguyên tệp hỏng (chép sang chỗ khác để kiểm tra), rồi khôi phục từ bản sao lưu gần nhất: "+
			"chép tệp sao lưu (tệp .db tải ở trang /setup, hoặc do lệnh `daihoi backup` ghi) thành %s và khởi động lại", path, vi, path),
		En: fmt.Sprintf("the data file %s is damaged: %s. daihoi does not open it, nor start a new congress in its place. "+
			"Keep the damaged file (copy it elsewhere to examine it), then restore the latest backup: "+
			"copy the backup file (the .db downloaded from /setup, or written by `daihoi backup`) to %s and start again", path, en, path)}
}

// The layout of a bbolt meta page (go.etcd.io/bbolt/internal/common): a page header of 16 bytes,
// then magic, version, page size, flags, root bucket (root page, sequence), freelist page, the high
// water mark (pages in use), transaction id and a checksum of what comes before it.
const (
	boltMagic    = 0xED0CDAED
	boltVersion  = 2
	pageHeader   = 16
	metaChecksum = pageHeader + 56
	metaSize     = metaChecksum + 8
)

// boltMeta is what checkFile reads of a meta page.
type boltMeta struct {
	pageSize   uint32
	pages      uint64 // the high water mark: the file holds at least pages*pageSize bytes
	txid       uint64
	wellFormed bool
}

func readMeta(b []byte) boltMeta {
	if len(b) < metaSize {
		return boltMeta{}
	}
	m := b[pageHeader:]
	h := fnv.New64a()
	h.Write(m[:metaChecksum-pageHeader])
	ok := binary.LittleEndian.Uint32(m[0:]) == boltMagic &&
		binary.LittleEndian.Uint32(m[4:]) == boltVersion &&
		binary.LittleEndian.Uint64(m[metaChecksum-pageHeader:]) == h.Sum64()
	return boltMeta{
		pageSize:   binary.LittleEndian.Uint32(m[8:]),
		pages:      binary.LittleEndian.Uint64(m[40:]),
		txid:       binary.LittleEndian.Uint64(m[48:]),
		wellFormed: ok,
	}
}

// checkFile refuses a data file that is there but empty, not a bbolt file, or shorter than its own
// header says, before bbolt maps it: bbolt would make a new file over an empty one, and fault on
// the pages past the end of a cut one. A missing file is fine (a new folder).
func checkFile(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	size := fi.Size()
	if !fi.Mode().IsRegular() {
		return damaged(path, "đây không phải là một tệp", "it is not a regular file")
	}
	if size == 0 {
		return damaged(path, "tệp rỗng (0 byte)", "the file is empty (0 bytes)")
	}
	// Meta page 0 is at the start; meta page 1 one page further, the page size written in meta 0
	// (or, should meta 0 be damaged, the operating system's page size, as bbolt reads it).
	head := make([]byte, 64<<10)
	n, err := f.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return fmt.Errorf("store: read %s: %w", path, err)
	}
	head = head[:n]
	m0 := readMeta(head)
	ps := int(m0.pageSize)
	if !m0.wellFormed || ps < 1024 || ps > 64<<10 {
		ps = os.Getpagesize()
	}
	var m1 boltMeta
	if len(head) > ps {
		m1 = readMeta(head[ps:])
	}
	best := m0
	if !m0.wellFormed || (m1.wellFormed && m1.txid > m0.txid) {
		best = m1
	}
	if !best.wellFormed {
		return damaged(path,
			fmt.Sprintf("phần đầu tệp (trang meta của bbolt) không đọc được: tệp bị ghi đè hoặc không phải tệp dữ liệu daihoi (%d byte)", size),
			fmt.Sprintf("its header (bbolt's meta pages) cannot be read: the file was overwritten or is not a daihoi data file (%d bytes)", size))
	}
	if need := int64(best.pages) * int64(best.pageSize); size < need {
		return damaged(path,
			fmt.Sprintf("tệp bị cắt cụt: chỉ còn %d byte trong %d byte mà phần đầu tệp ghi nhận", size, need),
			fmt.Sprintf("the file is cut short: it has %d bytes of the %d its header records", size, need))
	}
	return nil
}

// checkAllUpTo is the largest data file whose every page is checked when the server opens it. The
// check reads the whole file: after a power cut nothing of it is in the page cache, and on this
// project's 2-core test machine a file of 707 MB took 11.3 s to open cold (3 ms without the check,
// 160 ms warm), about 16 ms a MB; a congress's file is some 16 MB after nine elections of 2,000
// ballots. A larger file has every bucket checked but the events', which grow all day and are read
// only by screens catching up and by daihoi audit: the server is back within its second. daihoi
// audit (and so restore) checks every page whatever the size.
var checkAllUpTo int64 = 64 << 20

// openChecked opens the bbolt file and checks it: every page of a file up to checkAllUpTo, every
// page but the events' of a larger one (see openCheckedAll).
func openChecked(path string, opts *bolt.Options) (*bolt.DB, error) {
	return openCheckedUpTo(path, opts, checkAllUpTo)
}

// openCheckedAll opens the bbolt file and checks every page of it, whatever its size.
func openCheckedAll(path string, opts *bolt.Options) (*bolt.DB, error) {
	return openCheckedUpTo(path, opts, math.MaxInt64)
}

// openCheckedUpTo opens the bbolt file and, if it is no larger than all bytes, checks every page
// of it (bbolt's Tx.Check: each page reachable once, of the right kind, keys in order, every free
// page accounted for); a larger file has each top bucket's pages checked but the events'. A
// damaged page is refused with the message of damaged; a panic of bbolt's over one is recovered
// and refused the same way, and a fault on the mapped file becomes a panic here rather than the
// end of the process.
func openCheckedUpTo(path string, opts *bolt.Options, all int64) (db *bolt.DB, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if db != nil {
				func() {
					defer func() { recover() }()
					db.Close()
				}()
			}
			db = nil
			err = damaged(path, fmt.Sprintf("trang hỏng (%v)", r), fmt.Sprintf("damaged pages (%v)", r))
		}
	}()
	db, err = bolt.Open(path, 0o600, opts)
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, daihoi.Errorf(daihoi.ECONFLICT,
			"tệp dữ liệu %s đang được một tiến trình daihoi khác sử dụng; hãy dừng tiến trình đó hoặc chọn thư mục khác (--data)",
			"the data file %s is in use by another daihoi process; stop it or choose another folder (--data)", path)
	}
	if errors.Is(err, bolterrors.ErrInvalid) || errors.Is(err, bolterrors.ErrChecksum) || errors.Is(err, bolterrors.ErrVersionMismatch) {
		return nil, damaged(path, fmt.Sprintf("phần đầu tệp hỏng (%v)", err), fmt.Sprintf("its header is damaged (%v)", err))
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	var problems []error
	err = db.View(func(tx *bolt.Tx) error {
		if tx.Size() <= all {
			for e := range tx.Check() {
				problems = append(problems, e)
			}
			return nil
		}
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if string(name) == string(bEvents) || b.Root() == 0 { // inline: in the root's page
				return nil
			}
			for e := range tx.Check(bolt.WithPageId(uint64(b.Root()))) {
				problems = append(problems, e)
			}
			return nil
		})
	})
	if err == nil && len(problems) > 0 {
		what := problems[0].Error()
		if len(problems) > 1 {
			what = fmt.Sprintf("%s; +%d", what, len(problems)-1)
		}
		err = damaged(path, "trang hỏng: "+what, "damaged pages: "+what)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
