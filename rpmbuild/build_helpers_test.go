package rpmbuild

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// testPkg describes a hand-written minimal noarch spec.
type testPkg struct {
	name, version string
	requires      []string
	build         string // %build body
	provides      string // the Provides line's value; "" = python3dist(name) = version
}

// spec writes the package's spec, as GenerateSpec would shape it: SRPM
// python-NAME, binary python3-NAME.
func (p testPkg) spec() *Spec {
	if p.version == "" {
		p.version = "1.0"
	}
	provides := p.provides
	if provides == "" {
		provides = fmt.Sprintf("python3dist(%s) = %s", p.name, p.version)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Name: python-%s\nVersion: %s\nRelease: 1\nSummary: test package %s\nLicense: MIT\nBuildArch: noarch\n\n", p.name, p.version, p.name)
	fmt.Fprintf(&b, "%%description\ntest package\n\n%%package -n python3-%s\nSummary: test package %s\nProvides: %s\n", p.name, p.name, provides)
	for _, r := range p.requires {
		fmt.Fprintf(&b, "Requires: %s\n", r)
	}
	fmt.Fprintf(&b, "\n%%description -n python3-%s\ntest package\n\n%%prep\n\n%%build\n%s\n\n", p.name, p.build)
	fmt.Fprintf(&b, "%%install\nmkdir -p %%{buildroot}/usr/share/%s\necho %s > %%{buildroot}/usr/share/%s/file\n\n", p.name, p.version, p.name)
	fmt.Fprintf(&b, "%%files -n python3-%s\n/usr/share/%s/file\n", p.name, p.name)
	return &Spec{Name: "python-" + p.name, Binary: "python3-" + p.name, Version: p.version, Arch: "noarch", Text: []byte(b.String())}
}

// job makes a Job for the package with what its RPM must say.
func (p testPkg) job(deps ...string) Job {
	s := p.spec()
	return Job{
		Name: p.name,
		Spec: s,
		Deps: deps,
		Expect: Expect{
			Name:     s.Binary,
			Version:  s.Version,
			Arch:     "noarch",
			Provides: []string{fmt.Sprintf("python3dist(%s) = %s", p.name, s.Version)},
			Requires: p.requires,
		},
	}
}

// countingBuilder counts the builds it passes on.
type countingBuilder struct {
	Builder
	n atomic.Int32
}

func (c *countingBuilder) Build(ctx context.Context, job Job, dir string, log io.Writer) ([]string, string, error) {
	c.n.Add(1)
	return c.Builder.Build(ctx, job, dir, log)
}

// eventLog records events with their time.
type eventLog struct {
	mu     sync.Mutex
	events []timedEvent
}

type timedEvent struct {
	Event
	at time.Time
}

func (l *eventLog) add(e Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, timedEvent{e, time.Now()})
}

// at returns when name had an event of kind, and whether it had one.
func (l *eventLog) at(name, kind string) (time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range l.events {
		if e.Name == name && e.Kind == kind {
			return e.at, true
		}
	}
	return time.Time{}, false
}

func hostBuilder() RPMBuild {
	return RPMBuild{NoDeps: true, Timeout: 5 * time.Minute}
}
