"""How many of the places mapviewer finds on saved English news pages come from outside the article.

    python bench/off_article.py ../shared/eval/webpages [--list]

Pages: those of the team's dev pages (annotations.json) that mapviewer reads as English (at least 15 % of
their words are among the 20 commonest English words) and that carry a publication date (news and blog
articles). Each page is read as `mapviewer extract` reads it (load_document, then the geoparser), and every
mention is judged by the sentence it sits in:

- outside: the sentence is not in trafilatura's precision-first extraction of the same page
  (`favor_precision=True`, a stricter cut of the article than the one mapviewer reads; the same library, so
  not fully independent). This is the must-show number, an upper bound: it also counts article sentences
  the stricter cut drops.
- furniture: the sentence's paragraph holds one of the page's annotated "without" segments (menus, related
  links, footers the annotators marked as not article); a lower bound, as the annotation is a few segments.

Prints the counts and shares; --list prints each furniture mention with its sentence. --visible reads the
same pages as their whole visible text, as mapviewer did before it read articles, to show what the
measure catches.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mapviewer.documents import document_from_text, load_document  # noqa: E402
from mapviewer.documents.html import html_to_text  # noqa: E402
from mapviewer.errors import DocumentError  # noqa: E402

_COMMON_ENGLISH = frozenset(
    "the of and to a in is that for it as was with on by he be at this from his are".split()
)
_MIN_ENGLISH_SHARE = 0.15


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _is_english(text: str) -> bool:
    words = re.findall(r"[a-z]+", text.lower())
    return bool(words) and sum(w in _COMMON_ENGLISH for w in words) >= _MIN_ENGLISH_SHARE * len(words)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("webpages", type=Path)
    parser.add_argument("--list", action="store_true", help="print each furniture mention")
    parser.add_argument(
        "--visible", action="store_true", help="read each page's whole visible text instead (the old reader)"
    )
    args = parser.parse_args()

    import trafilatura

    from mapviewer.geoparse import Geoparser

    annotations = json.loads((args.webpages / "annotations.json").read_text("utf-8"))
    geoparser = Geoparser.open()
    pages = mentions = furniture = unconfirmed = 0
    for entry in annotations.values():
        path = args.webpages / "pages" / entry["file"]
        try:
            document = load_document(path)
        except DocumentError:
            continue
        if not document.date or not _is_english(document.text):
            continue
        if args.visible:  # the same pages, read as every visible line (what mapviewer did before)
            visible = html_to_text(path.read_text("utf-8", errors="replace"))[0]
            document = document_from_text(visible)
        pages += 1
        without = [_norm(w) for w in entry["without"]]
        strict = _norm(
            trafilatura.extract(path.read_text("utf-8", errors="replace"), favor_precision=True) or ""
        )
        for resolution in geoparser.parse_document(document):
            mention = resolution.mention
            sentence = next(s for s in document.sentences if s.start <= mention.start < s.end)
            paragraph = next(p for p in document.paragraphs if p.start <= mention.start < p.end)
            sentence_text = _norm(document.text[sentence.start : sentence.end])
            paragraph_text = _norm(document.text[paragraph.start : paragraph.end])
            mentions += 1
            if sentence_text not in strict:
                unconfirmed += 1
            if any(w and w in paragraph_text for w in without):
                furniture += 1
                if args.list:
                    print(f"  {entry['file']}: {mention.text!r} in {sentence_text[:100]!r}")
    print(
        f"{pages} English pages with a date, {mentions} mentions: outside the precision-first extraction "
        f"{unconfirmed} ({100 * unconfirmed / max(1, mentions):.1f} %), in annotated furniture {furniture} "
        f"({100 * furniture / max(1, mentions):.1f} %)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
