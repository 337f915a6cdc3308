"""Draws icons/icon-*.png (a white key on a blue rounded square) with the standard library only."""
import math
import struct
import zlib


def png(size, path):
    rows = []
    for y in range(size):
        row = b"\x00"
        for x in range(size):
            u, v = (x + 0.5) / size, (y + 0.5) / size
            r = 0.22
            dx, dy = max(abs(u - 0.5) - (0.5 - r), 0), max(abs(v - 0.5) - (0.5 - r), 0)
            col = (0, 0, 0, 0)
            if dx * dx + dy * dy <= r * r:
                col = (37, 99, 235, 255)
                ring = abs(math.hypot(u - 0.36, v - 0.5) - 0.14) < 0.05
                shaft = 0.46 <= v <= 0.54 and 0.46 <= u <= 0.80
                tooth = (0.66 <= u <= 0.72 or 0.74 <= u <= 0.80) and 0.54 <= v <= 0.64
                if ring or shaft or tooth:
                    col = (255, 255, 255, 255)
            row += bytes(col)
        rows.append(row)

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


for s in (16, 32, 48, 128):
    png(s, f"icons/icon-{s}.png")
