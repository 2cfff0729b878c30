package repodata

import "testing"

func mustDep(t *testing.T, s string) Dep {
	t.Helper()
	d, err := ParseDep(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestOverlaps(t *testing.T) {
	for _, c := range []struct {
		provide, require string
		want             bool
	}{
		{"foo", "foo", true},
		{"foo", "bar", false},
		{"foo", "foo >= 2", true},    // unversioned provide satisfies any
		{"foo = 1.0-1", "foo", true}, // unversioned require
		{"foo = 1.0-1", "foo >= 1.0", true},
		{"foo = 1.0-1", "foo > 1.0", false},
		{"foo = 1.0-1", "foo = 1.0", true}, // release omitted: any release
		{"foo = 1.0", "foo = 1.0-5", true}, // release omitted on the provide
		{"foo = 1.0-1", "foo = 1.0-2", false},
		{"foo = 1.0-1", "foo < 1.0-2", true},
		{"foo = 1.0-1", "foo <= 1.0", true},
		{"foo = 1.0-1", "foo < 1.0", false},
		{"foo = 1:0.5-1", "foo >= 1.0", true}, // epoch 1 beats missing epoch
		{"foo = 0:1.0-1", "foo = 1.0", true},  // explicit 0 equals missing
		{"foo = 1.0-1", "foo >= 1:0.1", false},
		{"foo = 1.0~rc1", "foo >= 1.0", false},
		{"foo = 1.0^post1", "foo > 1.0", true},
		{"foo >= 2", "foo < 3", true}, // two ranges
		{"foo >= 3", "foo < 3", false},
		{"foo <= 3", "foo >= 3", true},
		{"foo < 3", "foo > 1", true},
		{"foo > 3", "foo > 5", true},
		{"python3dist(flask) = 2.0.3", "python3dist(flask) >= 2", true},
		{"python3dist(flask) = 2.0.3", "python3dist(flask) < 2~~", false},
	} {
		p, r := mustDep(t, c.provide), mustDep(t, c.require)
		if got := Overlaps(p, r); got != c.want {
			t.Errorf("Overlaps(%q, %q) = %v, want %v", c.provide, c.require, got, c.want)
		}
		if got := Overlaps(r, p); got != c.want {
			t.Errorf("Overlaps(%q, %q) = %v, want %v (symmetry)", c.require, c.provide, got, c.want)
		}
	}
}

func TestCompareEVR(t *testing.T) {
	for _, c := range []struct {
		a, b EVR
		want int
	}{
		{EVR{"", "1.0", "1"}, EVR{"0", "1.0", "1"}, 0},
		{EVR{"1", "0.1", "1"}, EVR{"", "9", "1"}, 1},
		{EVR{"", "1.0", "1"}, EVR{"", "1.0", "2"}, -1},
		{EVR{"", "1.0", ""}, EVR{"", "1.0", "1"}, -1}, // strict: empty release sorts first
		{EVR{"2", "1", "1"}, EVR{"10", "1", "1"}, -1},
	} {
		if got := CompareEVR(c.a, c.b); got != c.want {
			t.Errorf("CompareEVR(%v, %v) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := CompareEVR(c.b, c.a); got != -c.want {
			t.Errorf("CompareEVR(%v, %v) = %d, want %d", c.b, c.a, got, -c.want)
		}
	}
}

func TestParseEVRAndString(t *testing.T) {
	for _, c := range []struct {
		in   string
		want EVR
		str  string
	}{
		{"1.0", EVR{Version: "1.0"}, "1.0"},
		{"1.0-1.el9", EVR{Version: "1.0", Release: "1.el9"}, "1.0-1.el9"},
		{"2:1.0-1", EVR{"2", "1.0", "1"}, "2:1.0-1"},
		{"0:1.0-1", EVR{"0", "1.0", "1"}, "1.0-1"},
		{"a:b-c-d", EVR{"", "a:b-c", "d"}, "a:b-c-d"},
	} {
		got := ParseEVR(c.in)
		if got != c.want {
			t.Errorf("ParseEVR(%q) = %#v, want %#v", c.in, got, c.want)
		}
		if s := got.String(); s != c.str {
			t.Errorf("%#v.String() = %q, want %q", got, s, c.str)
		}
	}
}

func TestParseDep(t *testing.T) {
	for _, c := range []struct {
		in      string
		want    Dep
		wantErr bool
	}{
		{"foo", Dep{Name: "foo"}, false},
		{"python3dist(foo) >= 1.2", Dep{Name: "python3dist(foo)", Flags: FlagGE, EVR: EVR{Version: "1.2"}}, false},
		{"foo =< 1", Dep{Name: "foo", Flags: FlagLE, EVR: EVR{Version: "1"}}, false},
		{"(a or b)", Dep{Name: "(a or b)"}, false},
		{"foo ~ 1", Dep{}, true},
		{"foo >=", Dep{}, true},
		{"(a or", Dep{}, true},
	} {
		got, err := ParseDep(c.in)
		if (err != nil) != c.wantErr || got != c.want {
			t.Errorf("ParseDep(%q) = %#v, %v; want %#v, err %v", c.in, got, err, c.want, c.wantErr)
		}
		if err == nil && got.String() != c.in && c.in != "foo =< 1" {
			t.Errorf("ParseDep(%q).String() = %q", c.in, got.String())
		}
	}
}
