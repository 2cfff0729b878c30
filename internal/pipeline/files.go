package pipeline

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/deps-rpm/deps/cache"
)

// offlineRepo is the .repo file pointing dnf at the offline repository.
func offlineRepo(app, repo string) []byte {
	id := "deps-" + app
	if app == "" {
		id = "deps"
	}
	abs, _ := filepath.Abs(repo)
	return []byte(fmt.Sprintf("[%s]\nname=%s offline repository (deps)\nbaseurl=file://%s\nenabled=1\ngpgcheck=0\nmodule_hotfixes=1\n", id, strings.TrimPrefix(id, "deps-"), abs))
}

// writeIfChanged writes data to path atomically unless it already holds it.
func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && string(old) == string(data) {
		return nil
	}
	return cache.WriteFile(path, data, 0o644)
}

// writeJSONFile writes v as indented JSON, atomically.
func writeJSONFile(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return cache.WriteFile(path, append(data, '\n'), 0o644)
}

// firstLine is the first line of s.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
