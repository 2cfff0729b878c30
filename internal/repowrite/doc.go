// Package repowrite is the writing side of yum repositories, what the
// fetch and publish stages use: repository packages downloaded into the
// cache, verified and resumable (FetchPackages), createrepo_c runs
// (Createrepo, and Unchanged to skip one), and signing RPMs and repomd.xml
// with gpg (Signer). Reading repositories is resolve/repodata's.
package repowrite
