package repodata

import (
	"fmt"
	"reflect"
	"testing"
)

func pkg(name, evr, repo string, provides, requires []string, files ...string) Package {
	p := Package{Name: name, Arch: "noarch", EVR: ParseEVR(evr), Repo: repo,
		Location: "Packages/" + name + ".rpm", Files: files}
	if p.EVR.Epoch == "" {
		p.EVR.Epoch = "0"
	}
	for _, s := range provides {
		d, err := ParseDep(s)
		if err != nil {
			panic(err)
		}
		p.Provides = append(p.Provides, d)
	}
	for _, s := range requires {
		d, err := ParseDep(s)
		if err != nil {
			panic(err)
		}
		p.Requires = append(p.Requires, d)
	}
	return p
}

func testPackages() []Package {
	return []Package{
		pkg("python3-flask", "2.0.3-3.el9", "appstream",
			[]string{"python3-flask = 1:2.0.3-3.el9", "python3dist(flask) = 2.0.3", "python3.9dist(flask) = 2.0.3"},
			[]string{"python3dist(werkzeug) >= 2", "(python3dist(click) >= 7.1.2 with python3dist(click) < 9)"}, "/usr/bin/flask"),
		pkg("python3-werkzeug", "2.0.3-1.el9", "appstream",
			[]string{"python3dist(werkzeug) = 2.0.3"}, []string{"/usr/bin/python3"}),
		pkg("python3-werkzeug", "3.0.1-1.fc40", "updates",
			[]string{"python3dist(werkzeug) = 3.0.1"}, nil),
		pkg("python3-click", "8.1.3-1", "appstream",
			[]string{"python3dist(click) = 8.1.3"}, nil),
		pkg("python3-click7", "7.0-1", "appstream",
			[]string{"python3dist(click) = 7"}, nil),
		pkg("python3", "3.9.18-1.el9", "baseos", []string{"python(abi) = 3.9"}, nil, "/usr/bin/python3"),
		pkg("bash", "5.1.8-6.el9", "baseos", []string{"/bin/sh", "bash = 5.1.8-6.el9"}, nil, "/usr/bin/bash"),
	}
}

func names(ps []*Package) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name+"-"+p.EVR.Version+"@"+p.Repo)
	}
	return out
}

func checkQueries(t *testing.T, ix *Index) {
	t.Helper()
	for _, c := range []struct {
		dep  string
		want []string
	}{
		{"python3dist(werkzeug)", []string{"python3-werkzeug-2.0.3@appstream", "python3-werkzeug-3.0.1@updates"}},
		{"python3dist(werkzeug) >= 2.1", []string{"python3-werkzeug-3.0.1@updates"}},
		{"python3dist(werkzeug) < 2~~", nil},
		{"python3dist(nothing)", nil},
		{"python3-werkzeug = 2.0.3", []string{"python3-werkzeug-2.0.3@appstream"}}, // implicit self-provide
		{"python3-werkzeug > 2.0.3-1.el9", []string{"python3-werkzeug-3.0.1@updates"}},
		{"python3-flask >= 1:2", []string{"python3-flask-2.0.3@appstream"}},
		{"/usr/bin/python3", []string{"python3-3.9.18@baseos"}}, // file list
		{"/bin/sh", []string{"bash-5.1.8@baseos"}},              // explicit path provide
		{"/usr/bin/nope", nil},
		{"(python3dist(click) >= 7.1.2 with python3dist(click) < 9)", []string{"python3-click-8.1.3@appstream"}},
		{"(python3dist(click) < 7.1 or python3-werkzeug > 3)", []string{"python3-click7-7.0@appstream", "python3-werkzeug-3.0.1@updates"}},
	} {
		d, err := ParseDep(c.dep)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(ix.WhatProvides(d)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("WhatProvides(%s) = %v, want %v", c.dep, got, c.want)
		}
		if got := ix.Satisfied(d); got != (len(c.want) > 0) {
			t.Errorf("Satisfied(%s) = %v", c.dep, got)
		}
	}
	for _, c := range []struct {
		dep  string
		want bool
	}{
		{"(python3dist(click) >= 7.1.2 if python3)", true},
		{"(python3dist(click) >= 9 if python3)", false},
		{"(python3dist(click) >= 9 if nothing)", true},
		{"(python3dist(click) >= 7 without python3dist(click) >= 8)", true},
		{"(broken", false},
	} {
		if got := ix.Satisfied(Dep{Name: c.dep}); got != c.want {
			t.Errorf("Satisfied(%s) = %v, want %v", c.dep, got, c.want)
		}
	}
	if got := names(ix.Lookup("python3-werkzeug")); len(got) != 2 {
		t.Errorf("Lookup(python3-werkzeug) = %v", got)
	}
	if got := ix.Lookup("python3dist(werkzeug)"); got != nil {
		t.Errorf("Lookup by provide name = %v, want nil", names(got))
	}
	if ix.Len() != len(testPackages()) || len(ix.Packages()) != ix.Len() {
		t.Errorf("Len = %d, Packages = %d", ix.Len(), len(ix.Packages()))
	}
	if a, b := ix.WhatProvides(Dep{Name: "python3dist(click)"}), ix.Lookup("python3-click"); a[0] != b[0] {
		t.Error("the same package gave two pointers")
	}
}

