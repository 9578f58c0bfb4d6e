"""Peak memory and time of `mapviewer extract` on one big, realistic text (issue 7: < 600 MB on 15 MB).

    .venv/bin/python bench/big_cli.py [--mb 15] [--format json|geojson|csv] [--keep FILE]

The text is the bundled seed article's paragraphs repeated, in a shuffled order, up to the size asked
for (`--mb 19.99` is the biggest text the 20 MiB document limit lets in); the CLI runs as a subprocess
writing to a file, and its peak resident memory is read from the kernel (getrusage of the finished
child), so nothing in this process is counted.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def big_text(megabytes: float, seed: int = 1) -> str:
    paragraphs = [
        p.strip()
        for path in sorted((REPO / "seeds").glob("*.txt"))
        for p in path.read_text("utf-8").split("\n\n")
        if p.strip()
    ]
    rng = random.Random(seed)
    target = int(megabytes * 1024 * 1024)
    parts, size = [], 0
    while size < target:
        p = rng.choice(paragraphs)
        parts.append(p)
        size += len(p.encode("utf-8")) + 2
    return "\n\n".join(parts) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=15.0, help="size of the text in MB (15)")
    parser.add_argument("--format", default="json", choices=("json", "geojson", "csv"))
    parser.add_argument("--keep", type=Path, help="keep the generated text here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mapviewer-big-") as folder:
        doc = args.keep or Path(folder) / "big.txt"
        doc.write_text(big_text(args.mb), encoding="utf-8")
        out = Path(folder) / f"out.{args.format}"
        started = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "mapviewer",
                "-q",
                "extract",
                str(doc),
                "--format",
                args.format,
                "-o",
                str(out),
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_mb = usage.ru_maxrss / 1024  # KiB on Linux
        cpu = usage.ru_utime + usage.ru_stime  # other jobs stretch the wall clock, not this
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return done.returncode
        print(
            f"extract --format {args.format} on {doc.stat().st_size / 1e6:.1f} MB: peak RSS {peak_mb:,.0f} MB, "
            f"{seconds:.1f} s ({cpu:.1f} s of CPU), output {out.stat().st_size / 1e6:.1f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
