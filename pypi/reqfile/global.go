package reqfile

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/deps-rpm/deps/pypi/pep508"
)

// global applies a global option line's option to p.out.Options. file is
// the name of the file it is in.
func (p *parser) global(o opt, file string) *lineError {
	opts := &p.out.Options
	switch o.name {
	case "index-url":
		opts.IndexURL = o.value
		opts.ExtraIndexURLs = nil
	case "extra-index-url":
		opts.ExtraIndexURLs = append(opts.ExtraIndexURLs, o.value)
	case "no-index":
		opts.NoIndex = true
	case "find-links":
		v := o.value
		if !isURL(v) && !path.IsAbs(v) {
			if rel := path.Join(path.Dir(file), v); p.exists(rel) {
				v = rel
			}
		}
		opts.FindLinks = append(opts.FindLinks, v)
	case "trusted-host":
		opts.TrustedHosts = append(opts.TrustedHosts, o.value)
	case "no-binary":
		return mutualExclude(o, &opts.NoBinary, &opts.OnlyBinary)
	case "only-binary":
		return mutualExclude(o, &opts.OnlyBinary, &opts.NoBinary)
	case "all-releases":
		return mutualExclude(o, &opts.AllReleases, &opts.OnlyFinal)
	case "only-final":
		return mutualExclude(o, &opts.OnlyFinal, &opts.AllReleases)
	case "pre":
		opts.Pre = true
		return mutualExclude(opt{name: "all-releases", value: ":all:"}, &opts.AllReleases, &opts.OnlyFinal)
	case "prefer-binary":
		opts.PreferBinary = true
	case "require-hashes":
		opts.RequireHashes = true
	case "use-feature":
		if !slices.Contains(features, o.value) {
			return &lineError{o.valAt, fmt.Sprintf("%s: invalid choice %s (choose from %s)", o.flag, clip(o.value), strings.Join(features, ", "))}
		}
		if !slices.Contains(opts.Features, o.value) {
			opts.Features = append(opts.Features, o.value)
		}
	default: // hash, config-settings, global-option
		return &lineError{o.at, fmt.Sprintf("%s needs a requirement on the same line", o.flag)}
	}
	return nil
}

func (p *parser) exists(name string) bool {
	n, ok := fsName(path.Clean(name))
	if !ok {
		return false
	}
	_, err := fs.Stat(p.fsys, n)
	return err == nil
}

// mutualExclude is pip's FormatControl.handle_mutual_excludes: a
// comma-separated list of names, ":all:" or ":none:", added to target and
// removed from other. The lists stay sorted.
func mutualExclude(o opt, target, other *[]string) *lineError {
	if strings.HasPrefix(o.value, "-") {
		return &lineError{o.valAt, fmt.Sprintf("%s option requires 1 argument", o.flag)}
	}
	names := strings.Split(o.value, ",")
	for {
		i := slices.Index(names, ":all:")
		if i < 0 {
			break
		}
		*other = nil
		*target = []string{":all:"}
		names = names[i+1:]
		if !slices.Contains(names, ":none:") {
			return nil
		}
	}
	for _, n := range names {
		if n == ":none:" {
			*target = nil
			continue
		}
		n = pep508.Normalize(n)
		*other = slices.DeleteFunc(*other, func(s string) bool { return s == n })
		if !slices.Contains(*target, n) {
			*target = append(*target, n)
			slices.Sort(*target)
		}
	}
	return nil
}

// hashLens are the hex digest lengths of the algorithms pip accepts
// (STRONG_HASHES).
var hashLens = map[string]int{"sha256": 64, "sha384": 96, "sha512": 128}

// checkHash validates a --hash value: ALGO:HEX with a strong algorithm and
// a digest of the right length. It returns the value with lower-case hex.
// pip checks only the algorithm here and fails later at download; a typo is
// better caught with its line.
func checkHash(o opt) (string, *lineError) {
	algo, digest, ok := strings.Cut(o.value, ":")
	if !ok {
		return "", &lineError{o.valAt, fmt.Sprintf("%s value %s must be ALGORITHM:HEXDIGEST, like sha256:abcde...", o.flag, clip(o.value))}
	}
	n, known := hashLens[algo]
	if !known {
		return "", &lineError{o.valAt, fmt.Sprintf("%s algorithm %s is not allowed (use sha256, sha384 or sha512)", o.flag, clip(algo))}
	}
	digest = strings.ToLower(digest)
	if len(digest) != n || strings.Trim(digest, "0123456789abcdef") != "" {
		return "", &lineError{o.valAt + len(algo) + 1, fmt.Sprintf("%s %s digest must be %d hex digits, got %s", o.flag, algo, n, clip(digest))}
	}
	return algo + ":" + digest, nil
}
