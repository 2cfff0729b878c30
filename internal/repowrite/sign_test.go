package repowrite_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/repowrite"
	"github.com/deps-rpm/deps/internal/testenv"
	"github.com/deps-rpm/deps/resolve/repodata"
)

// testKey makes a signing key (see testenv.GPGKey) and loads its public
// part as a Key.
func testKey(t *testing.T, uid string) repodata.Key {
	t.Helper()
	path := testenv.GPGKey(t, uid)
	keys, err := repodata.LoadKeys(context.Background(), nil, []string{"file://" + path})
	if err != nil {
		t.Fatal(err)
	}
	return keys[0]
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
	if err := (repowrite.Signer{Key: "deps@test"}).SignRepomd(ctx, dir); err != nil {
		t.Fatal(err)
	}
	sig, err := os.ReadFile(md + ".asc")
	if err != nil || !strings.HasPrefix(string(sig), "-----BEGIN PGP SIGNATURE-----") {
		t.Fatalf("repomd.xml.asc: %v %q", err, sig)
	}
	if err := repodata.VerifyDetached(ctx, []repodata.Key{key}, "repomd.xml", data, sig); err != nil {
		t.Fatalf("good signature refused: %v", err)
	}
	if err := repodata.VerifyDetached(ctx, []repodata.Key{other, key}, "repomd.xml", data, sig); err != nil {
		t.Fatalf("good signature refused with two keys: %v", err)
	}
	for _, tc := range []struct {
		name string
		keys []repodata.Key
		data []byte
		sig  []byte
		want string
	}{
		{"altered", []repodata.Key{key}, append([]byte("<!-- -->"), data...), sig, "bad signature"},
		{"other key", []repodata.Key{other}, data, sig, "NO_PUBKEY"},
		{"missing", []repodata.Key{key}, data, nil, "no signature"},
		{"garbage", []repodata.Key{key}, data, []byte("not a signature"), "bad signature"},
		{"no key", nil, data, sig, "no gpgkey"},
	} {
		err := repodata.VerifyDetached(ctx, tc.keys, "http://mirror/repodata/repomd.xml", tc.data, tc.sig)
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
	if err := (repowrite.Signer{Key: "deps@test"}).SignRPMs(ctx, signed); err != nil {
		t.Fatal(err)
	}
	if err := repodata.CheckPackageSignatures(ctx, []repodata.Key{key}, map[string]string{"python3-babel": signed}); err != nil {
		t.Fatalf("signed package refused: %v", err)
	}
	for _, tc := range []struct {
		name string
		keys []repodata.Key
		path string
	}{
		{"unsigned", []repodata.Key{key}, unsigned},
		{"other key", []repodata.Key{other}, signed},
	} {
		err := repodata.CheckPackageSignatures(ctx, tc.keys, map[string]string{"python3-babel-2.9.1-2.el9.noarch": tc.path})
		if err == nil || !strings.Contains(err.Error(), "python3-babel-2.9.1-2.el9.noarch") || !strings.Contains(err.Error(), tc.keys[0].URL) {
			t.Errorf("%s: %v, want an error naming the package and the key", tc.name, err)
		}
	}
}
