package pypi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
)

// MetadataBucket holds PEP 658 metadata files, named by their sha256.
const MetadataBucket = "core-metadata-v1"

// maxMetadataSize bounds a PEP 658 metadata file.
const maxMetadataSize = 16 << 20

// CoreMetadata returns the core metadata the index serves for f (PEP
// 658/714: f.URL + ".metadata"), checked against the hash the index
// declared for it; (nil, nil) when the index serves none. Metadata with a
// declared sha256 is cached by it, so asking again makes no request.
func (c *Client) CoreMetadata(ctx context.Context, f File) (*Metadata, error) {
	data, err := c.coreMetadataBytes(ctx, f)
	if data == nil || err != nil {
		return nil, err
	}
	md, err := ParseCoreMetadata(bytes.NewReader(data), f.Filename+".metadata")
	if err != nil {
		return nil, fmt.Errorf("core metadata %s.metadata: %w", f.URL, err)
	}
	return md, nil
}

// coreMetadataBytes fetches and checks f's PEP 658 metadata file.
func (c *Client) coreMetadataBytes(ctx context.Context, f File) ([]byte, error) {
	if f.CoreMetadata == nil {
		return nil, nil
	}
	murl := f.URL + ".metadata"
	key := f.CoreMetadata.Hashes["sha256"]
	cacheable := c.Cache != nil && isHexDigest(key)
	if cacheable {
		data, ok, err := c.Cache.Get(MetadataBucket, key)
		if err != nil {
			return nil, err
		}
		if sum := sha256.Sum256(data); ok && hex.EncodeToString(sum[:]) == key {
			return data, nil
		}
		if ok { // changed since it was stored: fetched again
			_ = c.Cache.Delete(MetadataBucket, key)
			if c.Warn != nil {
				c.Warn(fmt.Sprintf("cache: the core metadata of %s no longer has its sha256 %s: removed, fetching it again", f.Filename, key))
			}
		}
	}
	body, err := c.open(ctx, murl)
	if err != nil {
		return nil, fmt.Errorf("core metadata %w", err)
	}
	defer body.Close()
	data, err := io.ReadAll(io.LimitReader(body, maxMetadataSize+1))
	if err != nil {
		return nil, fmt.Errorf("core metadata %s: %w", murl, err)
	}
	if len(data) > maxMetadataSize {
		return nil, fmt.Errorf("core metadata %s: larger than %d bytes", murl, maxMetadataSize)
	}
	v := newVerifier(f.CoreMetadata.Hashes)
	v.Write(data)
	if err := v.check(murl, 0); err != nil {
		return nil, fmt.Errorf("core metadata %w", err)
	}
	if cacheable {
		if err := c.Cache.PutChecked(MetadataBucket, key, data); err != nil { // checked by sha256 when read
			return nil, err
		}
	}
	return data, nil
}
