// Package pypi owns Python package indexes: the Simple API client (PEP 691
// JSON, PEP 503 HTML, local directories), core metadata (PEP 658 files,
// PKG-INFO, egg-info, pyproject.toml, the PEP 517 metadata hook), and sdist
// download with hash checks and safe extraction.
package pypi
