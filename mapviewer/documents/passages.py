"""Paragraphs, headings and sentences as (start, end) offsets into a document's text."""

from __future__ import annotations

import re
from collections.abc import Collection

from mapviewer.model import Passage

# Passages
# --------------------------------------------------------------------------------------------------

MARKDOWN_HEADING_RE = re.compile(r"#{1,6}\s+")
_TITLE_MAX_CHARS = 120
_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # what str.splitlines() breaks at
# One line, without the whitespace around it.
LINE_RE = re.compile(rf"\S(?:[^{_BREAKS}]*\S)?")
_BREAK_RE = re.compile(rf"\r\n|[{_BREAKS}]")
_OPENERS = "\"'“‘«([{"
_CLOSERS = "\"'”’»)]}"
# A sentence end and the whitespace after it; the lookbehind keeps long runs of dots linear.
_SENTENCE_END_RE = re.compile(rf"(?<![.!?…])[.!?…]++[{re.escape(_CLOSERS)}]*+(\s++)")
_FINAL_PUNCTUATION = ".!?…:;,"
_HEADING_MAX_CHARS = 150
_HEADING_MAX_WORDS = 25
_LIST_ITEM_RE = re.compile(r"(?:[-*+•]|\d{1,3}[.)])\s")
# A blank-line block of lines this short and this even is hard-wrapped prose: one paragraph.
_WRAP_MAX_CHARS = 100
_WRAP_MIN_CHARS = 40
_WRAP_MIN_SHARE = 0.7
_BLOCK_START = tuple("#>|-*+•")
_SENTENCE_FINAL = ".!?…:;"
# Words a sentence does not end with: a line ending in one stops mid-sentence.
_FUNCTION_WORDS = frozenset(
    "a an the and or but nor of to in on at by for from with as that which who whose than into onto over "
    "under about after before between against during without within via per if is are was were be been "
    "has have had will would can could should may might must its their his her our your my this these "
    "those".split()
)
_TITLE_SHORT_CHARS = 80  # a title taken from a paragraph's first sentence is cut near this

# Written as prose to keep the list readable; stored without the final full stop.
_ABBREVIATION_TEXT = """
    Mr Mrs Ms Mx Dr Prof Gen Col Lt Sgt Capt Cmdr Adm Maj Cpl Pvt Gov Sen Rep Reps Sens Pres Rev Hon
    St Ste Mt Ft Jr Sr Inc Corp Ltd Co Cos Bros Assn Dept Univ Messrs Mmes vs etc e.g i.e cf al
    approx Jan Feb Aug Sept Oct Nov Dec Ave Blvd Rd
    Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo Mont Neb
    Nebr Nev Okla Ore Pa Tenn Tex Vt Va Wash Wis Wyo N.H N.J N.M N.Y N.C N.D R.I S.C S.D W.Va D.C
"""
_ABBREVIATIONS = frozenset(_ABBREVIATION_TEXT.split())
# Titles stand before a name, so a capital after them never starts a sentence.
_TITLES = frozenset(
    "Mr Mrs Ms Mx Dr Prof Gen Col Lt Sgt Capt Cmdr Adm Maj Cpl Pvt Gov Sen Rep Reps Sens Pres Rev Hon St".split()
)
# Words that begin sentences but rarely follow an abbreviation inside one.
_SENTENCE_STARTERS = frozenset(
    "The A An His Her Its Their Our My He She It They We I You This That These Those There But "
    "However Meanwhile Still When While If Some Many Most".split()
)
# Words that abbreviate only before a number ("No. 10", "Art. 5"): "The answer was No. Then..." ends.
_NUMBER_ABBREVIATIONS = frozenset({"No", "no", "Nos", "Art", "Vol", "Fig", "pp", "p"})
_INITIALS_RE = re.compile(r"(?:[A-Z]\.)+[A-Z]")  # U.S, U.K, E.U, U.S.A
_TOKEN_LOOKBACK = 16
_WORD_JOINERS_RE = re.compile(r"[-–—/]")


