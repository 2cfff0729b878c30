package repodata

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Modules is a repository's modularity metadata (EL8/EL9 AppStream),
// read from modules.yaml: the module streams with the packages each ships,
// and the default stream of each module that has one.
type Modules struct {
	Streams  []ModuleStream
	Defaults map[string]string // module name → default stream
}

// ModuleStream is one modulemd document: a build of a module stream.
type ModuleStream struct {
	Name      string
	Stream    string
	Version   uint64
	Context   string
	Arch      string
	Artifacts []string // NEVRAs, epoch always present: "nodejs-1:18.19.1-1.module_el9+986+cd5c1200.x86_64"
}

// ParseModules reads a decompressed modules.yaml: a stream of YAML
// documents, of which it uses "modulemd" (versions 1 and 2) and
// "modulemd-defaults" (version 1) and ignores the others (translations,
// obsoletes).
func ParseModules(r io.Reader) (*Modules, error) {
	m := &Modules{Defaults: map[string]string{}}
	dec := yaml.NewDecoder(r)
	for i := 1; ; i++ {
		var doc struct {
			Document string    `yaml:"document"`
			Version  int       `yaml:"version"`
			Data     yaml.Node `yaml:"data"`
		}
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return m, nil
		}
		if err != nil {
			return nil, fmt.Errorf("modules.yaml: document %d: %w", i, err)
		}
		if err := m.add(doc.Document, doc.Version, &doc.Data); err != nil {
			return nil, fmt.Errorf("modules.yaml: document %d (%s): %w", i, doc.Document, err)
		}
	}
}

func (m *Modules) add(kind string, version int, data *yaml.Node) error {
	switch {
	case kind == "modulemd" && (version == 1 || version == 2):
		var d struct {
			Name      string `yaml:"name"`
			Stream    string `yaml:"stream"`
			Version   uint64 `yaml:"version"`
			Context   string `yaml:"context"`
			Arch      string `yaml:"arch"`
			Artifacts struct {
				RPMs []string `yaml:"rpms"`
			} `yaml:"artifacts"`
		}
		if err := data.Decode(&d); err != nil {
			return err
		}
		if d.Name == "" || d.Stream == "" {
			return fmt.Errorf("module without name or stream")
		}
		s := ModuleStream{Name: d.Name, Stream: d.Stream, Version: d.Version, Context: d.Context, Arch: d.Arch}
		for _, a := range d.Artifacts.RPMs {
			n, err := parseArtifact(a)
			if err != nil {
				return fmt.Errorf("module %s:%s: artifact %w", d.Name, d.Stream, err)
			}
			s.Artifacts = append(s.Artifacts, n.String())
		}
		m.Streams = append(m.Streams, s)
	case kind == "modulemd-defaults" && version == 1:
		var d struct {
			Module string `yaml:"module"`
			Stream string `yaml:"stream"`
		}
		if err := data.Decode(&d); err != nil {
			return err
		}
		if d.Module == "" {
			return fmt.Errorf("defaults without module name")
		}
		if d.Stream != "" {
			m.Defaults[d.Module] = d.Stream
		}
	}
	return nil
}

// artifactNEVRA is a parsed name-[epoch:]version-release.arch.
type artifactNEVRA struct {
	Name string
	EVR  EVR
	Arch string
}

// String formats n with its epoch always written ("0" when empty).
func (n artifactNEVRA) String() string {
	e := n.EVR.Epoch
	if e == "" {
		e = "0"
	}
	return n.Name + "-" + e + ":" + n.EVR.Version + "-" + n.EVR.Release + "." + n.Arch
}

func parseArtifact(s string) (artifactNEVRA, error) {
	var n artifactNEVRA
	rest, arch, ok1 := cutLastOf(s, ".")
	rest, rel, ok2 := cutLastOf(rest, "-")
	name, ev, ok3 := cutLastOf(rest, "-")
	if !ok1 || !ok2 || !ok3 || name == "" || arch == "" || rel == "" || ev == "" {
		return n, fmt.Errorf("%q: not name-[epoch:]version-release.arch", s)
	}
	epoch, ver, ok := strings.Cut(ev, ":")
	if !ok {
		epoch, ver = "", ev
	}
	return artifactNEVRA{Name: name, EVR: EVR{Epoch: epoch, Version: ver, Release: rel}, Arch: arch}, nil
}

func cutLastOf(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}
