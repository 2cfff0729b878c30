package pipeline

import (
	"fmt"
	"os"
	"sync"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/backend"
	"github.com/deps-rpm/deps/internal/config"
	"github.com/deps-rpm/deps/rpmbuild"
)

// coprJobs is how many builds a Copr run keeps submitted at once when
// neither --jobs nor [build] jobs says: Copr's default cap of running
// builds per owner.
const coprJobs = 20

// coprBackend builds the Python packages on Copr and the application,
// which never leaves this machine, with local.
func coprBackend(env deps.Env, cfg *config.Config, profile rpmbuild.Profile, outDir string, local rpmbuild.Builder) (*backend.Remote, error) {
	c := cfg.Copr
	creds, err := backend.ReadCoprCredentials(c.Config, os.Getenv)
	if err != nil {
		return nil, fmt.Errorf("[copr]: %w", err)
	}
	url := c.URL
	if url == "" {
		url = creds.URL
	}
	chroots := c.Chroots
	if len(chroots) == 0 {
		ch, ok := coprChroots[profile.Name]
		if !ok {
			return nil, fmt.Errorf("[copr]: no Copr chroot is known for profile %s: set [copr] chroots", profile.Name)
		}
		chroots = []string{ch + "-" + cfg.Target.Arch}
	}
	poll := c.PollInterval()
	exec := &backend.Copr{
		URL: url, Owner: c.Owner(), Project: c.Name(), Chroots: chroots, AdditionalRepos: c.AdditionalRepos,
		Login: creds.Login, Token: creds.Token, Client: env.HTTP, PollMin: poll, PollMax: 4 * poll,
	}
	p := &coprProgress{rep: env.Reporter, jobs: map[string]string{}, states: map[string]string{}}
	exec.Progress = p.state
	return &backend.Remote{
		Exec: exec, OutDir: outDir, SRPM: rpmbuild.RPMBuild{NoDeps: true},
		Local: local, LocalJobs: []string{cfg.App.Name},
		Events: p.event,
	}, nil
}

// coprProgress reports the remote builds: each build's changes of state,
// with how many builds are queued, running and done.
type coprProgress struct {
	rep    deps.Reporter
	mu     sync.Mutex
	jobs   map[string]string // build id -> job
	states map[string]string // build id -> Copr state
}

func (p *coprProgress) event(job string, h backend.Handle, what string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.jobs[h.ID] = job
	p.rep.Info(fmt.Sprintf("%s build %s of %s: %s (%s)", h.Backend, h.ID, job, what, h.URL))
}

func (p *coprProgress) state(h backend.Handle, state string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.states[h.ID] == state {
		return
	}
	p.states[h.ID] = state
	var queued, running, done int
	for _, s := range p.states {
		switch s {
		case "importing", "pending", "waiting", "starting":
			queued++
		case "running":
			running++
		default:
			done++
		}
	}
	p.rep.Info(fmt.Sprintf("copr build %s of %s: %s (copr: %d queued, %d running, %d done)", h.ID, p.jobs[h.ID], state, queued, running, done))
}

// coprChroots are Copr's chroots (without the architecture) for the
// built-in profiles.
var coprChroots = map[string]string{
	"el8": "epel-8", "el9": "epel-9", "el10": "epel-10", "fedora": "fedora-41",
}

// remoteBuild adds a job's remote build, as the output directory records
// it, to its report.
func remoteBuild(outDir string, r *deps.BuildResult) {
	if b, ok := backend.Saved(outDir, r.Name); ok {
		r.Remote = &deps.RemoteBuild{Backend: b.Backend, ID: b.ID, URL: b.URL, State: string(b.State)}
		for _, c := range b.Chroots {
			r.Remote.Chroots = append(r.Remote.Chroots, deps.RemoteChroot{Name: c.Name, State: c.State, URL: c.URL})
		}
	}
}
