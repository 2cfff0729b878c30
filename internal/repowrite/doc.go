// Package repowrite is the writing side of yum repositories, what the
// publish stage uses: createrepo_c runs (Createrepo, and Unchanged to skip
// one), and signing RPMs and repomd.xml with gpg (Signer). Reading
// repositories is resolve/repodata's.
package repowrite
