package inputs

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// MetadataDigest tells the repository's metadata apart, as this run
// sees it: its cached indexes' key (the metadata's checksums and what
// filters it), priority, cost and gpgcheck, and repomd.xml's revision
// and the checksum of each file it lists when it was read. A repository
// whose metadata or options changed has another.
func (r *Repo) MetadataDigest() string {
	var b strings.Builder
	// The index key covers the metadata and what filters it (offline
	// too, where there is no repomd.xml); priority, cost and gpgcheck
	// change which package is taken, or whether it may be.
	fmt.Fprintf(&b, "index %s priority %d cost %d gpgcheck %v", r.indexKey, r.priority, r.cost, r.gpgcheck)
	if r.repomd == nil {
		return b.String()
	}
	b.WriteString(" " + r.repomd.Revision)
	for _, t := range slices.Sorted(maps.Keys(r.repomd.Data)) {
		d := r.repomd.Data[t]
		fmt.Fprintf(&b, " %s=%s:%s", t, d.Checksum.Type, cmp.Or(d.Checksum.Value, d.Location))
	}
	return b.String()
}
