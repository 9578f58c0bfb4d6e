"""The article inside a saved web page: its main text, title, date, author and site, via trafilatura.

trafilatura (with htmldate for dates) was chosen by measurement (bench/extractors.py on
../shared/eval/webpages). Its tree is turned into text here, one block per line, so that headings stay
headings and the few kinds of page furniture it keeps (a lone date, a "Read more:" link, a caption credit)
can be dropped by general rules. Pages it finds no article in fall back to the page's visible text.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date as _date

from mapviewer.documents.metadata import SPACES_RE, iso_date

log = logging.getLogger(__name__)

# trafilatura's element names: blocks become lines; the rest is inline text.
_BLOCK_TAGS = frozenset({"p", "head", "item", "quote", "row", "cell", "code", "list", "table", "div", "lb"})
# A line of at most this many words that is the whole text of one of the page's links leads elsewhere.
_LINK_MAX_WORDS = 20
# A "Read more: <link>" prompt: a few words, a colon, then the link.
_PROMPT_MAX_WORDS = 4
_COMMENT_LABEL_MAX_WORDS = 2
_SENTENCE_END = ".!?…)\"'”»:;"
# Prompts that lead to another article, squashed (lower case, letters only).
_READ_MORE = frozenset(
    "readmore readalso alsoread seealso related moreonthis lesensieauch lesenauch mehrzumthema auchinteressant "
    "lireaussi alireaussi voiraussi leermas leatambien lees ook".split()
)
# Labels that start a picture's caption credit, squashed; such a line is at most this long.
_CREDIT_LABELS = frozenset(
    "credit credits photo photos photocredit image imagecredit picture foto fotos bild bildquelle "
    "beitragsbild titelbild imageillustrative illustration crédit crédits crditphoto".split()
)
_CREDIT_MAX_WORDS = 25
# Soft hyphens and zero-width characters: invisible on the page, noise in the text.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
# Below this many characters of article text a page is "almost empty" (rendered by scripts, a stub).
MIN_ARTICLE_CHARS = 250
_TITLE_SEPARATORS_RE = re.compile(r"\s+[|–—·•:»]\s+|\s+-\s+|\s+::\s+")
_MONTHS = (
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august "
    "september october november december januar februar märz mai juni juli oktober dezember janvier "
    "février mars avril juin juillet août septembre octobre novembre décembre enero febrero marzo abril "
    "mayo junio julio agosto septiembre octubre noviembre diciembre"
)
_DATE_WORDS = frozenset(_MONTHS.split()) | {"am", "pm", "uhr", "h", "um", "at", "on", "updated", "published"}
_DATE_TOKEN_RE = re.compile(r"[0-9]{1,4}(?:[.:/-][0-9]{1,4})*[.,]?|[^\W\d_]+[.,]?")


@dataclass
class Block:
    """One line of the article: its text and whether it is a heading."""

    text: str
    heading: bool = False
    comment: bool = False  # from the readers' comments below the article


@dataclass
class Article:
    """What trafilatura found in a page, as lines of text plus metadata."""

    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    date: str | None = None
    author: str | None = None
    site: str | None = None

    @property
    def chars(self) -> int:
        return sum(len(block.text) for block in self.blocks if not block.heading)


def extract_article(html: str, url: str | None = None) -> Article | None:
    """The page's article, or None when trafilatura finds none (or fails on the markup)."""
    import trafilatura

    try:
        found = trafilatura.bare_extraction(
            html,
            url=url,
            include_images=False,
            include_tables=True,
            with_metadata=True,
            date_extraction_params={"original_date": True, "extensive_search": True},
        )
    except Exception as exc:  # a library failing on odd markup must not stop the document opening
        log.warning("trafilatura could not read the page: %s", exc)
        return None
    if found is None:
        return None
    blocks: list[Block] = []
    for body, comment in ((found.body, False), (found.commentsbody, True)):
        if body is not None:
            _walk(body, blocks, comment)
    blocks = _drop_furniture(blocks, _anchor_texts(html))
    return Article(
        blocks=blocks,
        title=clean_title(found.title, found.sitename, found.hostname),
        date=iso_date(found.date),
        author=_clean(found.author),
        site=_clean(found.sitename),
    )


def _anchor_texts(html: str) -> frozenset[str]:
    """The texts of the page's links, whitespace-normalised (trafilatura's text loses which words were links).

    Asking trafilatura to keep links changes what it extracts (it measures worse), so the links are read
    from the page itself.
    """
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, TypeError, lxml.etree.LxmlError):
        return frozenset()
    texts = (SPACES_RE.sub(" ", anchor.text_content()).strip() for anchor in tree.iter("a"))
    return frozenset(text for text in texts if text)


