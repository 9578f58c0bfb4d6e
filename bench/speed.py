"""Speed and footprint of the offline geoparser: index build, index open, throughput, peak memory.

    python bench/speed.py ../shared/eval/lgl.jsonl

Each measurement runs in a fresh process so their peak memories do not mix. Targets on a 2-core machine:
first build under 60 s, open under 0.1 s, at least 50,000 words/s, peak memory under 400 MB. Throughput
is also given per CPU-second of the parsing process, which other jobs on a shared machine disturb less
than the wall clock (compare old and new code run by turns, A B A B).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

BUILD = """
import json, resource, time, sys
from pathlib import Path
from mapviewer.gazetteer.build import build_index
t = time.perf_counter(); build_index(Path(sys.argv[1])); elapsed = time.perf_counter() - t
print(json.dumps({"build_s": elapsed, "build_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "index_mb": Path(sys.argv[1]).stat().st_size / 2**20}))
"""

PARSE = """
import json, resource, time, sys
from pathlib import Path
t = time.perf_counter()
from mapviewer.gazetteer import open_gazetteer
gz = open_gazetteer(path=Path(sys.argv[1])); open_s = time.perf_counter() - t
from mapviewer.documents import document_from_text
from mapviewer.geoparse import Geoparser
parser = Geoparser(gz)
with open(sys.argv[2], encoding="utf-8") as fh:
    docs = [document_from_text(json.loads(line)["text"]) for line in fh if line.strip()]
words = sum(len(d.text.split()) for d in docs)
parser.parse(docs[:5])  # warm the word lists, as an open app has
t, cpu = time.perf_counter(), time.process_time()
mentions = sum(len(parser.parse_document(d)) for d in docs)
elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
# The whole corpus as one long document: the cost per word must not grow with the document's length.
long_doc = document_from_text((chr(10) * 2).join(d.text for d in docs))
t = time.perf_counter(); parser.parse_document(long_doc); long_s = time.perf_counter() - t
print(json.dumps({"open_s": open_s, "words": words, "documents": len(docs), "mentions": mentions,
                  "parse_s": elapsed, "words_per_s": words / elapsed, "words_per_cpu_s": words / cpu, "long_words_per_s": words / long_s,
                  "parse_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _run(code: str, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=REPO, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, help="a JSONL corpus in the schema of ../shared/eval/")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "gazetteer.sqlite"
        results = _run(BUILD, str(index))
        results |= _run(PARSE, str(index), str(args.corpus.resolve()))
        # Opening is measured again once the file is in the page cache, as on every later start.
        results["open_s"] = min(
            results["open_s"], _run(PARSE, str(index), str(args.corpus.resolve()))["open_s"]
        )
    print(
        f"index build      {results['build_s']:.1f} s (peak {results['build_peak_mb']:.0f} MB), "
        f"index {results['index_mb']:.0f} MB"
    )
    print(f"index open       {results['open_s'] * 1000:.1f} ms (including Python imports of the gazetteer)")
    print(
        f"geoparsing       {results['words']:,} words, {results['documents']} documents, "
        f"{results['mentions']:,} mentions in {results['parse_s']:.2f} s = {results['words_per_s']:,.0f} words/s"
        f" ({results['words_per_cpu_s']:,.0f} per CPU-second)"
    )
    print(
        f"one long document {results['long_words_per_s']:,.0f} words/s (the whole corpus as a single document)"
    )
    print(f"peak memory      {results['parse_peak_mb']:.0f} MB while geoparsing")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
