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

// LoadRepo is LoadRepoLimits within the default Limits.
func LoadRepo(ctx context.Context, client *http.Client, id, baseURL string) (*Repo, error) {
	return LoadRepoLimits(ctx, client, id, baseURL, Limits{})
}

// LoadRepoLimits reads a repository at baseURL (file://, http(s):// or a
// path): repodata/repomd.xml (at most MaxRepomdSize), then primary and,
// when listed, modules, each verified against repomd.xml's checksums and
// sizes while it is decompressed and parsed, and read no further than
// those sizes or lim allow. A file repomd.xml lists without any checksum
// is refused. Filelists and other metadata are not read. client serves
// http and https URLs.
func LoadRepoLimits(ctx context.Context, client *http.Client, id, baseURL string, lim Limits) (*Repo, error) {
	src := &Source{Client: client}
	repo := &Repo{ID: id, BaseURL: baseURL}
	var primary RepomdData
	var err error
	if repo.Repomd, primary, repo.Modules, err = loadHead(ctx, src, id, baseURL, lim); err != nil {
		return nil, err
	}
	err = loadVerified(ctx, src, baseURL, primary, lim, func(r io.Reader) (err error) {
		repo.Packages, err = ParsePrimary(r, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("repo %s: %w", id, err)
	}
	return repo, nil
}

// loadHead reads what every load of a repository starts with: repomd.xml,
// its primary entry, and the modules when listed (nil otherwise).
func loadHead(ctx context.Context, src *Source, id, baseURL string, lim Limits) (*Repomd, RepomdData, *Modules, error) {
	repomd, err := loadRepomd(ctx, src, baseURL)
	if err != nil {
		return nil, RepomdData{}, nil, fmt.Errorf("repo %s: %w", id, err)
	}
	primary, ok := repomd.Data["primary"]
	if !ok {
		return nil, RepomdData{}, nil, fmt.Errorf("repo %s: repomd.xml lists no primary metadata", id)
	}
	var mods *Modules
	if modules, ok := repomd.Data["modules"]; ok {
		err = loadVerified(ctx, src, baseURL, modules, lim, func(r io.Reader) (err error) {
			mods, err = ParseModules(r)
			return err
		})
		if err != nil {
			return nil, RepomdData{}, nil, fmt.Errorf("repo %s: %w", id, err)
		}
	}
	return repomd, primary, mods, nil
}

// loadRepomd reads the repository's repodata/repomd.xml.
func loadRepomd(ctx context.Context, src *Source, baseURL string) (*Repomd, error) {
	f, err := src.Open(ctx, baseURL, "repodata/repomd.xml")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseRepomd(f)
}

// loadVerified opens a metadata file, parses it while verifying it, and
// reads whatever the parser left so that the checks complete.
func loadVerified(ctx context.Context, src *Source, base string, d RepomdData, lim Limits, parse func(io.Reader) error) error {
	if d.Checksum.Value == "" && d.OpenChecksum.Value == "" {
		return fmt.Errorf("repomd.xml lists no checksum of %s (%s): its content cannot be verified", d.Type, d.Location)
	}
	f, err := src.Open(ctx, base, d.Location)
	if err != nil {
		return err
	}
	defer f.Close()
	// Decompression and verification run on goroutines of their own,
	// ahead of the parser.
	vr, err := openVerifiedAhead(f, d, lim)
	if err != nil {
		return err
	}
	defer vr.Close()
	if err := parse(vr); err != nil {
		// A parse error before the end may come from a corrupt file:
		// report the failed check too. Only the stored bytes are read
		// for it: the undecompressed rest of a bomb stays unread.
		if cerr := vr.checkStored(); cerr != nil && !errors.Is(err, cerr) {
			return errors.Join(cerr, err)
		}
		return err
	}
	if _, err := io.Copy(io.Discard, vr); err != nil {
		return err
	}
	return nil
}
