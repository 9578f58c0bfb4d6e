"""Recognition: find the spans of a text that name places, with the gazetteer entries they may mean.

A recognizer built from the gazetteer: capitalised runs of words are matched against its names, longest
first, then filtered by what English writing tells us: titles and given names mark people, organisation
words mark institutions, sentence-initial common words are just words.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from mapviewer.gazetteer import Gazetteer
from mapviewer.geoparse.lexicon import (
    CONNECTORS,
    GENERIC_AREAS,
    LOCATIVES,
    NAME_PARTICLES,
    NOBILIARY_PARTICLES,
    NOT_PLACES,
    ORGANISATION_HEADS,
    PERSON_TITLES,
    PERSON_VERBS,
)
from mapviewer.geoparse.regions import AdminKey, plain_key
from mapviewer.geoparse.tokens import token_sequence
from mapviewer.model import Place

# Words, dotted abbreviations ("U.S.", "W.Va.", "D.C."), hyphens and numbers.
_TOKEN = re.compile(r"(?:[A-Z][a-z]?\.){2,}|[^\W\d_]+(?:['\u2019][^\W\d_]+)*\.?|\d+|-|&")
_POSSESSIVE = re.compile(r"['\u2019]s$")
MAX_NAME_TOKENS = 6
ARTICLE_NAME_TOKENS = (
    2  # the longest curated names written with "the" ("the Falkland Islands") have two words
)
STRONG_KINDS = frozenset({"country", "admin", "continent", "region", "water", "bloc"})


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def capitalised(self) -> bool:
        """ "Paz", and "d'Ivoire" (an elided particle before a capital)."""
        t = self.text
        first = t[:1]
        if first.isupper():
            return True
        return (first == "d" or first == "l") and t[1:2] in "'\u2019" and t[2:3].isupper()


@dataclass
class Span:
    """A recognised span and the places its words may mean."""

    start: int
    end: int
    text: str
    candidates: tuple[tuple[Place, str], ...]
    qualifier: tuple[tuple[Place, str], ...] = ()  # "Paris, Texas": what follows the comma
    weak: bool = False  # only small places match: kept only when the document's context supports it
    located: bool = False  # a locative cue comes before it ("to Tromsø")
    rule: str = ""  # the name of the rule that judged it (RULES, or a rule of _match_run)


@dataclass(frozen=True)
class Decision:
    """One judgement of the recognizer, kept so `mapviewer extract --explain` can say why."""

    span: Span
    verdict: str  # "place", "person" or "other"
    rule: str


# Share of a proper noun's uses typed in lower case anyway, in the web text spacy-lookups-data counted
# (the median over one-word country names is 5.5 %; "berlin" 6 %, "michigan" 6 %). Only lower-case use
# beyond that makes a word an everyday word.
CARELESS_LOWER_SHARE = 0.06


def everyday_words(zipf: dict[str, float], lower_share: dict[str, float]) -> dict[str, float]:
    """How everyday each word is in lower case: its Zipf frequency plus log10 of the share of its uses
    written in lower case beyond careless typing. "reading" 5.1, "prosper" 3.4; "berlin" and "london",
    written in lower case no more often than any proper noun, fall out."""
    out = {}
    floor = CARELESS_LOWER_SHARE
    for word, share in lower_share.items():
        excess = (share - floor) / (1.0 - floor)
        if excess > 0.001 and word in zipf:
            out[word] = round(zipf[word] + math.log10(excess), 2)
    return out


# A social-media handle, an e-mail address or a web address: names an account or a site, never a place.
_HANDLE = re.compile(r"[\w.+-]*@\w+(?:[.-]\w+)*|\bhttps?://\S+|\bwww\.\S+")


def _handles(text: str) -> list[tuple[int, int]]:
    if "@" not in text and "://" not in text and "www." not in text:
        return []
    return [m.span() for m in _HANDLE.finditer(text)]


def _in_handle(handles: list[tuple[int, int]], offset: int) -> bool:
    n = bisect.bisect_right(handles, (offset, math.inf)) - 1
    return n >= 0 and handles[n][0] <= offset < handles[n][1]


def tokenize(text: str) -> Sequence[Token]:
    """The text's words; held as offsets when the text is big (mapviewer.geoparse.tokens)."""
    return token_sequence(text, _token_offsets(text), Token)


