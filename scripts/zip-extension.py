"""Zips a built dist/ into an extension package: zip-extension.py DIST OUT.zip

Hidden entries (Trunk's .stage) are left out; paths are relative to DIST, manifest.json at the root.
"""
import os
import sys
import zipfile

dist, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for root, dirs, files in os.walk(dist):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            path = os.path.join(root, f)
            z.write(path, os.path.relpath(path, dist))
print(f"wrote {out} ({os.path.getsize(out)} bytes)")
