package deps

// Reporter receives progress from long-running work. cmd/deps implements it
// with progress bars on a terminal and plain lines otherwise; libraries never
// print.
type Reporter interface {
	// Stage announces a step ("load repo appstream").
	Stage(name string)
	// Progress reports done of total units of the current stage (total 0:
	// unknown).
	Progress(done, total int64)
	// Detail says what the current stage is doing now (the builds in
	// flight), beside its progress.
	Detail(msg string)
	// Info is a one-line diagnostic or event worth showing to the user.
	Info(msg string)
	// Verbose is a diagnostic shown only when asked for (-v): which
	// index is read, and which setting said so.
	Verbose(msg string)
	// Warn is a problem that does not stop the work.
	Warn(msg string)
}

// NopReporter discards everything.
type NopReporter struct{}

func (NopReporter) Stage(string)          {}
func (NopReporter) Progress(int64, int64) {}
func (NopReporter) Detail(string)         {}
func (NopReporter) Info(string)           {}
func (NopReporter) Verbose(string)        {}
func (NopReporter) Warn(string)           {}
