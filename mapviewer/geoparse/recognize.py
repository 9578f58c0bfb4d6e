"""Recognition: find the spans of a text that name places, with the gazetteer entries they may mean.

A recognizer built from the gazetteer: capitalised runs of words are matched against its names, longest
first, then filtered by what English writing tells us: titles and given names mark people, organisation
words mark institutions, sentence-initial common words are just words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mapviewer.gazetteer import Gazetteer
from mapviewer.geoparse.lexicon import (
    CONNECTORS,
    GENERIC_AREAS,
    NOT_PLACES,
    ORGANISATION_HEADS,
    PERSON_TITLES,
    PERSON_VERBS,
)
from mapviewer.model import Place

# Words, dotted abbreviations ("U.S.", "W.Va.", "D.C."), hyphens and numbers.
_TOKEN = re.compile(r"(?:[A-Z][a-z]?\.){2,}|[^\W\d_]+(?:['\u2019][^\W\d_]+)*\.?|\d+|-|&")
_POSSESSIVE = re.compile(r"['\u2019]s$")
MAX_NAME_TOKENS = 6
STRONG_KINDS = frozenset({"country", "admin", "continent", "region", "water", "bloc"})


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass
class Span:
    """A recognised span and the places its words may mean."""

    start: int
    end: int
    text: str
    candidates: tuple[tuple[Place, str], ...]
    qualifier: tuple[tuple[Place, str], ...] = ()  # "Paris, Texas": what follows the comma
    weak: bool = False  # only small places match: kept only when the document's context supports it


def tokenize(text: str) -> list[Token]:
    tokens = []
    for m in _TOKEN.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        possessive = _POSSESSIVE.search(word)
        if possessive:
            word, end = word[: possessive.start()], start + possessive.start()
        # Keep the dots of "U.S." and "W.Va."; a lone final dot ("Korea.", "Calif.") is tried both ways
        # when names are looked up.
        if word.endswith(".") and not re.fullmatch(r"(?:[A-Z][a-z]?\.){2,}", word):
            word, end = word[:-1], end - 1  # a sentence's full stop, not part of an abbreviation
        if word:
            tokens.append(Token(start, end, word))
    return tokens


class Recognizer:
    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.common, self.given_names, self.surnames = gazetteer.words()

    def recognise(self, text: str, sentence_starts: frozenset[int] = frozenset()) -> list[Span]:
        tokens = tokenize(text)
        state = _Pass()
        self._scan(text, tokens, sentence_starts, state)
        if state.confirmed & state.rejected:
            # One sense per document: "Greer, South Carolina" makes every other "Greer" the town too.
            state = _Pass(confirmed=state.confirmed)
            self._scan(text, tokens, sentence_starts, state)
        spans = state.spans
        if state.people:
            spans = [
                s for s in spans if s.text not in state.people or _is_strong(s) or s.text in state.confirmed
            ]
        if self._title_case(tokens):
            spans = [s for s in spans if not s.weak]
        return spans

    def _scan(self, text: str, tokens: list[Token], sentence_starts: frozenset[int], state: _Pass) -> None:
        i = 0
        n = len(tokens)
        while i < n:
            tok = tokens[i]
            if not tok.capitalised or tok.text.lower() in CONNECTORS:
                i += 1
                continue
            j = self._run_end(text, tokens, i)
            self._match_run(text, tokens, i, j, state, sentence_starts)
            i = j

    @staticmethod
    def _title_case(tokens: list[Token]) -> bool:
        """Text where most words are capitalised (a headline, a list) says little through capitals."""
        words = [t for t in tokens if t.text[:1].isalpha()]
        return len(words) >= 8 and sum(t.capitalised for t in words) > 0.6 * len(words)

    def _run_end(self, text: str, tokens: list[Token], i: int) -> int:
        """End (exclusive) of the run of capitalised words that starts at token i."""
        j = i + 1
        while j < len(tokens):
            prev, tok = tokens[j - 1], tokens[j]
            gap = text[prev.end : tok.start]
            if (
                gap.strip() == "."
                and (len(prev.text) == 1 or prev.text in _DOTTED_PREFIXES)
                and "\n" not in gap
            ):
                j += 1  # "Matthew D. Flores", "St. Louis": the dot does not end the name
                continue
            if gap.strip() or "\n" in gap:
                break
            if (
                tok.capitalised
                or tok.text.lower() in CONNECTORS
                and j + 1 < len(tokens)
                and tokens[j + 1].capitalised
            ):
                j += 1
            else:
                break
        while j > i + 1 and tokens[j - 1].text.lower() in CONNECTORS:
            j -= 1
        return j

    def _match_run(self, text, tokens, i, j, state: _Pass, sentence_starts) -> None:
        run_start = i
        while i < j:
            if tokens[i].text.lower() in CONNECTORS:
                i += 1
                continue
            found = None
            for k in range(min(j, i + MAX_NAME_TOKENS), i, -1):
                if tokens[k - 1].text.lower() in CONNECTORS:
                    continue
                start, end = tokens[i].start, tokens[k - 1].end
                surface = text[start:end]
                candidates = ()
                if end < len(text) and text[end] == ".":
                    # "Kan." is Kansas before it is any town called Kan.
                    candidates = self.gazetteer.lookup(surface + ".")
                    if candidates:
                        end += 1
                        surface += "."
                if not candidates:
                    candidates = self.gazetteer.lookup(surface)
                if candidates:
                    found = (k, Span(start, end, surface, candidates))
                    break
            if found is None:
                i += 1
                continue
            k, span = found
            span.qualifier = self._qualifier(text, tokens, k)
            if span.qualifier and any(qualifies(p, span.qualifier) for p, _ in span.candidates):
                state.confirmed.add(span.text)
                verdict = "place"
            elif span.text in state.confirmed:
                verdict = "place"
            elif i - 1 in state.person_tokens and i > run_start and not _is_strong(span):
                verdict = "person"  # a name goes on: "William Mark Heiden"
            else:
                verdict = self._judge(text, tokens, run_start, i, k, j, span, sentence_starts)
            if verdict == "person":
                state.people.add(span.text)
                state.person_tokens.update(range(i, k))
            if verdict == "place":
                state.spans.append(span)
            else:
                state.rejected.add(span.text)
            i = k

    def _judge(self, text, tokens, run_start, i, k, j, span: Span, sentence_starts) -> str:
        """Is this match a place, part of a person's name, or something else?"""
        single = k - i == 1
        word = tokens[i].text.lower()
        common = self.common.get(word, 0.0) if single else 0.0
        best = max(self._strength(p, f) for p, f in span.candidates)
        curated_form = any(f in ("abbreviation", "demonym", "bloc") for _, f in span.candidates)
        before = tokens[i - 1].text.lower().rstrip(".") if i > run_start else None
        if before is not None and self.common.get(before, 0.0) >= 3.5 and before not in PERSON_TITLES:
            before = None  # "In Columbus", "The Hague": a capitalised everyday word says nothing
        after = tokens[k].text.lower() if k < j else None
        if span.text.lower() in NOT_PLACES:
            return "other"
        if best < 3 and self._hyphen_partner_is_not_a_place(text, tokens, i, k):
            return "other"  # "Wal-Mart", "Diaz-Balart": half of a hyphenated name
        if single and tokens[i].text.isupper() and len(word) <= 5 and not curated_form:
            return "other"  # acronyms ("AMLO", "BA") are organisations and people far more often
        if before in PERSON_TITLES and best < 3:
            return "person"
        if before is not None and before not in CONNECTORS and best < 3:
            if len(before) == 1 or before in self.given_names:
                return "person"  # "Matthew D. Flores", "Abraham Lincoln", "Melton Lewis Paris"
            if best < 2 and not self.gazetteer.lookup(tokens[i - 1].text):
                return "person"  # "Jamieson Greer": an unknown capitalised word before a small place
        if single and best < 2 and _next_word(text, span.end) in PERSON_VERBS:
            return "person"  # "Trapani said"
        if (
            single
            and after is not None
            and best < 3
            and after not in ORGANISATION_HEADS
            and word in self.given_names
            and not self.gazetteer.lookup(tokens[k].text)
        ):
            return "person"  # "Greer Smith"
        if single and (word in GENERIC_AREAS or (common >= 4.0 and best < 3)):
            return "other"
        if single and best < 2:
            if best == 0 and (word in self.given_names or word in self.surnames):
                return "other"
            at_sentence_start = tokens[i].start in sentence_starts or _starts_line(text, tokens[i].start)
            if common >= 4.0 or (at_sentence_start and common >= 3.0):
                return "other"
        span.weak = best == 0
        return "place"

    def _hyphen_partner_is_not_a_place(self, text: str, tokens: list[Token], i: int, k: int) -> bool:
        partners = []
        if i >= 2 and tokens[i - 1].text == "-" and tokens[i - 2].end == tokens[i - 1].start:
            partners.append(tokens[i - 2])
        if k + 1 < len(tokens) and tokens[k].text == "-" and tokens[k].end == tokens[k + 1].start:
            partners.append(tokens[k + 1])
        # A short code ("R-London", "Watertown-ML") is a party or a team, not half of a name.
        return any(
            p.capitalised and len(p.text) >= 3 and not p.text.isupper() and not self.gazetteer.lookup(p.text)
            for p in partners
        )

    def _strength(self, place: Place, form: str) -> int:
        """How sure a match alone makes us that the words name a place (0-3)."""
        if form in ("abbreviation", "demonym", "bloc") or place.kind in ("country", "continent", "bloc"):
            return 3
        if place.kind in ("region", "water"):
            return 2
        if place.kind == "admin":
            if place.name.lower() in GENERIC_AREAS or self.common.get(place.name.lower(), 0.0) >= 4.0:
                return 0
            return 2 if form == "name" and place.id.startswith("admin:") else 1
        score = 2 if place.capital_of or place.population >= 1_000_000 else int(place.population >= 100_000)
        return max(0, score - 1) if form == "alias" else score

    def _qualifier(self, text: str, tokens: list[Token], k: int) -> tuple[tuple[Place, str], ...]:
        """What a ", Texas" / ", Calif." / ", FL" right after the name says about it."""
        if k >= len(tokens) or text[tokens[k - 1].end : tokens[k].start].strip() != ",":
            return ()
        for width in (3, 2, 1):
            if k + width > len(tokens):
                continue
            surface = text[tokens[k].start : tokens[k + width - 1].end]
            found = self.gazetteer.lookup(surface)
            if not found and text[tokens[k + width - 1].end : tokens[k + width - 1].end + 1] == ".":
                found = self.gazetteer.lookup(surface + ".")
            found = tuple((p, f) for p, f in found if p.kind in ("country", "admin", "region"))
            if found:
                return found
        return ()