def _token_offsets(text: str) -> Iterator[tuple[int, int]]:
    handles = _handles(text)
    for m in _TOKEN.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        if handles and _in_handle(handles, start):
            continue  # "@delta", "@BBCWorld": an account's name
        possessive = _POSSESSIVE.search(word)
        if possessive:
            word, end = word[: possessive.start()], start + possessive.start()
        # Keep the dots of "U.S." and "W.Va."; a lone final dot ("Korea.", "Calif.") is tried both ways
        # when names are looked up.
        if word.endswith(".") and not re.fullmatch(r"(?:[A-Z][a-z]?\.){2,}", word):
            word, end = word[:-1], end - 1  # a sentence's full stop, not part of an abbreviation
        if word:
            yield start, end


class Recognizer:
    def __init__(self, gazetteer: Gazetteer, region_key: Callable[[Place], AdminKey] = plain_key):
        self.gazetteer = gazetteer
        self.region_key = region_key
        words = gazetteer.words()
        self.common = everyday_words(words.zipf, words.lower_share)
        self.zipf, self.lower_share = words.zipf, words.lower_share
        self.given_names, self.surnames = words.given_names, words.surnames

    def recognise(
        self,
        text: str,
        sentence_starts: frozenset[int] = frozenset(),
        explain: list[Decision] | None = None,
        unknown: list[Span] | None = None,
    ) -> list[Span]:
        """The spans that name places; `explain`, when given, receives every judgement made, and
        `unknown` every run of capitalised words after "in", "near" or "at" that names no person (an
        airport, a street: what an online geocoder may know when the gazetteer does not)."""
        original = text
        lower_case = self._lower_case(text)
        if lower_case:
            text = self._capitalise_names(text)
        tokens = tokenize(text)
        state = _Pass()
        self._scan(text, tokens, sentence_starts, state)
        if (
            state.confirmed & state.rejected
            or state.located & state.rejected
            or any(_named_before(text, c, c + " County") for c in state.counties)
        ):
            # One sense per document: "Greer, South Carolina" makes every other "Greer" the town too,
            # "driven three hours to Reading" lets the other "Reading"s pass the word filters, and a
            # "DeKalb County" named late is the "DeKalb" of the headline.
            state = _Pass(
                confirmed=state.confirmed, located=state.located, placed=state.placed, counties=state.counties
            )
            self._scan(text, tokens, sentence_starts, state)
        spans = state.spans
        dropped: dict[int, str] = {}
        if state.people:
            for s in spans:
                if (
                    s.text in state.people
                    and not _is_strong(s)
                    and s.text not in state.confirmed
                    and s.text not in state.placed
                ):
                    dropped[id(s)] = "person-elsewhere"
        if self._title_case(tokens):
            for s in spans:
                if s.weak:
                    dropped.setdefault(id(s), "title-case")
        if lower_case:
            for s in spans:
                s.text = original[s.start : s.end]
                # Cities of 100,000 need a locative cue: "from atlanta to denver".
                if max(self._strength(p, f) for p, f in s.candidates) < (1 if s.located else 2):
                    dropped.setdefault(id(s), "lower-case-text")
        if unknown is not None and not lower_case:  # lower-case text: capitals say nothing
            people = [d.span for d in state.decisions if d.verdict == "person"]
            unknown.extend(
                u for u in state.cued if not any(p.start < u.end and u.start < p.end for p in people)
            )
        if explain is not None:
            for d in state.decisions:
                rule = dropped.get(id(d.span))
                explain.append(Decision(d.span, "other", rule) if rule else d)
        return [s for s in spans if id(s) not in dropped] if dropped else spans

    def _scan(self, text: str, tokens: list[Token], sentence_starts: frozenset[int], state: _Pass) -> None:
        i = 0
        n = len(tokens)
        while i < n:
            tok = tokens[i]
            if not tok.capitalised or (
                tok.text.lower() in CONNECTORS and not self._starts_name(text, tokens, i)
            ):
                i += 1
                continue
            j = self._run_end(text, tokens, i)
            end = self._match_run(text, tokens, i, j, state, sentence_starts)
            _note_cued(text, tokens, i, j, state)
            i = end

    @staticmethod
    def _starts_name(text: str, tokens: list[Token], i: int) -> bool:
        """ "La Paz", "El Paso", "Al Hudaydah": a capitalised particle right before a capitalised word."""
        tok = tokens[i]
        return (
            tok.text.lower() in NAME_PARTICLES
            and i + 1 < len(tokens)
            and tokens[i + 1].capitalised
            and text[tok.end : tokens[i + 1].start] == " "
        )

    @staticmethod
    def _lower_case(text: str) -> bool:
        """Text typed all in lower case (a chat message, a transcript): capitals say nothing in it."""
        head = text[:20000]
        handles = _handles(head)
        if handles:
            words = [m.group() for m in _ALPHA_WORD.finditer(head) if not _in_handle(handles, m.start())]
        else:
            words = _ALPHA_WORD.findall(head)
        return len(words) >= 5 and sum(w[0].isupper() for w in words) <= 0.02 * len(words)

    def _capitalise_names(self, text: str) -> str:
        """Lower-case text with the words that are usually capitalised (the lexicon's lower-case share
        under one half: "paris", "china") capitalised, and the words of any two- or three-word place name
        ("new york", "united states"), so the usual scan weighs them; offsets stay those of the text."""
        words = list(_ALPHA_WORD.finditer(text))
        chars = list(text)
        for n, m in enumerate(words):
            word = m.group()
            width = 1 if self.lower_share.get(word, 0.0) < 0.5 and word not in CONNECTORS else 0
            for w in (3, 2):
                if (
                    width < w
                    and n + w <= len(words)
                    and self.gazetteer.lookup(text[m.start() : words[n + w - 1].end()])
                ):
                    width = w
            for part in words[n : n + width]:
                if part.group() not in CONNECTORS:
                    first = chars[part.start()].upper()
                    chars[part.start()] = first if len(first) == 1 else chars[part.start()]
        return "".join(chars)

    @staticmethod
    def _title_case(tokens: list[Token]) -> bool:
        """Text where most words are capitalised (a headline, a list) says little through capitals."""
        words = capitalised = 0  # counted, not listed: a big text's tokens are made as they are read
        for t in tokens:
            if t.text[:1].isalpha():
                words += 1
                capitalised += t.capitalised
        return words >= 8 and capitalised > 0.6 * words

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
            if tok.capitalised or self._connects(text, tokens, j):
                j += 1
            else:
                break
        while j > i + 1 and tokens[j - 1].text.lower() in CONNECTORS:
            j -= 1
        return j

    @staticmethod
    def _connects(text: str, tokens: list[Token], j: int) -> bool:
        """Token j joins a name: one or two connectors, then a capitalised word ("Republic of the Congo")."""
        if tokens[j].text == "-" and (
            text[tokens[j - 1].end : tokens[j].start]
            or j + 1 >= len(tokens)
            or tokens[j].end != tokens[j + 1].start
        ):
            return False  # "PARIS - Strikes": a dash between words, not a hyphen inside a name
        for n in (j, j + 1):
            if n >= len(tokens) or tokens[n].text.lower() not in CONNECTORS:
                return False
            if n > j and not (tokens[j].text.isalpha() and tokens[n].text.isalpha()):
                return False  # "COLUMBUS -- A": a dash, not "of the"
            nxt = n + 1
            if (
                nxt < len(tokens)
                and tokens[nxt].capitalised
                and not text[tokens[n].end : tokens[nxt].start].strip()
            ):
                return True
        return False

    def _match_run(self, text, tokens, i, j, state: _Pass, sentence_starts) -> int:
        """Judge every name in the run of tokens i..j; returns where scanning goes on."""
        run_start = i
        while i < j:
            if tokens[i].text.lower() in CONNECTORS and not self._starts_name(text, tokens, i):
                i += 1
                continue
            found = self._possessive_name(text, tokens, i) if i + 1 == j else None
            if found is not None:
                j = found[0]
            article = None  # "the" before token i: asked only when a short name is tried
            for k in range(min(j, i + MAX_NAME_TOKENS), i, -1):
                if found is not None:
                    break
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
                if candidates and not surface.isascii():
                    # A spelling with its accents, as GeoNames lists it ("Plzeň", "Göteborg"), is the
                    # place's native name, not a loose alias that may collide with a word.
                    candidates = tuple((p, "name" if f == "alias" else f) for p, f in candidates)
                if surface in state.counties:
                    # "DeKalb County ... north DeKalb": the document's county, by its short name
                    candidates = candidates + self.gazetteer.lookup(surface + " County")
                if k - i <= ARTICLE_NAME_TOKENS and article is None:
                    article = _after_article(text, tokens, i)
                if article and k - i <= ARTICLE_NAME_TOKENS:
                    candidates = self._with_article(candidates, self.gazetteer.lookup("the " + surface))
                if candidates:
                    found = (k, Span(start, end, surface, candidates))
                    break
            if found is None:
                i += 1
                continue
            k, span = found
            span.qualifier = self._qualifier(text, tokens, k)
            if span.qualifier and any(
                qualifies(p, span.qualifier, self.region_key) for p, _ in span.candidates
            ):
                state.confirmed.add(span.text)
                verdict, rule = "place", "qualified"
            elif span.text in state.confirmed:
                verdict, rule = "place", "one-sense"
            elif i > run_start and not _is_strong(span) and self._continues_person(text, tokens, i, state):
                verdict, rule = "person", "name-goes-on"  # "William Mark Heiden", "Mario Diaz-Balart"
            else:
                verdict, rule = self._judge(text, tokens, run_start, i, k, j, span, sentence_starts, state)
            span.rule = rule
            state.decisions.append(Decision(span, verdict, rule))
            if verdict == "person":
                state.people.add(span.text)
                state.person_tokens.update(range(i, k))
            if verdict == "place":
                state.spans.append(span)
                if span.text.endswith(" County"):
                    state.counties.add(span.text[: -len(" County")])
                ends = k == j or tokens[k].text.lower() in _LIST_WORDS
                cue = _locative_before(text, tokens, i) if ends else None  # not "from Clean Air Act"
                if cue in STRONG_CUES:
                    state.placed.add(span.text)
                    state.located.add(span.text)
                elif cue is not None and not self._is_name(span.text):  # "to Lee" may be a person's
                    state.located.add(span.text)
            else:
                state.rejected.add(span.text)
            i = k
        return j

    @staticmethod
    def _continues_person(text: str, tokens: list[Token], i: int, state: _Pass) -> bool:
        """Token i goes on with a person's name: right after it, or after a hyphen ("Diaz-Balart")."""
        if i - 1 in state.person_tokens:
            return True
        hyphen = tokens[i - 1]
        return (
            hyphen.text == "-"
            and i - 2 in state.person_tokens
            and tokens[i - 2].end == hyphen.start
            and hyphen.end == tokens[i].start
        )

    def _possessive_name(self, text: str, tokens: list[Token], i: int) -> tuple[int, Span] | None:
        """ "People's Republic of China": a name with a possessive inside, which ends ordinary runs."""
        if not _POSSESSIVE_AFTER.match(text, tokens[i].end) or i + 2 >= len(tokens):
            return None
        last = i + 1
        while last < min(len(tokens), i + MAX_NAME_TOKENS) and (
            tokens[last].capitalised or tokens[last].text.lower() in CONNECTORS
        ):
            if last > i + 1 and text[tokens[last - 1].end : tokens[last].start] != " ":
                break
            last += 1
        for k in range(last, i + 1, -1):
            if tokens[k - 1].capitalised:
                start, end = tokens[i].start, tokens[k - 1].end
                candidates = self.gazetteer.lookup(text[start:end])
                if candidates:
                    return k, Span(start, end, text[start:end], candidates)
        return None

    def _judge(self, text, tokens, run_start, i, k, j, span: Span, sentence_starts, state) -> tuple[str, str]:
        """Is this match a place, part of a person's name, or something else? (verdict, rule name)"""
        match = Match(self, text, tokens, run_start, i, k, j, span, sentence_starts, state)
        for rule in RULES:
            if rule.applies(match):
                return rule.verdict, rule.name
        span.weak = match.best == 0
        span.located = match.located
        return "place", "weak-place" if span.weak else "place"

    def _with_article(self, candidates, with_article):
        """What a name after "the" means: the curated names that English writes with the article ("the
        Atlantic", "the Gulf"), not the small towns that bear the bare word; beside a big place of that
        name ("the Mississippi"), both readings."""
        if not with_article:
            return candidates
        if all(self._strength(p, f) < 2 for p, f in candidates):
            return with_article
        ids = {p.id for p, _ in candidates}
        return candidates + tuple(c for c in with_article if c[0].id not in ids)

    def _is_name(self, surface: str) -> bool:
        word = surface.lower()
        return word in self.given_names or word in self.surnames

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
        # An alias is weaker evidence, except for a big city's ("Frankfurt" for Frankfurt am Main).
        return max(0, score - 1) if form == "alias" and place.population < 500_000 else score

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