func TestIndexQueries(t *testing.T) {
	checkQueries(t, NewIndex(testPackages()))
}

func TestIndexRoundTrip(t *testing.T) {
	pkgs := testPackages()
	pkgs[0].Requires[0].Pre = true
	pkgs[0].Conflicts = []Dep{{Name: "python3-flask-old", Flags: FlagLT, EVR: EVR{"0", "1", ""}}}
	pkgs[0].Obsoletes = []Dep{{Name: "python-flask"}, {Name: "odd", EVR: EVR{Version: "1"}}}
	pkgs[0].Checksum = Checksum{"sha256", "abcd"}
	pkgs[0].Size, pkgs[0].SourceRPM, pkgs[0].Summary, pkgs[0].LocationBase = 12345, "python-flask-2.0.3-3.el9.src.rpm", "A micro-framework", "http://x/"
	ix := NewIndex(pkgs)
	data, err := ix.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	back, err := UnmarshalIndex(data)
	if err != nil {
		t.Fatal(err)
	}
	for i := range pkgs {
		if got := back.Package(i); !reflect.DeepEqual(*got, pkgs[i]) {
			t.Errorf("package %d:\n got %#v\nwant %#v", i, *got, pkgs[i])
		}
	}
	checkQueries(t, back)
	again, _ := back.MarshalBinary()
	if string(again) != string(data) {
		t.Error("re-marshalled image differs")
	}
}

func TestIndexEmpty(t *testing.T) {
	ix := NewIndex(nil)
	data, _ := ix.MarshalBinary()
	back, err := UnmarshalIndex(data)
	if err != nil {
		t.Fatal(err)
	}
	if back.Len() != 0 || back.Satisfied(Dep{Name: "x"}) || back.Lookup("") != nil {
		t.Error("empty index answers")
	}
}

func TestUnmarshalIndexCorrupt(t *testing.T) {
	data, _ := NewIndex(testPackages()).MarshalBinary()
	for n := 0; n < len(data); n++ {
		if _, err := UnmarshalIndex(data[:n]); err == nil {
			t.Fatalf("truncated to %d bytes: no error", n)
		}
	}
	for i := 0; i < len(data); i++ {
		bad := append([]byte(nil), data...)
		bad[i] ^= 0x41
		if _, err := UnmarshalIndex(bad); err == nil {
			t.Fatalf("byte %d flipped: no error", i)
		}
	}
}

// FuzzIndexImage feeds arbitrary images past the CRC check: loading may
// fail but must not panic, and every query on a loaded index must work.
func FuzzIndexImage(f *testing.F) {
	data, _ := NewIndex(testPackages()).MarshalBinary()
	f.Add(data)
	f.Add(data[:headerLen])
	f.Fuzz(func(t *testing.T, data []byte) {
		ix, err := parseImage(string(data))
		if err != nil {
			return
		}
		ix.Packages()
		for _, n := range []string{"python3dist(werkzeug)", "/usr/bin/python3", "bash", "", "zzz"} {
			ix.WhatProvides(Dep{Name: n, Flags: FlagGE, EVR: EVR{Version: "1"}})
			ix.Lookup(n)
		}
		ix.Satisfied(Dep{Name: "(a with b)"})
	})
}