@dataclass
class _Pass:
    """What one scan of a document has learnt so far."""

    spans: list[Span] = field(default_factory=list)
    people: set[str] = field(default_factory=set)
    rejected: set[str] = field(default_factory=set)
    confirmed: set[str] = field(default_factory=set)  # names a qualifier tied to a place
    person_tokens: set[int] = field(default_factory=set)  # token positions judged part of a name


def qualifies(place: Place, qualifier: tuple[tuple[Place, str], ...]) -> bool:
    """Does ", Texas" (or ", France", ", Calif.") fit this place?"""
    for q, _ in qualifier:
        if q.kind == "country" and place.country_code == q.country_code and place.id != q.id:
            return True
        if q.kind == "admin" and place.country_code == q.country_code and place.admin1 == q.admin1:
            return place.id != q.id
    return False


# Abbreviations whose full stop does not end the name that follows: "St. Louis", "Mr. Heiden".
_DOTTED_PREFIXES = frozenset(
    "St Ste Mt Ft Pt Mr Mrs Ms Dr Sen Sens Rep Reps Gov Gen Col Lt Sgt Capt Cmdr Adm Maj Prof Rev Det Insp".split()
)
_NEXT_WORD = re.compile(r"(?:['\u2019]s)?\s*,?\s*([a-z]+)")


def _next_word(text: str, offset: int) -> str:
    m = _NEXT_WORD.match(text, offset)
    return m.group(1) if m else ""


def _is_strong(span: Span) -> bool:
    return any(p.kind in STRONG_KINDS or p.capital_of for p, _ in span.candidates)


def _starts_line(text: str, offset: int) -> bool:
    line_start = text.rfind("\n", 0, offset) + 1
    return not text[line_start:offset].strip(" \t\"'\u201c\u2018(")
