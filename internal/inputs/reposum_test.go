package inputs

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/deps-rpm/deps/internal/config"
)

// A repository's digest, which a no-op sync compares, changes with what a
// .repo file says of it and not only with its metadata: an exclude, a
// priority, gpgcheck; offline, read from the cache, it is the same as
// online.
func TestRepoMetadataDigestOptions(t *testing.T) {
	root := t.TempDir()
	writeFaultRepo(t, filepath.Join(root, "r"), faultPkgs("p", 3), "gz")
	env, _ := faultEnv(t)
	repoFile := filepath.Join(root, "r.repo")
	digest := func(text string, offline bool) string {
		t.Helper()
		if err := os.WriteFile(repoFile, []byte("[r]\nbaseurl=file://"+filepath.Join(root, "r")+"\n"+text), 0o644); err != nil {
			t.Fatal(err)
		}
		e := env
		e.Offline = offline
		repos, err := LoadRepos(faultCtx(t), e, &config.Config{Yum: config.YumConfig{RepoFiles: []string{repoFile}}}, "x86_64")
		if err != nil {
			t.Fatal(err)
		}
		return repos[0].MetadataDigest()
	}
	plain := digest("", false)
	seen := map[string]string{plain: "plain"}
	for _, opt := range []string{"excludepkgs=p-1\n", "priority=5\n", "cost=10\n", "gpgcheck=1\ngpgkey=file:///nonexistent\n"} {
		d := digest(opt, false)
		if prev, dup := seen[d]; dup {
			t.Errorf("%q: the same digest as %s", opt, prev)
		}
		seen[d] = opt
	}
	if off := digest("", true); off == "" || off == digest("excludepkgs=p-1\n", true) {
		t.Errorf("offline digest %q: empty, or blind to an exclude", off)
	}
}