// synthPackages makes n packages with about 10 provides, 10 requires and
// 3 files each, with realistic name shapes and sharing.
func synthPackages(n int) []Package {
	pkgs := make([]Package, n)
	for i := range pkgs {
		name := fmt.Sprintf("python3-pkg%05d", i)
		v := fmt.Sprintf("%d.%d.%d", i%7+1, i%13, i%5)
		p := Package{Name: name, Arch: "x86_64", EVR: EVR{"0", v, fmt.Sprintf("%d.el9", i%4+1)},
			Repo: "appstream", Location: "Packages/p/" + name + "-" + v + ".rpm",
			Checksum: Checksum{"sha256", fmt.Sprintf("%064x", i*7919)}, Size: int64(10000 + i),
			SourceRPM: name + "-" + v + ".src.rpm", Summary: "Synthetic package number " + fmt.Sprint(i)}
		p.Provides = append(p.Provides,
			Dep{Name: name, Flags: FlagEQ, EVR: p.EVR},
			Dep{Name: name + "(x86-64)", Flags: FlagEQ, EVR: p.EVR},
			Dep{Name: fmt.Sprintf("python3dist(pkg%05d)", i), Flags: FlagEQ, EVR: EVR{Version: v}},
			Dep{Name: fmt.Sprintf("python3.9dist(pkg%05d)", i), Flags: FlagEQ, EVR: EVR{Version: v}})
		for k := 0; k < 6; k++ {
			p.Provides = append(p.Provides, Dep{Name: fmt.Sprintf("lib%05d_%d.so.%d()(64bit)", i, k, k)})
		}
		for k := 0; k < 10; k++ {
			j := (i*31 + k*977) % n
			if k%3 == 0 {
				p.Requires = append(p.Requires, Dep{Name: fmt.Sprintf("python3dist(pkg%05d)", j), Flags: FlagGE, EVR: EVR{Version: "1.0"}})
			} else {
				p.Requires = append(p.Requires, Dep{Name: fmt.Sprintf("lib%05d_%d.so.%d()(64bit)", j, k%6, k%6)})
			}
		}
		p.Files = []string{"/usr/bin/" + name, "/etc/" + name + ".conf", "/usr/sbin/" + name + "d"}
		pkgs[i] = p
	}
	return pkgs
}

func TestIndexSynthetic(t *testing.T) {
	pkgs := synthPackages(2000)
	data, _ := NewIndex(pkgs).MarshalBinary()
	ix, err := UnmarshalIndex(data)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range pkgs {
		for _, r := range p.Requires {
			if !ix.Satisfied(r) {
				t.Fatalf("package %d: %s unsatisfied", i, r)
			}
		}
		if got := ix.WhatProvides(Dep{Name: p.Files[1]}); len(got) != 1 || got[0].Name != p.Name {
			t.Fatalf("file %s: %v", p.Files[1], names(got))
		}
	}
}

const benchPackages = 70000

func BenchmarkNewIndex(b *testing.B) {
	pkgs := synthPackages(benchPackages)
	b.ResetTimer()
	for b.Loop() {
		NewIndex(pkgs)
	}
}

func BenchmarkUnmarshalIndex(b *testing.B) {
	data, _ := NewIndex(synthPackages(benchPackages)).MarshalBinary()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := UnmarshalIndex(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWarmQueries loads an index and asks 300 questions, as a warm
// audit does.
func BenchmarkWarmQueries(b *testing.B) {
	data, _ := NewIndex(synthPackages(benchPackages)).MarshalBinary()
	b.ResetTimer()
	for b.Loop() {
		ix, err := UnmarshalIndex(data)
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < 300; i++ {
			d := Dep{Name: fmt.Sprintf("python3dist(pkg%05d)", i*233), Flags: FlagGE, EVR: EVR{Version: "1"}}
			for _, p := range ix.WhatProvides(d) {
				for _, r := range p.Requires {
					ix.Satisfied(r)
				}
			}
		}
	}
}
