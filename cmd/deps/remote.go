package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/deps-rpm/deps"
)

// printRemote says where the remote builds are: per backend how many, and
// for each chroot other than the target's (built beside it, not in the
// offline repository) how its builds went, with the link of each that
// did not succeed.
func printRemote(w io.Writer, built []deps.BuildResult) {
	builds := map[string]int{}
	others := map[string]map[string]int{} // chroot -> state -> builds
	var links []string
	for _, b := range built {
		if b.Remote == nil {
			continue
		}
		builds[b.Remote.Backend]++
		for i, c := range b.Remote.Chroots {
			if i == 0 {
				continue // the target's: its RPMs are in the repository
			}
			if others[c.Name] == nil {
				others[c.Name] = map[string]int{}
			}
			others[c.Name][c.State]++
			if c.State != "succeeded" {
				links = append(links, fmt.Sprintf("%s %s: %s %s", b.Name, c.Name, c.State, c.URL))
			}
		}
	}
	for _, backend := range slices.Sorted(maps.Keys(builds)) {
		fmt.Fprintf(w, "remote:  %d builds on %s\n", builds[backend], backend)
	}
	for _, chroot := range slices.Sorted(maps.Keys(others)) {
		var states []string
		for _, s := range slices.Sorted(maps.Keys(others[chroot])) {
			states = append(states, fmt.Sprintf("%d %s", others[chroot][s], s))
		}
		fmt.Fprintf(w, "         %s (not in the repository): %s\n", chroot, strings.Join(states, ", "))
	}
	for _, l := range links {
		fmt.Fprintf(w, "           %s\n", l)
	}
}