# Words after which an unknown capitalised name is probably a place ("talks at Heathrow").
PLACE_CUES = frozenset({"in", "near", "at"})
_RUN_BREAKS = frozenset({"on", "and", "&", "upon"})  # connectors that join two names, not parts of one


def _note_cued(text: str, tokens: list[Token], i: int, j: int, state: _Pass) -> None:
    """Keep the run i..j as a place-like name when a cue comes right before it (or opens it)."""
    if tokens[i].text.lower() in PLACE_CUES:  # "At Heathrow, ...": the capitalised cue opens the run
        i += 1
        if i < j - 1 and tokens[i].text == "the":
            i += 1
        if i >= j:
            return
    else:
        cue = i - 2 if i >= 2 and tokens[i - 1].text == "the" else i - 1  # "near the Champs-Elysées"
        if cue < 0 or tokens[cue].text not in PLACE_CUES:
            return
        if text[tokens[cue].end : tokens[i].start].split() not in ([], ["the"]):
            return  # a comma or a full stop between: the cue belongs to something else
    for k in range(i + 1, j):
        if tokens[k].text in _RUN_BREAKS:
            j = k  # "at Heathrow on Monday": the name ends before "on"
            break
    start, end = tokens[i].start, tokens[j - 1].end
    state.cued.append(Span(start, end, text[start:end], (), rule="after-cue"))


