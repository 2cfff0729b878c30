package pipeline

import (
	"strings"
	"testing"

	"github.com/deps-rpm/deps"
	"github.com/deps-rpm/deps/internal/inputs"
)

func TestCheckHashes(t *testing.T) {
	good := strings.Repeat("a", 64)
	reqs := &inputs.Requirements{HashChecking: true, Hashes: map[string][]string{"vine": {"sha256:" + good}}}
	build := func(name, sum string) deps.PlanProject {
		return deps.PlanProject{Name: name, Version: "1", Source: "build", Sdist: &deps.SdistRef{URL: "https://x/" + name, SHA256: sum}, Chain: []string{name}}
	}
	repo := deps.PlanProject{Name: "pytz", Source: "repo"}
	if err := checkHashes(reqs, []deps.PlanProject{build("vine", good), repo}); err != nil {
		t.Errorf("matching hash, repo package without one: %v", err)
	}
	err := checkHashes(reqs, []deps.PlanProject{build("vine", strings.Repeat("b", 64)), build("amqp", good)})
	if err == nil || !strings.Contains(err.Error(), "matches none") || !strings.Contains(err.Error(), "amqp==1 (via amqp)") {
		t.Errorf("wrong hash and a missing one: %v", err)
	}
	reqs.HashChecking = false
	if err := checkHashes(reqs, []deps.PlanProject{build("amqp", good)}); err != nil {
		t.Errorf("not in hash-checking mode: %v", err)
	}
}
