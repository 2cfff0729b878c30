// Package rpmbuild owns what depends on the target distribution's RPM
// tooling: target profiles (python version, dist tag, which RPM features
// exist, package name templates), and later spec generation and the build
// runners.
package rpmbuild
