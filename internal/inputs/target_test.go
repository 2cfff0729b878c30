package inputs

import (
	"strings"
	"testing"

	"github.com/deps-rpm/deps/internal/config"
)

func TestRepoSpecsSubstitute(t *testing.T) {
	cfg, err := config.Parse([]byte(`
[[repo]]
name = "one"
baseurl = "https://mirror.example/9/BaseOS/$basearch/os/"
`), "deps.toml")
	if err != nil {
		t.Fatal(err)
	}
	specs, err := repoSpecs(cfg, "aarch64")
	if err != nil {
		t.Fatal(err)
	}
	if got := specs[0].URLs[0]; got != "https://mirror.example/9/BaseOS/aarch64/os/" {
		t.Errorf("$basearch not substituted: %s", got)
	}
}

func TestProfileOverride(t *testing.T) {
	cfg, err := config.Parse([]byte("[target]\nprofile = \"el8\"\n[profile]\npython_version = \"3.11\"\npython_full_version = \"3.11.5\"\nname_templates = [\"python3.11-{name}\"]\n"), "deps.toml")
	if err != nil {
		t.Fatal(err)
	}
	target, profile, err := LoadTarget(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if target.Python != "3.11" || profile.Name != "el8" || target.NameTemplates[0] != "python3.11-{name}" || target.Style.Caret {
		t.Errorf("target %+v", target)
	}
	cfg.Profile = map[string]any{"pyton_version": "3.11"}
	if _, _, err := LoadTarget(t.Context(), cfg); err == nil || !strings.Contains(err.Error(), "[profile]") {
		t.Errorf("unknown [profile] key: error %v", err)
	}
}
