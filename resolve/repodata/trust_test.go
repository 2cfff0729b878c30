package repodata

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/testenv"
)

// testKey makes a signing key (see testenv.GPGKey) and loads its public
// part as a Key.
func testKey(t *testing.T, uid string) Key {
	t.Helper()
	path := testenv.GPGKey(t, uid)
	keys, err := LoadKeys(context.Background(), nil, []string{"file://" + path})
	if err != nil {
		t.Fatal(err)
	}
	return keys[0]
}

func TestParseRepoFileGPG(t *testing.T) {
	rcs, err := ParseRepoFile(strings.NewReader("[a]\nbaseurl=http://x/\ngpgcheck=1\nrepo_gpgcheck=1\ngpgkey=file:///k1\n  file:///k2\n[b]\nbaseurl=http://y/\n"), "t.repo", nil)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := rcs[0], rcs[1]; !a.GPGCheck || !a.RepoGPGCheck || len(a.GPGKeys) != 2 || b.GPGCheck || b.RepoGPGCheck {
		t.Fatalf("got %+v / %+v", a, b)
	}
}

// Signing the repomd.xml of a repository, then checking it: the signed
// file verifies, an altered one, another key's signature and a missing
// signature do not, and the errors name the file and the key.
func TestSignRepomdVerify(t *testing.T) {
	ctx := context.Background()
	other := testKey(t, "other <other@test>")
	key := testKey(t, "deps test <deps@test>")
	dir := t.TempDir()
	md := filepath.Join(dir, "repodata", "repomd.xml")
	if err := os.MkdirAll(filepath.Dir(md), 0o755); err != nil {
		t.Fatal(err)
	}
	data := []byte("<repomd><revision>1</revision></repomd>\n")
	if err := os.WriteFile(md, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := (Signer{Key: "deps@test"}).SignRepomd(ctx, dir); err != nil {
		t.Fatal(err)
	}
	sig, err := os.ReadFile(md + ".asc")
	if err != nil || !strings.HasPrefix(string(sig), "-----BEGIN PGP SIGNATURE-----") {
		t.Fatalf("repomd.xml.asc: %v %q", err, sig)
	}
	if err := VerifyDetached(ctx, []Key{key}, "repomd.xml", data, sig); err != nil {
		t.Fatalf("good signature refused: %v", err)
	}
	if err := VerifyDetached(ctx, []Key{other, key}, "repomd.xml", data, sig); err != nil {
		t.Fatalf("good signature refused with two keys: %v", err)
	}
	for _, tc := range []struct {
		name string
		keys []Key
		data []byte
		sig  []byte
		want string
	}{
		{"altered", []Key{key}, append([]byte("<!-- -->"), data...), sig, "bad signature"},
		{"other key", []Key{other}, data, sig, "NO_PUBKEY"},
		{"missing", []Key{key}, data, nil, "no signature"},
		{"garbage", []Key{key}, data, []byte("not a signature"), "bad signature"},
		{"no key", nil, data, sig, "no gpgkey"},
	} {
		err := VerifyDetached(ctx, tc.keys, "http://mirror/repodata/repomd.xml", tc.data, tc.sig)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "http://mirror/repodata/repomd.xml") {
			t.Errorf("%s: %v, want an error naming the file and %q", tc.name, err, tc.want)
		}
		if err != nil && tc.keys != nil && !strings.Contains(err.Error(), tc.keys[0].URL) {
			t.Errorf("%s: %v does not name the key", tc.name, err)
		}
	}
}

// An RPM signed with rpmsign passes rpmkeys --checksig against its key;
// the same package unsigned, or checked against another key, is an error
// naming the package and the key.
func TestCheckPackageSignatures(t *testing.T) {
	testenv.RequireTool(t, "rpmsign")
	testenv.RequireTool(t, "rpmkeys")
	ctx := context.Background()
	other := testKey(t, "other <other@test>")
	key := testKey(t, "deps test <deps@test>")
	src, err := os.ReadFile(filepath.Join("..", "..", "sample", "repos", "appstream", "python3-babel-2.9.1-2.el9.noarch.rpm"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	signed, unsigned := filepath.Join(dir, "signed.rpm"), filepath.Join(dir, "unsigned.rpm")
	for _, p := range []string{signed, unsigned} {
		if err := os.WriteFile(p, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := (Signer{Key: "deps@test"}).SignRPMs(ctx, signed); err != nil {
		t.Fatal(err)
	}
	if err := CheckPackageSignatures(ctx, []Key{key}, map[string]string{"python3-babel": signed}); err != nil {
		t.Fatalf("signed package refused: %v", err)
	}
	for _, tc := range []struct {
		name string
		keys []Key
		path string
	}{
		{"unsigned", []Key{key}, unsigned},
		{"other key", []Key{other}, signed},
	} {
		err := CheckPackageSignatures(ctx, tc.keys, map[string]string{"python3-babel-2.9.1-2.el9.noarch": tc.path})
		if err == nil || !strings.Contains(err.Error(), "python3-babel-2.9.1-2.el9.noarch") || !strings.Contains(err.Error(), tc.keys[0].URL) {
			t.Errorf("%s: %v, want an error naming the package and the key", tc.name, err)
		}
	}
}