@dataclass
class _Pass:
    """What one scan of a document has learnt so far."""

    spans: list[Span] = field(default_factory=list)
    people: set[str] = field(default_factory=set)
    rejected: set[str] = field(default_factory=set)
    confirmed: set[str] = field(default_factory=set)  # names a qualifier tied to a place
    located: set[str] = field(default_factory=set)  # names a locative cue put on the map ("to Reading")
    placed: set[str] = field(default_factory=set)  # ... a strong one, against the person filters ("in Sochi")
    person_tokens: set[int] = field(default_factory=set)  # token positions judged part of a name
    decisions: list[Decision] = field(default_factory=list)
    cued: list[Span] = field(default_factory=list)  # capitalised runs after "in", "near", "at"
    counties: set[str] = field(default_factory=set)  # "DeKalb" for a "DeKalb County" the document names


def qualifies(
    place: Place,
    qualifier: tuple[tuple[Place, str], ...],
    region_key: Callable[[Place], AdminKey] = plain_key,
) -> bool:
    """Does ", Texas" (or ", France", ", Calif.", ", Ontario") fit this place?"""
    for q, _ in qualifier:
        if q.kind == "country" and place.country_code == q.country_code and place.id != q.id:
            return True
        if q.kind == "admin" and place.country_code == q.country_code and region_key(place) == region_key(q):
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


