package pypi

import "testing"

func TestWheelFit(t *testing.T) {
	el9 := WheelTarget{Python: "3.9", Arch: "x86_64", Glibc: "2.34"}
	el7 := WheelTarget{Python: "3.6", Arch: "x86_64", Glibc: "2.17"}
	for _, tc := range []struct {
		tags []string
		t    WheelTarget
		fits bool
	}{
		{[]string{"py3-none-any"}, el9, true},
		{[]string{"py2.py3-none-any"}, el9, true},
		{[]string{"py39-none-any"}, el9, true},
		{[]string{"py310-none-any"}, el9, false}, // needs 3.10
		{[]string{"py2-none-any"}, el9, false},
		{[]string{"cp39-cp39-manylinux_2_17_x86_64.manylinux2014_x86_64"}, el9, true},
		{[]string{"cp39-cp39-manylinux_2_28_x86_64"}, el9, true},
		{[]string{"cp39-cp39-manylinux_2_35_x86_64"}, el9, false}, // newer glibc than el9's 2.34
		{[]string{"cp39-cp39-manylinux_2_28_x86_64"}, el7, false}, // python and glibc
		{[]string{"cp36-cp36m-manylinux2014_x86_64"}, el7, true},
		{[]string{"cp36-cp36m-manylinux_2_28_x86_64"}, el7, false}, // el7 has glibc 2.17
		{[]string{"cp39-cp39-manylinux2014_aarch64"}, el9, false},  // another machine
		{[]string{"cp310-cp310-manylinux2014_x86_64"}, el9, false}, // another Python
		{[]string{"cp37-abi3-manylinux2014_x86_64"}, el9, true},    // the stable ABI of an older minor
		{[]string{"cp311-abi3-manylinux2014_x86_64"}, el9, false},
		{[]string{"cp39-cp39-linux_x86_64"}, el9, false},         // not a portable wheel
		{[]string{"cp39-cp39-musllinux_1_1_x86_64"}, el9, false}, // musl, not glibc
		{[]string{"pp39-pypy39_pp73-manylinux2014_x86_64"}, el9, false},
		{[]string{"cp39-cp39-win_amd64"}, el9, false},
		{[]string{"cp39-cp39-manylinux2014_x86_64"}, WheelTarget{Python: "3.9", Arch: "x86_64"}, false}, // glibc unknown
	} {
		if got := WheelFit(tc.tags, tc.t) >= 0; got != tc.fits {
			t.Errorf("%v on %+v: fits %v, want %v", tc.tags, tc.t, got, tc.fits)
		}
	}
	// The nearest manylinux level and the Python's own ABI rank first.
	if a, b := WheelFit([]string{"cp39-cp39-manylinux_2_28_x86_64"}, el9), WheelFit([]string{"cp39-cp39-manylinux2014_x86_64"}, el9); a <= b {
		t.Errorf("manylinux_2_28 (%d) should rank above manylinux2014 (%d) on el9", a, b)
	}
	if a, b := WheelFit([]string{"cp39-cp39-manylinux2014_x86_64"}, el9), WheelFit([]string{"py3-none-any"}, el9); a <= b {
		t.Errorf("a fitting platform wheel (%d) should rank above a pure one (%d)", a, b)
	}
}
