package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/internal/inputs"

	"github.com/deps-rpm/deps/pypi/pep508"
	"github.com/deps-rpm/deps/resolve"
	"github.com/deps-rpm/deps/rpmbuild"
)

// appSpec generates the application's spec from [app]: Requires one per
// direct requirement (marker true for the target) in the profile's
// capability style, services, the user, config files.
func appSpec(cfg *config.Config, in *inputs.Inputs) (*rpmbuild.Spec, rpmbuild.AppInput, error) {
	a := cfg.App
	if a.Name == "" || a.Version == "" {
		return nil, rpmbuild.AppInput{}, fmt.Errorf("%s: [app] needs name and version to build the application's RPM", cfg.FileName)
	}
	ai := rpmbuild.AppInput{
		Name: a.Name, Version: a.Version, Release: a.Release, Summary: a.Summary, Description: a.Description,
		License: a.License, URL: a.URL, Prefix: a.Prefix, User: a.User, Group: a.Group,
		ConfigFiles: a.ConfigFiles, AllowSystemPaths: a.AllowSystemPaths, SysV: a.SysV, Enable: a.Enable,
		Source:    a.Name + "-" + a.Version + ".tar.gz",
		SourceDir: a.Name + "-" + a.Version,
	}
	env := in.Target.Env()
	for _, input := range in.Reqs.Inputs {
		if input.Unsupported != "" {
			continue
		}
		if ok, err := markerTrue(input.Req, env); err != nil || !ok {
			continue
		}
		req, _, err := resolve.RPMRequires(in.Target.DistCapability(pep508.Normalize(input.Req.Name)), input.Req.Specifier, in.Target.Style)
		if err != nil {
			return nil, ai, fmt.Errorf("%s: %s: %w", input.Source, input.Req.String(), err)
		}
		ai.Requires = append(ai.Requires, req...)
	}
	for _, s := range a.Services {
		svc := rpmbuild.Service{Name: s.Name, Exec: s.Exec, User: s.User, WorkingDir: s.WorkingDir, Environment: s.Environment, After: s.After}
		if s.Unit != "" {
			text, err := os.ReadFile(cfg.Path(s.Unit))
			if err != nil {
				return nil, ai, fmt.Errorf("[app.service] %s: unit: %w", s.Name, err)
			}
			svc.UnitFile, svc.UnitText = s.Unit, string(text)
		}
		ai.Services = append(ai.Services, svc)
	}
	spec, err := rpmbuild.GenerateAppSpec(in.Profile, ai)
	return spec, ai, err
}

// appExclude are the patterns the application's source is packed
// without: [app] exclude, and deps' own output and lock when they lie in
// the source.
func appExclude(cfg *config.Config, outDir string) []string {
	exclude := append([]string{}, cfg.App.Exclude...)
	for _, p := range []string{outDir, cfg.LockFile} {
		if rel, err := filepath.Rel(cfg.App.Source, p); err == nil && !strings.HasPrefix(rel, "..") {
			exclude = append(exclude, filepath.ToSlash(rel))
		}
	}
	return exclude
}

// appJob packs the application's source deterministically and makes the
// build job of its RPM.
func appJob(ctx context.Context, cfg *config.Config, in *inputs.Inputs, dir, outDir string) (rpmbuild.Job, error) {
	spec, ai, err := appSpec(cfg, in)
	if err != nil {
		return rpmbuild.Job{}, err
	}
	src, exclude := cfg.App.Source, appExclude(cfg, outDir)
	tarball := filepath.Join(dir, ai.Source)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return rpmbuild.Job{}, err
	}
	if err := rpmbuild.PackSource(ctx, src, ai.SourceDir, exclude, tarball); err != nil {
		return rpmbuild.Job{}, fmt.Errorf("[app] source %s: %w", src, err)
	}
	return rpmbuild.Job{
		Name:    ai.Name,
		Spec:    spec,
		Sources: []string{tarball},
		Expect:  rpmbuild.Expect{Name: spec.Binary, Version: spec.Version, Arch: "noarch", Requires: ai.Requires},
	}, nil
}

// AppSpec generates the application's spec from [app] (`deps spec --app`):
// it needs the configuration and the requirements, not the repositories.
func AppSpec(ctx context.Context, cfg *config.Config) (*rpmbuild.Spec, error) {
	cfg.Complete()
	target, profile, err := inputs.LoadTarget(ctx, cfg)
	if err != nil {
		return nil, err
	}
	reqs, err := inputs.ReadRequirements(cfg, target)
	if err != nil {
		return nil, err
	}
	spec, _, err := appSpec(cfg, &inputs.Inputs{Target: target, Profile: profile, Reqs: reqs})
	return spec, err
}
