package pypi

import (
	"io"

	"github.com/deps-rpm/deps/pypi/pep440"
	"github.com/deps-rpm/deps/pypi/pep508"
)

// This file fixes the exported API two helpers code against concurrently;
// the sdist/metadata helper replaces it (keeping names and signatures).

// Metadata is a distribution's core metadata, the part deps uses.
type Metadata struct {
	MetadataVersion string
	Name            string
	Version         pep440.Version
	Summary         string
	License         string   // License or License-Expression
	Classifiers     []string
	HomePage        string
	RequiresDist    []pep508.Requirement
	RequiresPython  pep440.SpecifierSet
	ProvidesExtra   []string
	Dynamic         []string // lower-cased field names
	Description     string
}

// ParseCoreMetadata reads METADATA / PKG-INFO (RFC 822 style, any
// Metadata-Version); name labels errors.
func ParseCoreMetadata(r io.Reader, name string) (*Metadata, error) { panic("unimplemented") }