_LIST_WORDS = ("and", "or")  # "to Tromsø and Bergen": the name ends before them

# Cues that put a name on the map even against the person filters ("Officials in Sochi said").
STRONG_CUES = frozenset({"in", "near", "outside", "inside", "throughout", "within"})
_CUE_GAP = re.compile(r"\s+")
_ALPHA_WORD = re.compile(r"[^\W\d_]+")
_DATELINE = re.compile(
    r"[A-Z][A-Z .'\u2019-]*[A-Z](?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s*(?:-|\u2013|\u2014|\(\w+\))\s"
)
_POSSESSIVE_AFTER = re.compile(r"[\w.]*['\u2019]s?\b")


# Words between "the" and a sea's or region's name that leave it that name ("the tropical Atlantic").
_ADJECTIVE_ENDINGS = ("al", "ern", "ic")


def _after_article(text: str, tokens: list[Token], i: int) -> bool:
    """ "the Atlantic", "the western tropical Atlantic": "the", perhaps with a direction or an adjective or
    two between, before token i."""
    for n in range(i - 1, max(-1, i - 4), -1):
        word = tokens[n].text
        if word == "the" or word == "The":
            return all(_CUE_GAP.fullmatch(text[tokens[m].end : tokens[m + 1].start]) for m in range(n, i))
        if not word.islower() or not (word in GENERIC_AREAS or word.endswith(_ADJECTIVE_ENDINGS)):
            return False
    return False


def _named_before(text: str, short: str, full: str) -> bool:
    """Does the word `short` stand alone before the first `full` ("DeKalb" before "DeKalb County")?"""
    return re.compile(rf"\b{re.escape(short)}\b").search(text, 0, max(0, text.find(full))) is not None


