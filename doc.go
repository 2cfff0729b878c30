// Package deps is the thin root of the deps tool: Env (what the
// workflows need from the outside world), the Reporter they report
// progress through, and the JSON report schema (report.json, the --json
// output of audit, plan, build, sync and verify). The workflows are in
// internal/pipeline, deps.toml in internal/config; only cmd/deps wires
// them. It imports no stage and never prints.
package deps
