package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/deps-rpm/deps/internal/pipeline"
)

const specSynopsis = `spec NAME[==VERSION] [-c deps.toml] [--profile P] [-i INDEX]... [-o FILE] [--sources DIR]
       spec --app [-c deps.toml] [--profile P] [-o FILE]

Prints the RPM spec deps generates for one Python project and target
profile, from the project's sdist on the index (deps.toml's [pypi] index,
-i, or PyPI). Source0 is the sdist's own file name: with --sources DIR the
sdist is copied there, so that

    deps spec flask==2.0.3 --profile host --sources ~/rpmbuild/SOURCES > flask.spec
    rpmbuild -bb --nodeps flask.spec

builds it (--nodeps on a host without an rpm database). With --app, prints
the application's spec from [app] in deps.toml instead.
`

func runSpec(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("spec", specSynopsis, stderr)
	var c commonFlags
	c.register(fs)
	var ix indexFlags
	ix.register(fs)
	var out, sources string
	var app bool
	fs.BoolVar(&app, "app", false, "print the application's spec ([app] in deps.toml)")
	fs.StringVar(&out, "o", "", "write the spec to FILE instead of stdout")
	fs.StringVar(&sources, "sources", "", "copy the sdist into DIR (rpmbuild's SOURCES)")
	positional := 1
	if slices.Contains(args, "--app") || slices.Contains(args, "-app") {
		positional = 0
	}
	pos, cfg, env, closeEnv, err := c.setup(fs, args, false, positional, stderr)
	defer closeEnv()
	if err != nil {
		return exitUsage, err
	}
	if app {
		spec, err := pipeline.AppSpec(ctx, cfg)
		if err != nil {
			return exitUsage, err
		}
		return exitOK, writeSpec(stdout, out, spec.Text)
	}
	opt := ix.options()
	res, err := pipeline.Spec(ctx, env, cfg, pos[0], pipeline.SpecOptions{
		Indexes: opt.Indexes, ExtraIndexes: opt.ExtraIndexes, NoIndex: opt.NoIndex, FindLink: opt.FindLink})
	if err != nil {
		return exitUsage, err
	}
	for _, w := range res.Spec.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	if sources != "" {
		if err := copyFile(res.Sdist, filepath.Join(sources, res.SdistName)); err != nil {
			return exitUsage, err
		}
	}
	return exitOK, writeSpec(stdout, out, res.Spec.Text)
}

// writeSpec prints a spec, or writes it to out.
func writeSpec(stdout io.Writer, out string, text []byte) error {
	if out == "" {
		_, err := stdout.Write(text)
		return err
	}
	return os.WriteFile(out, text, 0o644)
}

// copyFile copies src to dst through a temporary file renamed into place.
func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	tmp := dst + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("copy %s: %w", src, err)
	}
	return nil
}
