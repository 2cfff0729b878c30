#!/usr/bin/env python3
"""Copy a yum repository's metadata keeping its facts, not its prose.

slim.py SRC DST: for each file repomd.xml lists that exists in SRC/repodata,
empty the free text (package <summary>/<description> of primary.xml, group
<description> of comps, module summary/description of modules.yaml),
recompress it as it was, name it by its new checksum and rewrite that
<data> entry of repomd.xml (checksum, open-checksum, location, size,
open-size). Everything else is copied byte for byte: entries whose files
are absent stay listed, and a file left unchanged keeps its name and
recorded checksums even where they were wrong upstream (cs9-appstream's
stub filelists).
"""
import gzip, hashlib, lzma, os, re, shutil, sys

src, dst = sys.argv[1], sys.argv[2]
os.makedirs(os.path.join(dst, "repodata"), exist_ok=True)
repomd = open(os.path.join(src, "repodata", "repomd.xml"), encoding="utf-8").read()


def strip_xml(text, tags):
    for tag in tags:
        text = re.sub(r"<%s>.*?</%s>" % (tag, tag), "<%s></%s>" % (tag, tag), text, flags=re.S)
    return text


def strip_yaml(text):
    out, skip = [], None
    for line in text.split("\n"):
        indent = len(line) - len(line.lstrip(" "))
        if skip is not None and (line.strip() == "" or indent > skip):
            continue
        skip = None
        m = re.match(r"^( *)(summary|description): ?(.*)$", line)
        if m:
            out.append('%s%s: ""' % (m.group(1), m.group(2)))
            if m.group(3) in (">", ">-", "|", "|-", ""):
                skip = len(m.group(1))
            continue
        out.append(line)
    return "\n".join(out)


def slim(kind, data):
    text = data.decode("utf-8")
    if kind == "primary":
        return strip_xml(text, ["summary", "description"]).encode("utf-8")
    if kind.startswith("group"):
        return strip_xml(text, ["description"]).encode("utf-8")
    if kind == "modules":
        return strip_yaml(text).encode("utf-8")
    return None


def sha(b):
    return hashlib.sha256(b).hexdigest()


def entry(kind):
    m = re.search(r'( *<data type="%s">\n.*?</data>\n)' % kind, repomd, flags=re.S)
    return m.group(1)


for kind in re.findall(r'<data type="([^"]+)">', repomd):
    e = entry(kind)
    href = re.search(r'<location href="([^"]+)"', e).group(1)
    path = os.path.join(src, href)
    if not os.path.exists(path):
        continue
    raw = open(path, "rb").read()
    comp = href.rsplit(".", 1)[-1]
    opened = {"gz": gzip.decompress, "xz": lzma.decompress}.get(comp, lambda b: b)(raw)
    new = slim(kind, opened)
    if new is None or new == opened:
        shutil.copyfile(path, os.path.join(dst, href))
        continue
    packed = {"gz": lambda b: gzip.compress(b, 9, mtime=0),
              "xz": lambda b: lzma.compress(b, preset=9)}.get(comp, lambda b: b)(new)
    base = href.split("/")[-1]
    name = re.sub(r"^[0-9a-f]{64}-", "", base)
    newhref = "repodata/%s-%s" % (sha(packed), name)
    open(os.path.join(dst, newhref), "wb").write(packed)
    ne = e.replace(href, newhref)
    ne = re.sub(r'(<checksum type="sha256">)[0-9a-f]+', r"\g<1>" + sha(packed), ne)
    ne = re.sub(r"<size>\d+</size>", "<size>%d</size>" % len(packed), ne)
    if "<open-checksum" in ne:
        ne = re.sub(r'(<open-checksum type="sha256">)[0-9a-f]+', r"\g<1>" + sha(new), ne)
        ne = re.sub(r"<open-size>\d+</open-size>", "<open-size>%d</open-size>" % len(new), ne)
    repomd = repomd.replace(e, ne)

open(os.path.join(dst, "repodata", "repomd.xml"), "w", encoding="utf-8").write(repomd)