def _locative_before(text: str, tokens: list[Token], i: int) -> str | None:
    """The locative preposition written right before token i ("in", "near", "to"), if any."""
    if i == 0 or _POSSESSIVE_AFTER.match(text, tokens[i].end):
        return None  # "to Turner's 39": a person's
    prev = tokens[i - 1]
    word = prev.text.lower()
    if word not in LOCATIVES or prev.text != word or not _CUE_GAP.fullmatch(text[prev.end : tokens[i].start]):
        return None
    return word


def _is_strong(span: Span) -> bool:
    return any(p.kind in STRONG_KINDS or p.capital_of for p, _ in span.candidates)


def _starts_line(text: str, offset: int) -> bool:
    line_start = text.rfind("\n", 0, offset) + 1
    return not text[line_start:offset].strip(" \t\"'\u201c\u2018(")


class Match:
    """What the rules look at: one gazetteer match inside a run of capitalised words."""

    def __init__(
        self, recognizer: Recognizer, text, tokens, run_start, i, k, j, span: Span, sentence_starts, state
    ):
        self.recognizer, self.text, self.tokens, self.span, self.state = recognizer, text, tokens, span, state
        self.i, self.k = i, k
        self.sentence_starts = sentence_starts
        self.single = k - i == 1
        self.word = tokens[i].text.lower()
        common = recognizer.common
        self.common = common.get(self.word, 0.0) if self.single else 0.0
        self.best = max(recognizer._strength(p, f) for p, f in span.candidates)
        self.curated_form = any(f in ("abbreviation", "demonym", "bloc") for _, f in span.candidates)
        before = tokens[i - 1].text.lower().rstrip(".") if i > run_start else None
        if before is not None and common.get(before, 0.0) >= 3.5 and before not in PERSON_TITLES:
            before = None  # "In Columbus", "The Hague": a capitalised everyday word says nothing
        self.before = before
        self.after = tokens[k].text.lower() if k < j else None
        # "in", "near", "to", ... right before the name, when the name ends the run ("in Mill Road" is a road)
        self.cue = _locative_before(text, tokens, i) if self.after in (None, *_LIST_WORDS) else None
        # A locative cue here, or one before the same name elsewhere in the document, outweighs the word
        # and speech filters: "Officials in Sochi said", "driven three hours to Reading".
        self.located = self.cue is not None or span.text in state.located or self._conjunct_is_place()

    def _conjunct_is_place(self) -> bool:
        """ "York and Selby": a name joined by "and" or "or" to a sure place, or to one after a locative
        cue, is one of a list of places."""
        i, tokens = self.i, self.tokens
        if i < 2 or tokens[i - 1].text not in _LIST_WORDS or not self.state.spans:
            return False
        last = self.state.spans[-1]
        if last.end != tokens[i - 2].end:
            return False
        return last.located or max(self.recognizer._strength(p, f) for p, f in last.candidates) >= 2

    @property
    def shouted(self) -> bool:
        """Written in capitals for emphasis, not as an acronym: a headline in capitals ("KENYA AND ETHIOPIA
        SIGN DEAL") or a dateline ("CAIRO -", "ATLANTA, Ga. -")."""
        start = self.tokens[self.i].start
        line_start = self.text.rfind("\n", 0, start) + 1
        if _DATELINE.match(self.text, start) and not self.text[line_start:start].strip(" \t\"'\u201c("):
            return True
        # Or among capitals: two of the four words around it are in capitals too.
        near = [t.text for t in self.tokens[max(0, self.i - 2) : self.k + 2] if t.text[:1].isalpha()]
        near = [w for w in near if w != self.tokens[self.i].text]
        return sum(len(w) >= 2 and w.isupper() for w in near) >= 2

    @property
    def at_sentence_start(self) -> bool:
        start = self.tokens[self.i].start
        return start in self.sentence_starts or _starts_line(self.text, start)


@dataclass(frozen=True)
class Rule:
    """A named test that settles a match; the first rule in RULES that applies decides."""

    name: str
    verdict: str  # "person" or "other" (a match that no rule rejects is a place)
    why: str  # for people: what the rule says about the words
    applies: Callable[[Match], bool]


def _given_name_before_name(m: Match) -> bool:
    g = m.recognizer
    return (
        m.single
        and m.after is not None
        and m.tokens[m.k].capitalised  # "Paris and Berlin": a connector is no name
        and m.best < 3
        and m.after not in ORGANISATION_HEADS
        and m.word in g.given_names
        and not g.gazetteer.lookup(m.tokens[m.k].text)
    )


