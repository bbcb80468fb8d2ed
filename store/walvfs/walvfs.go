// Package walvfs registers a SQLite VFS that writes a transaction's WAL
// frames with one system call instead of two per page.
//
// SQLite writes each WAL frame as two pwrite calls (its 24-byte header and
// the page), so a commit of 11 pages is 22 writes before the one fsync that
// makes it durable. On ext4 each of those writes costs several
// microseconds of file-system work (and far more when it meets a page under
// writeback), more than the copy of its bytes: measured on the centre's
// 2-core VM, 18 frames as 36 writes took 80–90 µs at the median and ~235 µs
// at p90, the same bytes as one write 12 µs and ~20 µs (docs/BENCHMARKS.md).
//
// The VFS wraps the platform's default one (unix or win32) and changes one
// thing: a file SQLite opens as a WAL gets methods that keep contiguous
// writes in a buffer and hand it to the real write in one call when SQLite
// next does anything else with the file — sync it, read it, ask its size,
// truncate it, close it — or when a write is not contiguous with the buffer
// or the buffer would pass 120 KiB.
//
// Why that keeps SQLite's guarantees: SQLite promises nothing about a write
// until the file is synced, and every path that makes frames durable or
// visible to another connection goes through xSync or xRead first — with
// one exception the caller must rule out: with synchronous=NORMAL a commit
// publishes its frames in the WAL index without syncing the WAL, and
// another connection would read them from the file before they are there.
// Only open databases with synchronous=FULL (or EXTRA) through this VFS;
// the centre's store does, for every connection (a printed ticket must
// survive a power cut).
package walvfs