def _walk(element, blocks: list[Block], comment: bool = False) -> None:
    """Append the lines under `element`: each block element starts a line, inline text joins it."""
    lines = [Block("")]

    def visit(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _BLOCK_TAGS:
            lines.append(Block("", heading=tag == "head"))
        lines[-1].text += node.text or ""
        for child in node:
            visit(child)
            lines[-1].text += child.tail or ""
        if tag in _BLOCK_TAGS:
            lines.append(Block(""))

    visit(element)
    for line in lines:
        text = unicodedata.normalize("NFC", SPACES_RE.sub(" ", line.text.translate(_INVISIBLE)).strip())
        if text:
            blocks.append(Block(text, line.heading, comment))


def _drop_furniture(blocks: list[Block], anchors: frozenset[str]) -> list[Block]:
    """The article lines without the page furniture trafilatura keeps.

    A lone date or time; a "Read more: <link>" prompt; a run of two or more lines that are each the whole
    text of a link (a list of other stories), with the short line that introduces it; and in the comments,
    the short lines around each comment (names, "Reply" buttons).
    """
    is_link = [_is_link_line(block, anchors) for block in blocks]
    drop = [False] * len(blocks)
    index = 0
    while index < len(blocks):
        run_end = index
        while run_end < len(blocks) and is_link[run_end]:
            run_end += 1
        if run_end - index >= 2:
            first = index - 1 if index and _introduces_list(blocks[index - 1]) else index
            for inside in range(first, run_end):
                drop[inside] = True
        index = max(run_end, index + 1)
    kept = []
    for block, dropped in zip(blocks, drop, strict=True):
        words = block.text.split()
        if dropped or _is_date_line(words) or _is_read_more(block.text, anchors) or _is_credit(block.text):
            continue
        if block.comment and len(words) <= _COMMENT_LABEL_MAX_WORDS and block.text[-1] not in _SENTENCE_END:
            continue
        kept.append(block)
    return kept


def _is_link_line(block: Block, anchors: frozenset[str]) -> bool:
    return len(block.text.split()) <= _LINK_MAX_WORDS and block.text in anchors


def _introduces_list(block: Block) -> bool:
    """A short line such as "Related stories" or "Das könnte dich auch interessieren:"."""
    return len(block.text.split()) <= _PROMPT_MAX_WORDS + 4 and block.text[-1] not in ".!?"


def _is_credit(text: str) -> bool:
    """A picture's credit line ("Credit: AP", "Foto: dpa", "Image illustrative : ...", "Beitragsbild")."""
    if len(text.split()) > _CREDIT_MAX_WORDS:
        return False
    head, sep, _rest = text.partition(":")
    return _squash(text) in _CREDIT_LABELS or (bool(sep) and _squash(head) in _CREDIT_LABELS)


def _is_read_more(text: str, anchors: frozenset[str]) -> bool:
    """ "Read more: <link>", "Lesen Sie auch: <link>": a prompt phrase, a colon, then a whole link."""
    head, sep, rest = text.partition(":")
    if not sep or _squash(head) not in _READ_MORE:
        return False
    return rest.strip() in anchors


def _is_date_line(words: list[str]) -> bool:
    """Whether a short line holds only a date or a time ("3:59 PM", "23.10.2018", "January 13, 2020")."""
    if not words or len(words) > 6:
        return False
    has_digit = False
    for word in words:
        if not _DATE_TOKEN_RE.fullmatch(word):
            return False
        bare = word.rstrip(".,").lower()
        if bare[:1].isdigit():
            has_digit = True
        elif bare not in _DATE_WORDS and not _is_weekday(bare):
            return False
    return has_digit


_WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun montag dienstag "
    "mittwoch donnerstag freitag samstag sonntag lundi mardi mercredi jeudi vendredi samedi dimanche".split()
)


def _is_weekday(word: str) -> bool:
    return word in _WEEKDAYS


def clean_title(title: str | None, site: str | None, host: str | None) -> str | None:
    """The title without the site's name or a date before or after it ("Talks resume | Reuters")."""
    title = _clean(title)
    if not title:
        return None
    parts = _TITLE_SEPARATORS_RE.split(title)
    if len(parts) == 1:
        return title
    names = {_squash(name) for name in (site, host, (host or "").removeprefix("www.").split(".")[0]) if name}
    names.discard("")

    def is_furniture(part: str) -> bool:
        squashed = _squash(part)
        if not squashed:
            return True
        if _is_date_line(part.split()) or _parses_as_date(part):
            return True
        return any(squashed == name or (len(squashed) >= 3 and squashed in name) or name in squashed
                   for name in names) and len(part.split()) <= 5  # fmt: skip

    while len(parts) > 1 and is_furniture(parts[-1]):
        parts.pop()
    while len(parts) > 1 and is_furniture(parts[0]):
        parts.pop(0)
    # Rejoin what is left with the separators it had.
    start = title.find(parts[0])
    last = parts[-1]
    end = title.rfind(last) + len(last)
    return title[start:end].strip() if start >= 0 and end > start else " ".join(parts)


def _parses_as_date(text: str) -> bool:
    try:
        _date.fromisoformat(text.strip())
    except ValueError:
        return False
    return True


def _squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = SPACES_RE.sub(" ", value).strip()
    return value or None
