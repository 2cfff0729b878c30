//go:build !unix

package repodata_test

import "time"

// cpuTime is not measured here: benchmarks report 0 cpu-ms.
func cpuTime() time.Duration { return 0 }
