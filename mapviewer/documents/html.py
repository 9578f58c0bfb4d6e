"""The visible text of an HTML page, one paragraph per line, with its title and publication date."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from mapviewer.documents.article import MIN_ARTICLE_CHARS, extract_article
from mapviewer.documents.metadata import SPACES_RE, iso_date

log = logging.getLogger(__name__)

# HTML
# --------------------------------------------------------------------------------------------------

_SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object", "canvas"}
)
_HEAD_CONTENT = frozenset({"title", "meta", "link", "style", "script", "noscript", "base", "template"})
_VOID = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr",
    }
)  # fmt: skip
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "dialog",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "html", "legend", "li", "main", "nav", "ol", "option", "p", "pre",
        "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
    }
)  # fmt: skip
_CELLS = frozenset({"td", "th"})
# Opening one of these closes an open <p> (as browsers do), so a hidden <p> cannot hide what follows.
_CLOSES_P = _BLOCKS - {"br", "body", "html", "option"}
_SELF_CLOSING = {"li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr"}, "option": {"option"}}
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "pubdate",
    "publishdate",
    "publish-date",
)
_TITLE_META = ("og:title", "twitter:title")
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


class _VisibleText(HTMLParser):
    """Collects the text a browser would show, one paragraph per line, plus the title and date."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.title: str | None = None
        self.meta: dict[str, str] = {}
        self._parts: list[str] = []
        self._open: list[tuple[str, bool]] = []  # (tag, hides its content)
        self._open_count: dict[str, int] = {}
        self._hiding = 0
        self._pre = 0
        self._title_parts: list[str] | None = None

    # The tree is tracked only as far as hiding needs it; unclosed and stray tags are tolerated.
    def _push(self, tag: str, hides: bool) -> None:
        self._open.append((tag, hides))
        self._open_count[tag] = self._open_count.get(tag, 0) + 1
        self._hiding += hides
        self._pre += tag == "pre"

    def _pop_to(self, tag: str) -> None:
        if not self._open_count.get(tag):
            return
        while self._open:
            name, hides = self._open.pop()
            self._open_count[name] -= 1
            self._hiding -= hides
            self._pre -= name == "pre"
            if name == "title" and self._title_parts is not None:
                self.title = SPACES_RE.sub(" ", "".join(self._title_parts)).strip() or None
                self._title_parts = None
            if name == tag:
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._meta(attrs)
        if self._open_count.get("head") and tag not in _HEAD_CONTENT:
            self._pop_to("head")
        if tag in _CLOSES_P and self._open and self._open[-1][0] == "p":
            self._pop_to("p")
        closes = _SELF_CLOSING.get(tag)
        if closes and self._open and self._open[-1][0] in closes:
            self._pop_to(self._open[-1][0])
        if tag in _BLOCKS:
            self._break()
        elif tag in _CELLS:
            self._parts.append(" ")
        if tag in _VOID:
            return
        attributes = dict(attrs)
        hides = (
            tag in _SKIPPED
            or "hidden" in attributes
            or bool(_HIDDEN_STYLE_RE.search(attributes.get("style") or ""))
        )
        if (
            tag == "title"
            and self.title is None
            and self._title_parts is None
            and not (self._open_count.get("svg") or self._open_count.get("math"))
        ):
            self._title_parts = []
        self._push(tag, hides)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:  # <div/> opens nothing in HTML, but XHTML means it closed
            self._pop_to(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._break()
        elif tag in _CELLS:
            self._parts.append(" ")
        self._pop_to(tag)

    def handle_data(self, data: str) -> None:
        if self._title_parts is not None and self._open and self._open[-1][0] == "title":
            self._title_parts.append(data)
        if self._hiding:
            return
        if self._pre:
            lines = data.split("\n")
            for line in lines[:-1]:
                self._parts.append(line)
                self._break()
            self._parts.append(lines[-1])
        else:
            self._parts.append(data)

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """A malformed `<![` is a bogus comment to its next `>`, as browsers read it, not the end of the page."""
        try:
            end = super().parse_marked_section(i, report)
        except (AssertionError, ValueError):
            end = -1
        if end >= 0:
            return end
        close = self.rawdata.find(">", i + 3)
        return len(self.rawdata) if close < 0 else close + 1

    def _meta(self, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        key = attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or ""
        content = attributes.get("content") or attributes.get("datetime") or ""
        if key and content:
            self.meta.setdefault(key.strip().lower(), content.strip())

    def _break(self) -> None:
        if self._parts:
            paragraph = SPACES_RE.sub(" ", "".join(self._parts)).strip()
            self._parts = []
            if paragraph:
                self.paragraphs.append(paragraph)

    def close(self) -> None:
        super().close()
        if self._title_parts is not None:
            self._pop_to("title")
        self._break()


def html_to_text(html: str) -> tuple[str, str | None, str | None]:
    """Visible text (paragraphs one per line), the <title> and the publication date of a page."""
    parser = _VisibleText()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError, IndexError) as exc:  # html.parser on markup it cannot follow
        log.warning("HTML parser stopped early: %s", exc)
        parser._break()
    title = parser.title
    if not title:
        title = next((parser.meta[k] for k in _TITLE_META if parser.meta.get(k)), None)
        title = SPACES_RE.sub(" ", title).strip() if title else None
    date = next((d for k in _DATE_META if (d := iso_date(parser.meta.get(k)))), None)
    return "\n".join(parser.paragraphs), title, date


# --------------------------------------------------------------------------------------------------


@dataclass
class Page:
    """What a web page gives a Document: its text (one block per line) and what is known about it."""

    text: str
    title: str | None = None
    date: str | None = None
    author: str | None = None
    site: str | None = None
    headings: list[tuple[int, int]] | None = None  # (start, end) of heading lines, when the page said
    warnings: list[str] = field(default_factory=list)


def read_page(html: str) -> Page:
    """The article a page holds (via trafilatura), or all its visible text when it holds none."""
    visible, title, date = html_to_text(html)
    article = extract_article(html)
    if article is not None and article.blocks and (article.chars >= MIN_ARTICLE_CHARS or not visible.strip()):
        lines, headings, offset = [], [], 0
        for block in article.blocks:
            if block.heading:
                headings.append((offset, offset + len(block.text)))
            lines.append(block.text)
            offset += len(block.text) + 1
        page = Page(
            "\n".join(lines),
            article.title or title,
            article.date or date,
            article.author,
            article.site,
            headings,
        )
    else:
        page = Page(visible, title, date)
        if visible.strip():
            page.warnings.append(
                "No article was found in this page, so all of its visible text is shown, "
                "menus and links included."
            )
    letters = sum(ch.isalpha() for ch in page.text)
    if page.text.strip() and letters < MIN_ARTICLE_CHARS:
        page.warnings.append(
            f"This page holds almost no text ({letters} letters): it is probably filled in by scripts "
            "in the browser. Save the page from the browser once it has loaded (or print it to PDF), "
            "or paste the article's text."
        )
    return page
