"""Zips a built dist/ into an extension package: zip-extension.py DIST OUT.zip

Hidden entries (Trunk's .stage) and the single file are left out; paths are relative to DIST, manifest.json at the root.
"""
import os
import sys
import zipfile

# The single file (and its hash) is for opening from disk, not part of the extension.
SINGLE_FILE = "keyward.html"

dist, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for root, dirs, files in os.walk(dist):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            if f.startswith(SINGLE_FILE):
                continue
            path = os.path.join(root, f)
            z.write(path, os.path.relpath(path, dist))
print(f"wrote {out} ({os.path.getsize(out)} bytes)")
