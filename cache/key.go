package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// maxKeyLen bounds a key so that it stays a valid file name everywhere.
const maxKeyLen = 200

// ValidKey reports an error unless key is a safe file name: 1 to 200 of
// [A-Za-z0-9._-], not starting with '.' or '-' (so no "..", no hidden or
// temporary files, nothing a tool could take for a flag).
func ValidKey(key string) error {
	if key == "" || len(key) > maxKeyLen {
		return fmt.Errorf("cache key %q: length must be 1..%d", key, maxKeyLen)
	}
	if key[0] == '.' || key[0] == '-' {
		return fmt.Errorf("cache key %q: must not start with %q", key, key[0])
	}
	for i := 0; i < len(key); i++ {
		if !safeByte(key[i]) {
			return fmt.Errorf("cache key %q: byte %q not allowed", key, key[i])
		}
	}
	return nil
}

// ValidBucket reports an error unless bucket is a lowercase name ending in
// a version, like "index-v1" or "blobs-v12": bump the version when the
// format of its entries changes, and old entries are simply never read.
func ValidBucket(bucket string) error {
	i := strings.LastIndex(bucket, "-v")
	if i <= 0 || i+2 == len(bucket) {
		return fmt.Errorf("cache bucket %q: must be NAME-vN", bucket)
	}
	for _, c := range []byte(bucket[:i]) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return fmt.Errorf("cache bucket %q: byte %q not allowed", bucket, c)
		}
	}
	if bucket[0] == '-' || bucket[0] == '_' {
		return fmt.Errorf("cache bucket %q: must start with a letter or digit", bucket)
	}
	for _, c := range []byte(bucket[i+2:]) {
		if c < '0' || c > '9' {
			return fmt.Errorf("cache bucket %q: version must be digits", bucket)
		}
	}
	return nil
}

// Sum returns the sha256 hex digest of data: the key of a
// content-addressed entry.
func Sum(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

func safeByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '.' || c == '_' || c == '-'
}