def split_passages(
    text: str, headings: Collection[tuple[int, int]] | None = None
) -> tuple[tuple[Passage, ...], tuple[Passage, ...]]:
    """(paragraphs, sentences) of `text` as offsets into it, in order.

    Each line is a paragraph (blank-line blocks of hard-wrapped prose are one); a short line without
    final punctuation is a heading, and is its own entry among the sentences too. A source that knows
    its headings (a web page's, a Word file's) passes their (start, end) spans instead of that guess.
    """
    paragraphs: list[Passage] = []
    sentences: list[Passage] = []
    known = set(headings) if headings is not None else None
    spans = _paragraph_spans(text)
    if known is None:  # plain text: lines hard-wrapped inside a paragraph join it again
        spans = _join_continued_lines(text, spans)
    for start, end in spans:
        if (start, end) in known if known is not None else _is_heading(text, start, end):
            heading = Passage(start, end, "heading")
            paragraphs.append(heading)
            sentences.append(heading)
            continue
        paragraphs.append(Passage(start, end, "paragraph"))
        sentence_start = start
        for match in _SENTENCE_END_RE.finditer(text, start, end):
            after = match.end()
            if after >= end or not _starts_sentence(text, after):
                continue
            if _ends_with_abbreviation(text, sentence_start, match.start(), after):
                continue
            sentences.append(Passage(sentence_start, match.start(1), "sentence"))
            sentence_start = after
        sentences.append(Passage(sentence_start, end, "sentence"))
    return tuple(paragraphs), tuple(sentences)


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Trimmed (start, end) of every paragraph: one per line, or per block of hard-wrapped lines."""
    lines: list[tuple[int, int]] = []
    block_starts: list[int] = [0]  # indexes into `lines` where a blank line precedes
    previous_end = 0
    for match in LINE_RE.finditer(text):
        if lines and len(_BREAK_RE.findall(text, previous_end, match.start())) > 1:
            block_starts.append(len(lines))
        lines.append(match.span())
        previous_end = match.end()
    if len(block_starts) == 1:  # no blank lines: every line is a paragraph, as in the seed
        return lines
    block_starts.append(len(lines))
    spans: list[tuple[int, int]] = []
    for first, stop in zip(block_starts, block_starts[1:], strict=False):
        block = lines[first:stop]
        if _is_wrapped(text, block):
            spans.append((block[0][0], block[-1][1]))
        else:
            spans.extend(block)
    return spans


def _join_continued_lines(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a line to the next when it stops mid-sentence: it lacks final punctuation and ends in a word
    such as "the" or "of", the next line starts in lower case, or it is as long as the text's wrapped
    lines (an editor broke it there). The next line must follow directly, with no blank line."""
    if len(spans) < 2:
        return spans
    width = _wrap_width(spans)
    joined = [spans[0]]
    for start, end in spans[1:]:
        previous_start, previous_end = joined[-1]
        if _BREAK_RE.fullmatch(text, previous_end, start) and _continues(
            text, previous_start, previous_end, start, width
        ):
            joined[-1] = (previous_start, end)
        else:
            joined.append((start, end))
    return joined


def _wrap_width(spans: list[tuple[int, int]]) -> int | None:
    """The width an editor wrapped the text at, when most of its lines are of a wrapped line's length."""
    widths = sorted(end - start for start, end in spans)
    wrapped = [w for w in widths if _WRAP_MIN_CHARS <= w <= _WRAP_MAX_CHARS]
    if len(wrapped) < 3 or len(wrapped) < _WRAP_MIN_SHARE * len(widths):
        return None
    return wrapped[int(0.9 * (len(wrapped) - 1))]


def _continues(text: str, start: int, end: int, next_start: int, width: int | None) -> bool:
    if text.startswith(_BLOCK_START, next_start) or _LIST_ITEM_RE.match(text, next_start):
        return False
    last = text[start:end]
    if any(ch in last for ch in _BREAKS):
        last = last[last.rindex(last.splitlines()[-1]) :]
    if text.startswith(_BLOCK_START, start) or MARKDOWN_HEADING_RE.match(last):
        return False
    if text[next_start].islower():
        return True
    if last.rstrip(_CLOSERS)[-1:] in _SENTENCE_FINAL:
        return False
    if _ends_mid_sentence(last):
        return True
    return width is not None and len(last) >= _WRAP_MIN_SHARE * width and len(last) >= _WRAP_MIN_CHARS


