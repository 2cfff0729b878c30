package pipeline

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/deps-rpm/deps/fixtures"
	"github.com/deps-rpm/deps/internal/testenv"
)

// A file requirement met by a file only filelists lists (not /etc, not a
// bin/ directory) closes the repository, as it does for dnf.
func TestVerifyFileRequirementInFilelists(t *testing.T) {
	testenv.RequireTool(t, "rpmbuild")
	testenv.RequireTool(t, "createrepo_c")
	dir := filepath.Join(t.TempDir(), "repo")
	ctx := context.Background()
	err := fixtures.BuildRPMs(ctx, dir, []fixtures.RPM{
		{Name: "words", Version: "3.0", Release: "1", Files: []string{"/usr/share/dict/words"}},
		{Name: "speller", Version: "1.0", Release: "1", Requires: []string{"/usr/share/dict/words"}},
		{Name: "lost", Version: "1.0", Release: "1", Requires: []string{"/usr/share/dict/nowhere"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := fixtures.Createrepo(ctx, dir); err != nil {
		t.Fatal(err)
	}
	problems, n, err := verifyRepoCount(ctx, nil, nil, dir)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 || len(problems) != 1 || problems[0].Name != "/usr/share/dict/nowhere" {
		t.Errorf("%d packages, unmet %+v; want only lost's /usr/share/dict/nowhere", n, problems)
	}
}
