package cache

import (
	"strings"
	"testing"
)

func TestValidKey(t *testing.T) {
	tests := []struct {
		key string
		ok  bool
	}{
		{"5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03", true},
		{"primary.xml.gz", true},
		{"fedora-41_x86_64", true},
		{"A", true},
		{strings.Repeat("a", 200), true},
		{strings.Repeat("a", 201), false},
		{"", false},
		{".", false},
		{"..", false},
		{"../etc/passwd", false},
		{"a/b", false},
		{`a\b`, false},
		{".hidden", false},
		{".tmp-x", false},
		{"-rf", false},
		{"a b", false},
		{"a\x00b", false},
		{"naïve", false},
	}
	for _, tt := range tests {
		err := ValidKey(tt.key)
		if (err == nil) != tt.ok {
			t.Errorf("ValidKey(%q) = %v, want ok %v", tt.key, err, tt.ok)
		}
	}
}

func TestValidBucket(t *testing.T) {
	tests := []struct {
		bucket string
		ok     bool
	}{
		{"index-v1", true},
		{"blobs-v12", true},
		{"http_meta-v3", true},
		{"index", false},
		{"index-v", false},
		{"index-vx", false},
		{"-v1", false},
		{"Index-v1", false},
		{"../x-v1", false},
		{"a/b-v1", false},
		{"..-v1", false},
		{"_x-v1", false},
	}
	for _, tt := range tests {
		err := ValidBucket(tt.bucket)
		if (err == nil) != tt.ok {
			t.Errorf("ValidBucket(%q) = %v, want ok %v", tt.bucket, err, tt.ok)
		}
	}
}

func TestInvalidNamesRejectedByStore(t *testing.T) {
	s := openTemp(t)
	if err := s.Put("blobs-v1", "../escape", []byte("x")); err == nil {
		t.Error("Put with a traversal key succeeded")
	}
	if err := s.Put("../blobs-v1", "k", []byte("x")); err == nil {
		t.Error("Put with a traversal bucket succeeded")
	}
	if _, _, err := s.Get("blobs-v1", "a/b"); err == nil {
		t.Error("Get with a slash in the key succeeded")
	}
	if _, err := s.Path("blobs", "k"); err == nil {
		t.Error("Path with an unversioned bucket succeeded")
	}
}
