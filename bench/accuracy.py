"""Geoparse an annotated corpus and write predictions in the same schema, for ../shared/eval/score.py.

    python bench/accuracy.py ../shared/eval/gwn.jsonl --out bench/out/gwn.pred.jsonl
    python ../shared/eval/score.py ../shared/eval/gwn.jsonl bench/out/gwn.pred.jsonl

Each predicted span carries lat/lon (where the words literally point: "Washington has warned" at
Washington, D.C., as the corpora annotate metonyms), the place's ISO country code and its id.
Prints throughput (words per second, recognition and resolution only) to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mapviewer.documents import split_passages  # noqa: E402
from mapviewer.geoparse import Geoparser  # noqa: E402
from mapviewer.model import Document  # noqa: E402


def predict(parser: Geoparser, doc_id: str, text: str) -> list[dict]:
    paragraphs, sentences = split_passages(text)
    document = Document(id=doc_id, text=text, title=doc_id, paragraphs=paragraphs, sentences=sentences)
    out = []
    for res in parser.parse_document(document):
        point = res.literal or res.place
        gid = point.id.split(":", 1)[1] if point.id.startswith("city:") else None
        out.append(
            {
                "start": res.mention.start,
                "end": res.mention.end,
                "name": res.mention.text,
                "lat": point.lat,
                "lon": point.lon,
                "geonameid": int(gid) if gid else None,
                "country_code": point.country_code,
                "place_id": res.place.id,
                "form": res.mention.form,
                "confidence": res.confidence,
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    parser = Geoparser.open()
    with open(args.corpus, encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    words = sum(len(d["text"].split()) for d in docs)
    started = time.perf_counter()
    rows = [{"id": d["id"], "text": d["text"], "toponyms": predict(parser, d["id"], d["text"])} for d in docs]
    elapsed = time.perf_counter() - started
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(
        f"{len(docs)} documents, {words} words in {elapsed:.2f} s: {words / elapsed:,.0f} words/s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
