"""What mapviewer reads in a document, as `mapviewer text` prints it and the reading pane shows it."""

from __future__ import annotations

from mapviewer.model import Document

_FIELDS = ("id", "title", "date", "author", "site", "source", "encoding")


def document_report(doc: Document) -> dict:
    """The document as JSON data: its metadata, warnings, text and passages (kind, start, end)."""
    report: dict = {name: getattr(doc, name) for name in _FIELDS}
    report["warnings"] = list(doc.warnings)
    report["text"] = doc.text
    passages = sorted({*doc.paragraphs, *doc.sentences}, key=lambda p: (p.start, -p.end, p.kind))
    report["passages"] = [{"kind": p.kind, "start": p.start, "end": p.end} for p in passages]
    return report


def format_report(doc: Document) -> str:
    """The document for a person: a header of what is known, the warnings, then the text."""
    lines = [f"{name}: {value}" for name in _FIELDS if (value := getattr(doc, name))]
    lines += [f"warning: {warning}" for warning in doc.warnings]
    counts: dict[str, int] = {}
    for passage in {*doc.paragraphs, *doc.sentences}:
        counts[passage.kind] = counts.get(passage.kind, 0) + 1
    lines.append("passages: " + ", ".join(f"{n} {kind}s" for kind, n in sorted(counts.items())))
    return "\n".join(lines) + "\n\n" + doc.text + "\n"
