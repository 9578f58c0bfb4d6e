"""Compare main-text extraction libraries on saved web pages, as ../shared/eval/webpages/score.py scores them.

    python bench/extractors.py ../shared/eval/webpages [--only NAME,NAME] [--out DIR]

Writes one predictions file per extractor (DIR/NAME.jsonl) and prints score.py's line for each. Extractors
whose library is not installed are skipped, so the comparison runs in any environment that has some of them
(the project itself needs only trafilatura). This is how the library mapviewer reads pages with was chosen.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path


def _trafilatura(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def _trafilatura_precision(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, favor_precision=True) or ""


def _trafilatura_recall(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, favor_recall=True) or ""


def _readability(html: str) -> str:
    import lxml.html
    from readability import Document

    summary = Document(html).summary(html_partial=True)
    return lxml.html.fromstring(summary).text_content() if summary.strip() else ""


def _justext(html: str) -> str:
    import justext

    # jusText needs the page's language; English stopwords on every page, as a user would get by default.
    paragraphs = justext.justext(html.encode("utf-8"), justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _newspaper(html: str) -> str:
    import newspaper

    article = newspaper.Article("https://example.invalid/article")
    article.download(input_html=html)
    article.parse()
    return article.text


def _goose(html: str) -> str:
    from goose3 import Goose

    with Goose() as goose:
        return goose.extract(raw_html=html).cleaned_text


def _boilerpy(html: str) -> str:
    from boilerpy3 import extractors

    return extractors.ArticleExtractor(raise_on_failure=False).get_content(html)


def _resiliparse(html: str) -> str:
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(html, main_content=True)


EXTRACTORS: dict[str, Callable[[str], str]] = {
    "trafilatura": _trafilatura,
    "trafilatura-precision": _trafilatura_precision,
    "trafilatura-recall": _trafilatura_recall,
    "readability-lxml": _readability,
    "justext": _justext,
    "newspaper4k": _newspaper,
    "goose3": _goose,
    "boilerpy3": _boilerpy,
    "resiliparse": _resiliparse,
}


def _read(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("webpages", type=Path, help="the folder holding score.py, annotations.json, pages/")
    parser.add_argument("--only", help="comma-separated extractor names")
    parser.add_argument("--out", type=Path, default=Path("/tmp/mapviewer-extractors"))
    args = parser.parse_args()
    names = args.only.split(",") if args.only else list(EXTRACTORS)
    annotations = json.loads((args.webpages / "annotations.json").read_text(encoding="utf-8"))
    files = [item["file"] for item in annotations.values()]
    args.out.mkdir(parents=True, exist_ok=True)
    for name in names:
        extract = EXTRACTORS[name]
        try:
            extract("<html><body><p>probe</p></body></html>")
        except ImportError as exc:
            print(f"{name}: skipped ({exc})")
            continue
        failures = 0
        started = time.perf_counter()
        predictions = args.out / f"{name}.jsonl"
        with predictions.open("w", encoding="utf-8") as handle:
            for file in files:
                try:
                    text = extract(_read(args.webpages / "pages" / file))
                except Exception:  # a library failing on a page scores that page as empty
                    text, failures = "", failures + 1
                handle.write(json.dumps({"file": file, "text": text}, ensure_ascii=False) + "\n")
        seconds = time.perf_counter() - started
        score = subprocess.run(
            [sys.executable, str(args.webpages / "score.py"), str(predictions)],
            capture_output=True,
            text=True,
        ).stdout.splitlines()
        print(f"{name}: {score[0] if score else '?'} ({seconds:.1f} s, {failures} pages failed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
