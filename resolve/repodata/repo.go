package repodata

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// Repo is what LoadRepo reads of a repository.
type Repo struct {
	ID       string
	BaseURL  string
	Repomd   *Repomd   // Repomd.Data["primary"].Checksum identifies the content
	Packages []Package // from primary, Repo set to ID; modular ones included
	Modules  *Modules  // nil when the repository has no modules.yaml
}

// LoadRepo reads a repository at baseURL (file://, http(s):// or a path):
// repodata/repomd.xml, then primary and, when listed, modules, each
// verified against repomd.xml's checksums while it is decompressed and
// parsed. Filelists and other metadata are not read. client serves http
// and https URLs.
func LoadRepo(ctx context.Context, client *http.Client, id, baseURL string) (*Repo, error) {
	src := &Source{Client: client}
	repo := &Repo{ID: id, BaseURL: baseURL}
	err := func() error {
		f, err := src.Open(ctx, baseURL, "repodata/repomd.xml")
		if err != nil {
			return err
		}
		defer f.Close()
		repo.Repomd, err = ParseRepomd(f)
		return err
	}()
	if err != nil {
		return nil, fmt.Errorf("repo %s: %w", id, err)
	}
	primary, ok := repo.Repomd.Data["primary"]
	if !ok {
		return nil, fmt.Errorf("repo %s: repomd.xml lists no primary metadata", id)
	}
	err = loadVerified(ctx, src, baseURL, primary, func(r io.Reader) (err error) {
		repo.Packages, err = ParsePrimary(r, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("repo %s: %w", id, err)
	}
	if modules, ok := repo.Repomd.Data["modules"]; ok {
		err = loadVerified(ctx, src, baseURL, modules, func(r io.Reader) (err error) {
			repo.Modules, err = ParseModules(r)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("repo %s: %w", id, err)
		}
	}
	return repo, nil
}

// loadVerified opens a metadata file, parses it while verifying it, and
// reads whatever the parser left so that the checks complete.
func loadVerified(ctx context.Context, src *Source, base string, d RepomdData, parse func(io.Reader) error) error {
	f, err := src.Open(ctx, base, d.Location)
	if err != nil {
		return err
	}
	defer f.Close()
	// Decompression and verification run on goroutines of their own,
	// ahead of the parser.
	vr, err := openVerifiedAhead(f, d)
	if err != nil {
		return err
	}
	defer vr.Close()
	if err := parse(vr); err != nil {
		// A parse error before the end may come from a corrupt file:
		// report the failed check too.
		if _, derr := io.Copy(io.Discard, vr); derr != nil && !errors.Is(err, derr) {
			return errors.Join(derr, err)
		}
		return err
	}
	if _, err := io.Copy(io.Discard, vr); err != nil {
		return err
	}
	return nil
}