def _ends_mid_sentence(line: str) -> bool:
    """A line ending in a comma, a dash or a word that never ends a sentence ("and", "the", "of")."""
    stripped = line.rstrip()
    if stripped[-1:] in ",-–—(":
        return True
    words = stripped.rsplit(None, 1)
    return bool(words) and words[-1].lower() in _FUNCTION_WORDS


def _is_wrapped(text: str, block: list[tuple[int, int]]) -> bool:
    if len(block) < 2:
        return False
    widths = [end - start for start, end in block]
    widest = max(widths)
    if widest > _WRAP_MAX_CHARS:
        return False
    floor = max(_WRAP_MIN_CHARS, _WRAP_MIN_SHARE * widest)
    if any(width < floor for width in widths[:-1]):
        return False
    return not any(
        text.startswith(_BLOCK_START, start) or _LIST_ITEM_RE.match(text, start) for start, _ in block
    )


def _is_heading(text: str, start: int, end: int) -> bool:
    if end - start > _HEADING_MAX_CHARS:
        return False
    line = text[start:end]
    if any(ch in line for ch in _BREAKS):
        return False
    if MARKDOWN_HEADING_RE.match(line):
        return True
    if _LIST_ITEM_RE.match(line) or not any(ch.isalpha() for ch in line):
        return False
    unquoted = line.rstrip(_CLOSERS)
    if not unquoted or unquoted[-1] in _FINAL_PUNCTUATION:
        return False
    if line[0].islower() or _ends_mid_sentence(line):  # a sentence's start or end, not a heading
        return False
    return len(line.split()) <= _HEADING_MAX_WORDS


def _starts_sentence(text: str, at: int) -> bool:
    char = text[at]
    return char.isupper() or char.isdigit() or char in _OPENERS


def _next_word(text: str, at: int) -> str:
    match = re.match(r"[\w']+", text[at : at + 40].lstrip(_OPENERS))
    return match.group() if match else ""


def _ends_with_abbreviation(text: str, sentence_start: int, stop: int, after: int) -> bool:
    """Whether the word before a single full stop at `stop` is an abbreviation such as "Dr" or "U.S"."""
    if text[stop] != "." or (stop + 1 < len(text) and text[stop + 1] in ".!?…"):
        return False
    window = text[max(sentence_start, stop - _TOKEN_LOOKBACK) : stop]
    token = window.rsplit(None, 1)[-1] if window.strip() else ""
    token = _WORD_JOINERS_RE.split(token)[-1].lstrip(_OPENERS)
    if not token:
        return False
    if token in _NUMBER_ABBREVIATIONS:
        return text[after].isdigit()
    if token in _TITLES:  # "Dr. Smith": a title always runs on
        return True
    if token in _ABBREVIATIONS or _INITIALS_RE.fullmatch(token):
        # "Acme Inc. The company...", "born in the U.S. His parents...": a word that starts sentences ends it.
        return _next_word(text, after) not in _SENTENCE_STARTERS
    return len(token) == 1 and token.isupper()  # an initial: "J. Smith"


def title_from_text(text: str) -> str | None:
    """A title from the text: its first line when that reads as a heading (cut at a word near 120
    characters), else the first sentence of that paragraph, cut at a word near 80 characters."""
    line = ""
    for match in LINE_RE.finditer(text):
        line = MARKDOWN_HEADING_RE.sub("", match.group(), count=1).strip()
        if line:
            break
    if not line:
        return None
    limit = _TITLE_MAX_CHARS
    if not _is_heading(line, 0, len(line)) and not MARKDOWN_HEADING_RE.match(match.group()):
        _paragraphs, sentences = split_passages(line, ())
        if sentences:
            line = line[sentences[0].start : sentences[0].end]
        line = line.removesuffix(".") if not line.endswith("..") else line
        limit = _TITLE_SHORT_CHARS
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"
