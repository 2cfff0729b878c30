package repodata

import "strings"

// u32s is a little-endian array of uint32 stored in a string, read in place.
type u32s string

func (a u32s) len() int { return len(a) / 4 }

func (a u32s) at(i int) uint32 {
	s := a[4*i : 4*i+4]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// strtab is a table of distinct strings: string i is
// blob[off[i]:off[i+1]]; slots finds a string that keys a lookup table
// (findSlots).
type strtab struct {
	off   u32s
	blob  string
	slots u32s
}

func (t strtab) len() int { return t.off.len() - 1 }

func (t strtab) str(id uint32) string {
	return t.blob[t.off.at(int(id)):t.off.at(int(id)+1)]
}

// find returns the id of s when s keys a lookup table, or ok=false.
func (t strtab) find(s string) (id uint32, ok bool) {
	n := t.slots.len()
	if n == 0 {
		return 0, false
	}
	mask := uint32(n - 1)
	for i := strHash(s) & mask; ; i = (i + 1) & mask {
		v := t.slots.at(int(i))
		if v == 0 {
			return 0, false
		}
		if t.str(v-1) == s {
			return v - 1, true
		}
	}
}

// keytab maps string ids (keys, ascending) to posting lists of package
// numbers: key i owns post[start[i]:start[i+1]].
type keytab struct {
	keys  u32s
	start u32s
	post  u32s
}

// lookup appends the packages posted under key id to dst.
func (k keytab) lookup(dst []uint32, id uint32) []uint32 {
	lo, hi := 0, k.keys.len()
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if k.keys.at(m) < id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == k.keys.len() || k.keys.at(lo) != id {
		return dst
	}
	for i := k.start.at(lo); i < k.start.at(lo+1); i++ {
		dst = append(dst, k.post.at(int(i)))
	}
	return dst
}

// appendU32 appends v little-endian.
func appendU32(b []byte, v uint32) []byte {
	return append(b, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
}

// isFilePath reports whether a dependency name is a file path, which file
// lists can provide.
func isFilePath(name string) bool { return strings.HasPrefix(name, "/") }
