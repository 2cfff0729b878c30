package pep440_test

import (
	"fmt"

	"github.com/deps-rpm/deps/pypi/pep440"
)

func Example() {
	set, err := pep440.ParseSpecifierSet(">=2.0,!=2.1.*,<3")
	if err != nil {
		panic(err)
	}
	for _, s := range []string{"2.0.1", "2.1.4", "3.0rc1", "2.5b1"} {
		v := pep440.MustParse(s)
		fmt.Println(v, set.Contains(v, false), set.Contains(v, true))
	}
	fmt.Println(pep440.MustParse("1.0-RC.1").String())
	// Output:
	// 2.0.1 true true
	// 2.1.4 false false
	// 3.0rc1 false false
	// 2.5b1 false true
	// 1.0rc1
}
