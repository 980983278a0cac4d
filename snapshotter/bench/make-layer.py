#!/usr/bin/env python3
"""Writes a layer tar of FILES files totalling about SIZE_MB MiB (text-like data, ~3x compressible with gzip)."""
import io, os, random, sys, tarfile

out, files, size_mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(42)
words = [bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9))) for _ in range(4000)]
corpus = b" ".join(rng.choice(words) for _ in range(400_000))  # a few MiB to slice files from
per_file = size_mb * 1024 * 1024 // files
with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as tar:
    for d in range(files // 100):
        info = tarfile.TarInfo(f"usr/share/bench/d{d:03d}")
        info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o755, 1_600_000_000
        tar.addfile(info)
    for f in range(files):
        size = rng.randint(per_file // 2, per_file * 3 // 2)
        start = rng.randrange(0, len(corpus) - size)
        info = tarfile.TarInfo(f"usr/share/bench/d{f // 100:03d}/f{f:05d}")
        info.size, info.mode, info.mtime = size, 0o644, 1_600_000_000
        tar.addfile(info, io.BytesIO(corpus[start:start + size]))