def _unknown_name_or_rare_word(m: Match) -> bool:
    if not m.single or m.best >= 2 or m.located:
        return False
    g = m.recognizer
    if m.best == 0 and (m.word in g.given_names or m.word in g.surnames):
        return True
    # First in a sentence every word is capitalised: a word written mostly in lower case elsewhere
    # ("Reading the report") is that word, a proper noun ("Boston") is not.
    at_start = m.at_sentence_start and m.common >= 3.0 and m.recognizer.lower_share.get(m.word, 0.0) >= 0.5
    return m.common >= 4.0 or at_start


def _name_before_surname(m: Match) -> bool:
    """ "Vladimir Putin", "Austin Rivers", "Paris Hilton": a place name right before a surname is a given
    name. The next word is a surname when the census lists it as one, or when it names no place and is
    written capitalised nearly always (a proper noun, not "Globe" or "Wall")."""
    if not m.single or m.after is None or m.cue in STRONG_CUES:
        return False
    g = m.recognizer
    nxt = m.tokens[m.k]
    # A given name before a family name, even a country's: "Jordan Peterson", "Tyler Perry".
    if (
        m.word in g.given_names
        and (m.after in g.surnames or m.after in g.given_names)
        and g.lower_share.get(m.after, 1.0) < 0.5
        and nxt.text[1:].islower()
        and m.text[m.tokens[m.k - 1].end : nxt.start] == " "
    ):
        return True
    if m.best >= 3:
        return False
    if (
        m.text[m.tokens[m.k - 1].end : nxt.start] != " "
        or len(nxt.text) < 2
        or not nxt.text[1:].islower()  # "OKs", "USA": not a surname
        or m.after in ORGANISATION_HEADS
        or m.after not in g.lower_share  # a word the lexicon does not know says nothing
    ):
        return False
    share = g.lower_share[m.after]
    if m.after in g.surnames and share < 0.5:  # "Rivers", but not "High" (School)
        return True
    return share < 0.3 and not g.gazetteer.lookup(nxt.text)


_SURNAME_PARTICLES = frozenset("da de del della di do dos du la le".split())


def _given_name_and_particle(m: Match) -> bool:
    """ "Mike de Kock", "Samuel de Champlain": a given name, then "de" in lower case, then the name."""
    i, tokens = m.i, m.tokens
    if m.best >= 3 or i < 2 or tokens[i - 1].text not in _SURNAME_PARTICLES:
        return False
    given = tokens[i - 2]
    return (
        given.text[:1].isupper()
        and given.text[1:].islower()
        and given.text.lower() in m.recognizer.given_names
        and m.text[given.end : tokens[i - 1].start] == " "
        and m.text[tokens[i - 1].end : tokens[i].start] == " "
    )


def _plural_family_name(m: Match) -> bool:
    """ "the Smiths", "the Kennedys": a family, not Smiths Station."""
    word = m.word
    if not m.single or m.best >= 2 or not word.endswith("s") or m.i == 0:
        return False
    if m.tokens[m.i - 1].text.lower() != "the":
        return False
    g = m.recognizer
    stems = (word[:-1], word[:-2]) if word.endswith("es") else (word[:-1],)
    return any(stem in g.surnames or stem in g.given_names for stem in stems)


def _famous_name(m: Match) -> bool:
    """ "Christmas", "Smith": a word written far more often (ten times) than the biggest place bearing it
    would explain; it names something else (a holiday, a family, a famous person)."""
    if not m.single or m.best >= 2 or m.cue in STRONG_CUES:
        return False
    zipf = m.recognizer.zipf.get(m.word)
    if zipf is None:
        return False
    biggest = max((p.population for p, _ in m.span.candidates if p.kind == "city"), default=0)
    return biggest > 0 and zipf - math.log10(biggest) >= 1.0


def _lower_case_word(m: Match) -> bool:
    """ "Connect, Innovate, Prosper": a word written in lower case more often than not, capitalised here
    for a slogan or a heading, and only small places bear it."""
    if not m.single or m.best >= 2 or m.located:
        return False
    g = m.recognizer
    return g.lower_share.get(m.word, 0.0) >= 0.5 and g.common.get(m.word, 0.0) >= 3.0


