package deps

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
)

// WriteJSON writes the report as one indented JSON document, the one
// json.Encoder with SetIndent("", "  ") and SetEscapeHTML(false) writes,
// streamed: each requirement is encoded and written in turn, so the
// document is never held in memory whole.
func (r *AuditReport) WriteJSON(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	field := newIndentEncoder("  ")
	bw.WriteString("{\n  \"target\": ")
	field.write(bw, r.Target)
	bw.WriteString(",\n  \"repos\": ")
	field.write(bw, r.Repos)
	bw.WriteString(",\n  \"requirements\": ")
	writeRequirements(bw, r.Requirements)
	bw.WriteString(",\n  \"summary\": ")
	field.write(bw, r.Summary)
	if r.Transitive != nil {
		bw.WriteString(",\n  \"transitive\": ")
		field.write(bw, r.Transitive)
	}
	if r.Build != nil {
		bw.WriteString(",\n  \"build\": ")
		field.write(bw, r.Build)
	}
	bw.WriteString("\n}\n")
	if field.err != nil {
		return field.err
	}
	return bw.Flush()
}

// WriteJSON writes the report as AuditReport.WriteJSON does: the document
// json.Encoder writes, streamed requirement by requirement.
func (r *VerifyReport) WriteJSON(w io.Writer) error {
	s := NewVerifyJSON(w, r.Repo, r.Packages)
	if r.Closure == nil {
		s.null = true
	}
	for i := range r.Closure {
		s.Unmet(&r.Closure[i])
	}
	return s.Close()
}

// VerifyJSON writes a VerifyReport's document (the one WriteJSON writes,
// with an empty closure written [] rather than null) as its unmet
// requirements are found, so that they are never held in memory: a large
// repository can have a hundred thousand. The first error sticks and Close
// returns it.
type VerifyJSON struct {
	bw    *bufio.Writer
	list  reqList
	err   error
	null  bool // no requirement: null, not []
	close bool
}

// NewVerifyJSON starts the document of the repository repo of packages
// packages on w.
func NewVerifyJSON(w io.Writer, repo string, packages int) *VerifyJSON {
	s := &VerifyJSON{bw: bufio.NewWriterSize(w, 64<<10)}
	s.list.bw = s.bw
	field := newIndentEncoder("  ")
	s.bw.WriteString("{\n  \"repo\": ")
	field.write(s.bw, repo)
	s.bw.WriteString(",\n  \"packages\": ")
	field.write(s.bw, packages)
	s.bw.WriteString(",\n  \"closure\": ")
	s.err = field.err
	return s
}

// Unmet writes one unmet requirement.
func (s *VerifyJSON) Unmet(r *RequirementReport) error {
	if s.err != nil {
		return s.err
	}
	s.list.add(r)
	return nil
}

// Close ends the document and flushes it. Closing twice is allowed.
func (s *VerifyJSON) Close() error {
	if s.close || s.err != nil {
		return s.err
	}
	s.close = true
	s.list.end(s.null)
	s.bw.WriteString("\n}\n")
	s.err = s.bw.Flush()
	return s.err
}

// writeRequirements writes a list of requirements as a member of an
// indented document, one at a time.
func writeRequirements(bw *bufio.Writer, reqs []RequirementReport) {
	l := reqList{bw: bw}
	for i := range reqs {
		l.add(&reqs[i])
	}
	l.end(reqs == nil)
}

// reqList writes a list of requirements as a member of an indented
// document as they come: each encoded by hand (appendRequirement).
type reqList struct {
	bw      *bufio.Writer
	n       int
	scratch []byte
}

func (l *reqList) add(r *RequirementReport) {
	if l.n == 0 {
		l.bw.WriteString("[\n    ")
	} else {
		l.bw.WriteString(",\n    ")
	}
	l.n++
	l.scratch = appendRequirement(l.scratch[:0], r, "    ")
	l.bw.Write(l.scratch)
}

// end closes the list: [] when nothing was added, or null when nil.
func (l *reqList) end(null bool) {
	switch {
	case l.n > 0:
		l.bw.WriteString("\n  ]")
	case null:
		l.bw.WriteString("null")
	default:
		l.bw.WriteString("[]")
	}
}

// indentEncoder encodes values as a member of an indented document at a
// given depth, without the encoder's trailing newline; the first error
// sticks.
type indentEncoder struct {
	buf bytes.Buffer
	enc *json.Encoder
	err error
}

func newIndentEncoder(prefix string) *indentEncoder {
	e := &indentEncoder{}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetIndent(prefix, "  ")
	e.enc.SetEscapeHTML(false)
	return e
}

func (e *indentEncoder) write(w *bufio.Writer, v any) {
	if e.err != nil {
		return
	}
	e.buf.Reset()
	if e.err = e.enc.Encode(v); e.err != nil {
		return
	}
	w.Write(bytes.TrimSuffix(e.buf.Bytes(), []byte("\n")))
}