import (
	"fmt"
	"sync"
	"sync/atomic"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// Name is the VFS name to pass as the DSN's vfs parameter, after Register.
const Name = "motcua-walbuf"

// maxBuf is the most a WAL file keeps unwritten: a larger transaction (a
// migration, an import) is written in calls of this size. It must stay
// below 128 KiB: SQLite's unix VFS masks a write's length with 0x1ffff
// (seekAndWriteFd), and a longer one fails as SQLITE_FULL. 120 KiB holds a
// commit of 29 pages of 4 KiB in one call.
const maxBuf = 120 << 10

// vfs mirrors struct sqlite3_vfs (version 3).
type vfs struct {
	iVersion          int32
	szOsFile          int32
	mxPathname        int32
	pNext             uintptr
	zName             uintptr
	pAppData          uintptr
	xOpen             uintptr
	xDelete           uintptr
	xAccess           uintptr
	xFullPathname     uintptr
	xDlOpen           uintptr
	xDlError          uintptr
	xDlSym            uintptr
	xDlClose          uintptr
	xRandomness       uintptr
	xSleep            uintptr
	xCurrentTime      uintptr
	xGetLastError     uintptr
	xCurrentTimeInt64 uintptr
	xSetSystemCall    uintptr
	xGetSystemCall    uintptr
	xNextSystemCall   uintptr
}

// ioMethods mirrors struct sqlite3_io_methods (version 3).
type ioMethods struct {
	iVersion               int32
	xClose                 uintptr
	xRead                  uintptr
	xWrite                 uintptr
	xTruncate              uintptr
	xSync                  uintptr
	xFileSize              uintptr
	xLock                  uintptr
	xUnlock                uintptr
	xCheckReservedLock     uintptr
	xFileControl           uintptr
	xSectorSize            uintptr
	xDeviceCharacteristics uintptr
	xShmMap                uintptr
	xShmLock               uintptr
	xShmBarrier            uintptr
	xShmUnmap              uintptr
	xFetch                 uintptr
	xUnfetch               uintptr
}

// walFile is what this VFS keeps after the wrapped VFS's own file struct,
// in the memory SQLite allocates for the file (C memory: no Go pointers).
type walFile struct {
	orig uintptr // the wrapped VFS's io methods for this file
	buf  uintptr // libc-allocated buffer, or 0
	cap  int64
	n    int64 // bytes buffered
	off  int64 // file offset of buf[0]
}

var (
	regOnce sync.Once
	regErr  error

	base     uintptr // the wrapped VFS (sqlite3_vfs*)
	baseOpen uintptr
	extraAt  int32 // offset of walFile in a file struct

	ours *vfs // registered (C memory, never freed)

	// methods: one table per distinct io-methods table of the wrapped VFS,
	// so that our table has the same version and the same missing methods.
	methodsMu sync.Mutex
	methods   = map[uintptr]*ioMethods{}

	// Counters (tests, metrics): writes SQLite asked for on WAL files, and
	// writes this VFS made.
	asked, made atomic.Int64
)

// Stats reports the writes SQLite asked for on WAL files opened through this
// VFS and the writes it made to the files, since the process started.
func Stats() (writesAsked, writesMade int64) { return asked.Load(), made.Load() }

// Register registers the VFS once per process (not as the default). It is
// safe to call from several goroutines.
func Register() error {
	regOnce.Do(func() { regErr = register() })
	return regErr
}

func register() error {
	tls := libc.NewTLS()
	defer tls.Close()
	b := sqlite3.Xsqlite3_vfs_find(tls, 0)
	if b == 0 {
		return fmt.Errorf("walvfs: no default SQLite VFS")
	}
	bv := (*vfs)(cptr(b))
	if bv.iVersion < 1 {
		return fmt.Errorf("walvfs: default VFS version %d", bv.iVersion)
	}
	base = b
	baseOpen = bv.xOpen
	extraAt = (bv.szOsFile + 7) &^ 7
	// In C memory: SQLite's code does address arithmetic on its VFS and
	// methods tables, which the race detector's pointer checks refuse for
	// Go memory.
	v := (*vfs)(cptr(libc.Xcalloc(tls, 1, libc.Tsize_t(unsafe.Sizeof(vfs{})))))
	if v == nil {
		return fmt.Errorf("walvfs: out of memory")
	}
	*v = *bv
	v.pNext = 0
	v.szOsFile = extraAt + int32(unsafe.Sizeof(walFile{}))
	name, err := libc.CString(Name)
	if err != nil {
		return err
	}
	v.zName = name
	*(*func(*libc.TLS, uintptr, uintptr, uintptr, int32, uintptr) int32)(unsafe.Pointer(&v.xOpen)) = xOpen
	ours = v
	if rc := sqlite3.Xsqlite3_vfs_register(tls, uintptr(unsafe.Pointer(v)), 0); rc != sqlite3.SQLITE_OK {
		return fmt.Errorf("walvfs: sqlite3_vfs_register: %d", rc)
	}
	return nil
}

// cptr turns an address SQLite gave (C memory from modernc's allocator, or
// one of this package's tables, which live as long as the process) into a
// pointer. Read through memory, so that vet's uintptr check, written for Go
// heap addresses that may move, does not apply.
func cptr(u uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&u)) }

func extra(f uintptr) *walFile { return (*walFile)(cptr(f + uintptr(extraAt))) }

func origOf(f uintptr) *ioMethods { return (*ioMethods)(cptr(extra(f).orig)) }

func xOpen(tls *libc.TLS, _ uintptr, zName, f uintptr, flags int32, pOutFlags uintptr) int32 {
	*extra(f) = walFile{}
	rc := (*(*func(*libc.TLS, uintptr, uintptr, uintptr, int32, uintptr) int32)(unsafe.Pointer(&baseOpen)))(tls, base, zName, f, flags, pOutFlags)
	pm := (*uintptr)(cptr(f)) // sqlite3_file.pMethods
	if *pm == 0 || flags&sqlite3.SQLITE_OPEN_WAL == 0 {
		return rc
	}
	extra(f).orig = *pm
	t := tableFor(tls, *pm)
	if t == nil {
		extra(f).orig = 0
		return rc // out of memory for the table: the file keeps its own methods
	}
	*pm = uintptr(unsafe.Pointer(t))
	return rc
}

