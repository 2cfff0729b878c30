package repodata

// SetReleaseChunk sets how much of a mapped image is checksummed before
// its pages are released, and returns the previous value.
func SetReleaseChunk(n int) int {
	old := releaseChunk
	releaseChunk = n
	return old
}