RULES: tuple[Rule, ...] = (
    Rule(
        "not-a-place-word",
        "other",
        "a word that is never a place on its own (a month, a weekday, a landmark)",
        lambda m: m.span.text.lower() in NOT_PLACES,
    ),
    Rule(
        "hyphenated-name",
        "other",
        "half of a hyphenated name whose other half is no place (Wal-Mart)",
        lambda m: m.best < 3 and m.recognizer._hyphen_partner_is_not_a_place(m.text, m.tokens, m.i, m.k),
    ),
    Rule(
        "acronym",
        "other",
        "a short acronym, an organisation or a person far more often than a place",
        lambda m: (
            m.single
            and m.tokens[m.i].text.isupper()
            and len(m.word) <= 5
            and not m.curated_form
            and not m.shouted
        ),
    ),
    Rule(
        "particle-before",
        "person",
        "a nobiliary particle comes before it (Otto von Bismarck)",
        lambda m: m.best < 3 and m.i > 0 and m.tokens[m.i - 1].text in NOBILIARY_PARTICLES,
    ),
    Rule(
        "given-name-and-particle",
        "person",
        "a given name and a lower-case particle come before it (Mike de Kock, Charles de Gaulle)",
        _given_name_and_particle,
    ),
    Rule(
        "plural-family-name",
        "person",
        "a family name in the plural (the Smiths)",
        _plural_family_name,
    ),
    Rule(
        "title-before",
        "person",
        "a title or role comes before it (President, Sen.)",
        lambda m: m.before in PERSON_TITLES and m.best < 3,
    ),
    Rule(
        "given-name-before",
        "person",
        "a given name or an initial comes before it (Abraham Lincoln)",
        lambda m: (
            m.before is not None
            and m.before not in CONNECTORS
            and m.best < 3
            and (len(m.before) == 1 or m.before in m.recognizer.given_names)
        ),
    ),
    Rule(
        "unknown-name-before",
        "person",
        "an unknown capitalised word comes before a small place (Jamieson Greer)",
        lambda m: (
            m.before is not None
            and m.before not in CONNECTORS
            and m.best < 2
            and not m.recognizer.gazetteer.lookup(m.tokens[m.i - 1].text)
        ),
    ),
    Rule(
        "speech-verb-after",
        "person",
        "a verb of speech follows a small place's name (Trapani said)",
        lambda m: (
            m.single
            and m.best < 2
            and m.cue not in STRONG_CUES
            and m.span.text not in m.state.placed
            and _next_word(m.text, m.span.end) in PERSON_VERBS
        ),
    ),
    Rule(
        "given-name-then-name",
        "person",
        "a given name followed by another name (Greer Smith)",
        _given_name_before_name,
    ),
    Rule(
        "name-before-surname",
        "person",
        "a surname follows it: a given name (Vladimir Putin, Austin Rivers)",
        _name_before_surname,
    ),
    Rule(
        "famous-name",
        "other",
        "written far more often than any place bearing it explains (Christmas, Smith)",
        _famous_name,
    ),
    Rule(
        "lower-case-word",
        "other",
        "a word usually written in lower case, capitalised for a heading or slogan; only small places bear it",
        _lower_case_word,
    ),
    Rule(
        "article-and-word",
        "other",
        "an article and a word that only small places bear (El Niño, La Niña)",
        lambda m: (
            m.tokens[m.i].text.lower() in NAME_PARTICLES and m.k - m.i == 2 and m.best == 0 and not m.located
        ),
    ),
    Rule(
        "generic-area",
        "other",
        "a direction or generic area word (Central, North West)",
        lambda m: m.single and m.word in GENERIC_AREAS,
    ),
    Rule(
        "everyday-word",
        "other",
        "an everyday English word, and no big place has this name",
        lambda m: m.single and m.common >= 4.0 and m.best < 3 and not m.located,
    ),
    Rule(
        "name-or-word",
        "other",
        "a person's name or an everyday word that only small places bear",
        _unknown_name_or_rare_word,
    ),
)
RULE_WHY = {rule.name: rule.why for rule in RULES} | {
    "qualified": "a qualifier follows and fits it (Paris, Texas)",
    "one-sense": "the document ties this name to a place elsewhere",
    "name-goes-on": "it continues a person's name (William Mark Heiden)",
    "place": "a place name no rule rejects",
    "weak-place": "only small places bear this name: kept where the document's other places support it",
    "person-elsewhere": "the document uses this name for a person elsewhere",
    "title-case": "only small places bear this name, and capitals say little in title-case text",
    "lower-case-text": (
        "in text typed all in lower case only countries, regions and big cities (or cities after in, to, from) "
        "are trusted"
    ),
    "unsupported": "only small places bear this name, and none of the document's other places lies near them",
}