// tableFor returns this VFS's methods for files whose wrapped methods are o.
// Tables are in C memory (see register) and live as long as the process.
func tableFor(tls *libc.TLS, o uintptr) *ioMethods {
	methodsMu.Lock()
	defer methodsMu.Unlock()
	if t := methods[o]; t != nil {
		return t
	}
	om := (*ioMethods)(cptr(o))
	t := (*ioMethods)(cptr(libc.Xcalloc(tls, 1, libc.Tsize_t(unsafe.Sizeof(ioMethods{})))))
	if t == nil {
		return nil
	}
	t.iVersion = om.iVersion
	set := func(slot *uintptr, have uintptr, fn any) {
		if have == 0 {
			return
		}
		switch fn := fn.(type) {
		case func(*libc.TLS, uintptr) int32:
			*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(slot)) = fn
		case func(*libc.TLS, uintptr, uintptr, int32, int64) int32:
			*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(slot)) = fn
		case func(*libc.TLS, uintptr, int64) int32:
			*(*func(*libc.TLS, uintptr, int64) int32)(unsafe.Pointer(slot)) = fn
		case func(*libc.TLS, uintptr, int32) int32:
			*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(slot)) = fn
		case func(*libc.TLS, uintptr, uintptr) int32:
			*(*func(*libc.TLS, uintptr, uintptr) int32)(unsafe.Pointer(slot)) = fn
		case func(*libc.TLS, uintptr, int32, uintptr) int32:
			*(*func(*libc.TLS, uintptr, int32, uintptr) int32)(unsafe.Pointer(slot)) = fn
		default:
			panic(fmt.Sprintf("walvfs: method type %T", fn))
		}
	}
	set(&t.xClose, om.xClose, xClose)
	set(&t.xRead, om.xRead, xRead)
	set(&t.xWrite, om.xWrite, xWrite)
	set(&t.xTruncate, om.xTruncate, xTruncate)
	set(&t.xSync, om.xSync, xSync)
	set(&t.xFileSize, om.xFileSize, xFileSize)
	set(&t.xLock, om.xLock, xLock)
	set(&t.xUnlock, om.xUnlock, xUnlock)
	set(&t.xCheckReservedLock, om.xCheckReservedLock, xCheckReservedLock)
	set(&t.xFileControl, om.xFileControl, xFileControl)
	set(&t.xSectorSize, om.xSectorSize, xSectorSize)
	set(&t.xDeviceCharacteristics, om.xDeviceCharacteristics, xDeviceCharacteristics)
	// A WAL file has no shared memory and is not memory-mapped by SQLite
	// (both belong to the database file), but the wrapped table's version
	// promises these methods: pass them through.
	t.xShmMap = om.xShmMap
	t.xShmLock = om.xShmLock
	t.xShmBarrier = om.xShmBarrier
	t.xShmUnmap = om.xShmUnmap
	t.xFetch = om.xFetch
	t.xUnfetch = om.xUnfetch
	methods[o] = t
	return t
}

// flush writes the buffer with the wrapped VFS's xWrite. The buffer is
// emptied even when the write fails: SQLite treats a failed write or sync
// as a failed transaction, and frames past the WAL index's end are ignored.
func flush(tls *libc.TLS, f uintptr) int32 {
	w := extra(f)
	if w.n == 0 {
		return sqlite3.SQLITE_OK
	}
	n, off := w.n, w.off
	w.n = 0
	made.Add(1)
	fp := origOf(f).xWrite
	return (*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&fp)))(tls, f, w.buf, int32(n), off)
}

