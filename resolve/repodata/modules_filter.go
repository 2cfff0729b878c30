package repodata

// Hidden returns dnf's modular filter for a repository's packages. A
// module stream is active when enabled names it (module name → stream) or,
// for a module absent from enabled, when it is the module's default
// stream. All versions and contexts of an active stream are active.
//
// As in libdnf's modular filtering:
//   - a package that is an artifact of an active stream is visible
//     (module is "name:stream");
//   - a package that is an artifact only of inactive streams is hidden;
//   - a non-modular package is hidden when an active stream ships an
//     artifact of the same name (source artifacts only hide source
//     packages, binary only binary), so that e.g. enabling nodejs:18 hides
//     the non-modular nodejs 16 (module names the active stream);
//   - any other package is visible, module "".
//
// EL9 AppStream declares no default streams, so there every modular
// package is hidden unless its stream is enabled. Matching is on the full
// NEVRA, the epoch counting as 0 when empty.
func (m *Modules) Hidden(enabled map[string]string) func(p *Package) (hidden bool, module string) {
	active := func(s *ModuleStream) bool {
		if want, ok := enabled[s.Name]; ok {
			return want == s.Stream
		}
		return m.Defaults[s.Name] == s.Stream
	}
	type nameKey struct {
		name string
		src  bool
	}
	activeNEVRA := map[string]string{}   // NEVRA → module of an active stream
	inactiveNEVRA := map[string]string{} // NEVRA → module of an inactive stream
	activeName := map[nameKey]string{}
	for i := range m.Streams {
		s := &m.Streams[i]
		mod := s.Name + ":" + s.Stream
		on := active(s)
		for _, a := range s.Artifacts {
			if !on {
				inactiveNEVRA[a] = mod
				continue
			}
			activeNEVRA[a] = mod
			if n, err := parseArtifact(a); err == nil {
				activeName[nameKey{n.Name, isSourceArch(n.Arch)}] = mod
			}
		}
	}
	return func(p *Package) (bool, string) {
		key := artifactNEVRA{Name: p.Name, EVR: p.EVR, Arch: p.Arch}.String()
		if mod, ok := activeNEVRA[key]; ok {
			return false, mod
		}
		if mod, ok := inactiveNEVRA[key]; ok {
			return true, mod
		}
		if mod, ok := activeName[nameKey{p.Name, isSourceArch(p.Arch)}]; ok {
			return true, mod
		}
		return false, ""
	}
}

func isSourceArch(arch string) bool { return arch == "src" || arch == "nosrc" }
