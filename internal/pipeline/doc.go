// Package pipeline holds the workflows of the deps tool, one file per
// stage: plan, build, fetch, sign, publish, verify, app, spec, audit, and
// sync, whose Sync is their table of contents. Each stage takes the
// previous stage's typed value and returns its own:
//
//	inputs ─► plan ─► Planned ─► build ─► Built ─► fetch ─► Fetched
//	        ─► publish (signing) ─► Published ─► verify ─► unmet requirements
//
// The JSON reports (package deps) are made from those values at the end.
// Only cmd/deps imports it.
package pipeline