func xWrite(tls *libc.TLS, f, p uintptr, amt int32, off int64) int32 {
	asked.Add(1)
	w := extra(f)
	if w.n > 0 && (off != w.off+w.n || w.n+int64(amt) > maxBuf) {
		if rc := flush(tls, f); rc != sqlite3.SQLITE_OK {
			return rc
		}
	}
	if int64(amt) > maxBuf {
		made.Add(1)
		fp := origOf(f).xWrite
		return (*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&fp)))(tls, f, p, amt, off)
	}
	if w.n+int64(amt) > w.cap {
		c := w.cap * 2
		if c < 32<<10 {
			c = 32 << 10
		}
		for c < w.n+int64(amt) {
			c *= 2
		}
		if c > maxBuf {
			c = maxBuf
		}
		nb := libc.Xrealloc(tls, w.buf, libc.Tsize_t(c))
		if nb == 0 {
			return sqlite3.SQLITE_IOERR_NOMEM
		}
		w.buf, w.cap = nb, c
	}
	if w.n == 0 {
		w.off = off
	}
	libc.Xmemcpy(tls, w.buf+uintptr(w.n), p, libc.Tsize_t(amt))
	w.n += int64(amt)
	return sqlite3.SQLITE_OK
}

func xClose(tls *libc.TLS, f uintptr) int32 {
	rc := flush(tls, f)
	w := extra(f)
	buf := w.buf
	fp := origOf(f).xClose
	rc2 := (*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&fp)))(tls, f)
	if buf != 0 {
		libc.Xfree(tls, buf)
	}
	*extra(f) = walFile{}
	if rc != sqlite3.SQLITE_OK {
		return rc
	}
	return rc2
}

func xRead(tls *libc.TLS, f, p uintptr, amt int32, off int64) int32 {
	if rc := flush(tls, f); rc != sqlite3.SQLITE_OK {
		return rc
	}
	fp := origOf(f).xRead
	return (*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&fp)))(tls, f, p, amt, off)
}

func xTruncate(tls *libc.TLS, f uintptr, size int64) int32 {
	if rc := flush(tls, f); rc != sqlite3.SQLITE_OK {
		return rc
	}
	fp := origOf(f).xTruncate
	return (*(*func(*libc.TLS, uintptr, int64) int32)(unsafe.Pointer(&fp)))(tls, f, size)
}

func xSync(tls *libc.TLS, f uintptr, flags int32) int32 {
	if rc := flush(tls, f); rc != sqlite3.SQLITE_OK {
		return rc
	}
	fp := origOf(f).xSync
	return (*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&fp)))(tls, f, flags)
}

func xFileSize(tls *libc.TLS, f, pSize uintptr) int32 {
	if rc := flush(tls, f); rc != sqlite3.SQLITE_OK {
		return rc
	}
	fp := origOf(f).xFileSize
	return (*(*func(*libc.TLS, uintptr, uintptr) int32)(unsafe.Pointer(&fp)))(tls, f, pSize)
}

func xLock(tls *libc.TLS, f uintptr, lvl int32) int32 {
	if rc := flush(tls, f); rc != sqlite3.SQLITE_OK {
		return rc
	}
	fp := origOf(f).xLock
	return (*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&fp)))(tls, f, lvl)
}

func xUnlock(tls *libc.TLS, f uintptr, lvl int32) int32 {
	if rc := flush(tls, f); rc != sqlite3.SQLITE_OK {
		return rc
	}
	fp := origOf(f).xUnlock
	return (*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&fp)))(tls, f, lvl)
}

func xCheckReservedLock(tls *libc.TLS, f, pResOut uintptr) int32 {
	fp := origOf(f).xCheckReservedLock
	return (*(*func(*libc.TLS, uintptr, uintptr) int32)(unsafe.Pointer(&fp)))(tls, f, pResOut)
}

func xFileControl(tls *libc.TLS, f uintptr, op int32, pArg uintptr) int32 {
	if rc := flush(tls, f); rc != sqlite3.SQLITE_OK {
		return rc
	}
	fp := origOf(f).xFileControl
	return (*(*func(*libc.TLS, uintptr, int32, uintptr) int32)(unsafe.Pointer(&fp)))(tls, f, op, pArg)
}

func xSectorSize(tls *libc.TLS, f uintptr) int32 {
	fp := origOf(f).xSectorSize
	return (*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&fp)))(tls, f)
}

func xDeviceCharacteristics(tls *libc.TLS, f uintptr) int32 {
	fp := origOf(f).xDeviceCharacteristics
	return (*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&fp)))(tls, f)
}
