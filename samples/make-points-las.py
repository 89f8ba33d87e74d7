#!/usr/bin/env python3
"""Writes samples/data/points.las: a synthetic LAS 1.2 point cloud (point format 1, 20,000 points of a
terrain with a few buildings over 500 m x 400 m, four flight lines, up to three returns), deterministic."""
import math
import random
import struct
import sys

random.seed(10)
scale, offset = (0.01, 0.01, 0.01), (430000.0, 4580000.0, 0.0)
points = []
for line in range(4):
    for i in range(5000):
        t = i / 5000.0
        x = t * 500.0
        y = line * 100.0 + random.random() * 100.0
        z = 50 + 10 * math.sin(x / 60.0) + 5 * math.cos(y / 45.0)
        building = (120 < x < 160 and 40 < y < 90) or (300 < x < 360 and 220 < y < 260)
        nret = 1 if building else random.choice([1, 1, 2, 3])
        ret = random.randint(1, nret)
        if building:
            z += 12.0
        elif ret < nret:
            z += random.random() * 15.0  # vegetation above ground
        gps = 1000.0 * line + i * 0.001
        points.append((round(x / scale[0]), round(y / scale[1]), round(z / scale[2]), ret, nret,
                       6 if building else (5 if ret < nret else 2), gps, random.randint(0, 255)))
header_size, record = 227, 28
hdr = bytearray(header_size)
struct.pack_into('<4sHH', hdr, 0, b'LASF', 0, 0)
struct.pack_into('<BB32s32sHH', hdr, 24, 1, 2, b'dataplug samples', b'make-points-las.py', 1, 2024)
struct.pack_into('<HIIBHI', hdr, 94, header_size, header_size, 0, 1, record, len(points))
returns = [0] * 5
for p in points:
    returns[p[3] - 1] += 1
struct.pack_into('<5I', hdr, 111, *returns)
struct.pack_into('<6d', hdr, 131, *scale, *offset)
mins = [min(p[k] for p in points) * scale[k] + offset[k] for k in range(3)]
maxs = [max(p[k] for p in points) * scale[k] + offset[k] for k in range(3)]
struct.pack_into('<6d', hdr, 179, maxs[0], mins[0], maxs[1], mins[1], maxs[2], mins[2])
out = sys.argv[1] if len(sys.argv) > 1 else 'samples/data/points.las'
with open(out, 'wb') as f:
    f.write(hdr)
    for (x, y, z, ret, nret, cls, gps, intensity) in points:
        f.write(struct.pack('<iiiHBBbBHd', x, y, z, intensity, ret | (nret << 3), cls, 0, 0, 1, gps))
