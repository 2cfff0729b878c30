package inputs

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// MetadataDigest tells the repository's metadata apart: repomd.xml's
// revision and the checksum of each file it lists, "" when it was not
// read. A repository whose metadata changed has another.
func (r *Repo) MetadataDigest() string {
	if r.repomd == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(r.repomd.Revision)
	for _, t := range slices.Sorted(maps.Keys(r.repomd.Data)) {
		d := r.repomd.Data[t]
		fmt.Fprintf(&b, " %s=%s:%s", t, d.Checksum.Type, cmp.Or(d.Checksum.Value, d.Location))
	}
	return b.String()
}
