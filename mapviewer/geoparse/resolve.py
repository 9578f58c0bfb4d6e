"""Resolution: pick one place per recognised span, using what the rest of the document says.

Each candidate gets a prior (countries over regions over cities, big cities over small ones) and is then
lifted by the document's context: the countries and first-level regions its other places lie in, and an
explicit qualifier ("Paris, Texas"). Scores become a confidence and a ranked list of alternatives.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from mapviewer.geoparse.lexicon import (
    AUX_FILLERS,
    AUXILIARIES,
    LOCATIVES,
    METONYM_OBJECT_VERBS,
    METONYM_VERBS,
)
from mapviewer.geoparse.recognize import Span, qualifies
from mapviewer.geoparse.regions import AdminKey, plain_key
from mapviewer.model import Place

KIND_PRIOR = {"country": 100.0, "bloc": 95.0, "continent": 88.0, "region": 80.0, "water": 80.0, "admin": 66.0}
FORM_PENALTY = {"name": 0.0, "alias": 6.0, "abbreviation": 0.0, "demonym": 0.0, "bloc": 0.0, "postal": 40.0}
CAPITAL_BONUS = 22.0
SAME_COUNTRY_BONUS = 14.0
MAIN_COUNTRY_BONUS = 15.0
SAME_ADMIN_BONUS = 12.0  # plus 6 for each further mention of the region, up to 36
QUALIFIER_BONUS = 120.0
MAX_ALTERNATIVES = 5


@dataclass
class Choice:
    span: Span
    place: Place
    confidence: float
    alternatives: tuple[tuple[Place, float], ...]
    form: str
    literal: Place | None = None
    rule: str = "importance"  # what decided between the readings: importance, context, qualifier, metonym


def prior(place: Place, form: str) -> float:
    if place.kind == "city":
        score = 10.0 * math.log10(place.population + 10)
        if place.capital_of:
            score += CAPITAL_BONUS
    else:
        score = KIND_PRIOR.get(place.kind, 60.0)
        if place.kind == "country":
            score += 0.5 * math.log10(place.population + 10)  # "American": the US before its territories
        if place.kind == "admin" and place.country_code == "US":
            score += 6.0  # English-language news names US states far more often than same-named places
    return score - FORM_PENALTY.get(form, 0.0)


NEAR_BONUS = 10.0  # within 50 km of another place the document names (half within 150 km)


class _Grid:
    """Places bucketed by whole degrees, so "what is near" costs the same in a long document as in a short one."""

    def __init__(self, places):
        self.cells: dict[tuple[int, int], dict[str, tuple[float, float]]] = {}
        for p in places:
            self.cells.setdefault((math.floor(p.lat), math.floor(p.lon)), {})[p.id] = (p.lat, p.lon)
        self._memo: dict[tuple[str, str | None], float] = {}

    def near(self, place: Place, own: Place | None) -> float:
        """`nearest_km` leaving out the place itself and this mention's current reading, remembered: a
        name repeated through a document asks the same question in every mention."""
        key = (place.id, own.id if own is not None else None)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self.nearest_km(place, {place.id, key[1]})
        return found

    def nearest_km(self, place: Place, skip: set, enough: float = 50.0) -> float:
        """Distance to the nearest other place within about 150 km (infinity when there is none): the
        places in the cells of two degrees of latitude and about 1.4 degrees of longitude around it.

        Stops at the first place closer than `enough`: nearer than that earns no more.
        """
        if not self.cells:
            return math.inf
        row, col = math.floor(place.lat), math.floor(place.lon)
        span = min(180, math.ceil(1.4 / max(math.cos(math.radians(place.lat)), 0.05)))
        offsets = _ring_offsets(span)
        if len(self.cells) < len(offsets):
            # A short document has a few occupied cells: testing each is cheaper than probing the window.
            cells = [
                points
                for (r, c), points in self.cells.items()
                if -2 <= r - row <= 2 and _within_columns(c, col, span)
            ]
        else:
            cells = [self.cells.get((row + dr, (col + dc + 180) % 360 - 180)) for dr, dc in offsets]
        best = math.inf
        for points in cells:
            for pid, (lat, lon) in points.items() if points else ():
                if pid not in skip:
                    best = min(best, _km(place.lat, place.lon, lat, lon))
                    if best < enough:
                        return best
        return best


def _within_columns(c: int, col: int, span: int) -> bool:
    """Whether cell column `c` is one of the columns `col - span .. col + span`, around the date line
    (probed columns run from -180 to 179; a point at exactly 180 degrees east lies in none of them)."""
    if not -180 <= c < 180:
        return False
    d = (c - col) % 360
    return 2 * span + 1 >= 360 or d <= span or d >= 360 - span


@lru_cache(maxsize=256)
def _ring_offsets(span: int) -> tuple[tuple[int, int], ...]:
    """Cell offsets around a cell, nearest first."""
    offsets = [(dr, dc) for dr in range(-2, 3) for dc in range(-span, span + 1)]
    return tuple(sorted(offsets, key=lambda o: abs(o[0]) + abs(o[1])))


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance; a hot loop, so plain math rather than geopy's richer distance objects."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


POSSIBLE_ADMIN_BONUS = 5.0  # for each other name that could lie in the same region, up to three


class Context:
    """The countries and regions a document's places lie in, as evidence for its ambiguous names."""

    def __init__(
        self,
        places: list[Place | None],
        possible: Counter[AdminKey] | None = None,
        key: Callable[[Place], AdminKey] = plain_key,
    ):
        self.key = key
        self.countries: Counter[str] = Counter()  # mentions per country: what the document is about
        self.admins: dict[AdminKey, dict[str, int]] = {}  # distinct places per region, with weights
        self._admin_totals: dict[AdminKey, int] | None = None
        for place in places:
            if place is None or place.kind in ("bloc", "continent", "water"):
                continue
            if place.country_code:
                self.countries[place.country_code] += 1
            if place.admin1 and place.kind in ("admin", "city"):
                self.admins.setdefault(key(place), {})[place.id] = _admin_weight(place)
        self.main_country = self.countries.most_common(1)[0][0] if self.countries else None
        self.nearby = _Grid(p for p in places if p is not None and p.kind in ("city", "admin"))
        self.possible = possible if possible is not None else Counter()

    @classmethod
    def from_priors(cls, spans: list[Span], key: Callable[[Place], AdminKey] = plain_key) -> Context:
        """First guess: only names whose most likely reading stands well clear of the others."""
        places: list[Place | None] = []
        possible: Counter[AdminKey] = Counter()
        for span in spans:
            ranked = sorted(((prior(*c), c[0]) for c in span.candidates), key=lambda r: -r[0])
            clear = len(ranked) == 1 or ranked[0][0] - ranked[1][0] >= 10.0
            places.append(ranked[0][1] if clear else None)
            possible.update(span_admins(span, key))
        return cls(places, possible, key)

    def bonus(self, place: Place, own: Place | None, own_admins: frozenset[AdminKey] = frozenset()) -> float:
        """Support from the other mentions (`own` is this mention's current reading, left out)."""
        score = 0.0
        cc = place.country_code
        if cc:
            others = self.countries[cc] - (1 if own is not None and own.country_code == cc else 0)
            if others > 0:
                score += SAME_COUNTRY_BONUS * min(1.0, 0.5 + 0.25 * others)
            if cc == self.main_country:
                score += MAIN_COUNTRY_BONUS
        if place.admin1 and place.kind in ("city", "admin"):
            key = self.key(place)
            weight = self._others_in(key, place, own)
            if weight > 0:
                score += min(36.0, SAME_ADMIN_BONUS + 6.0 * (weight - 1))
            possible = self.possible[key] - (1 if key in own_admins else 0)
            score += POSSIBLE_ADMIN_BONUS * min(3, possible)
        if place.kind in ("city", "admin"):
            near = self.nearby.near(place, own)
            score += NEAR_BONUS if near < 50 else NEAR_BONUS / 2 if near < 150 else 0.0
        return score

    def _others_in(self, key: AdminKey, place: Place, own: Place | None) -> int:
        """Weight of the distinct places in region `key` other than this mention's own readings."""
        members = self.admins.get(key)
        if not members:
            return 0
        if self._admin_totals is None:
            self._admin_totals = {k: sum(v.values()) for k, v in self.admins.items()}
        total = self._admin_totals[key] - members.get(place.id, 0)
        if own is not None and own.id != place.id:
            total -= members.get(own.id, 0)
        return total

    def admin_support(self, place: Place) -> bool:
        return bool(place.admin1) and self._others_in(self.key(place), place, None) > 0


def span_admins(span: Span, key: Callable[[Place], AdminKey] = plain_key) -> frozenset[AdminKey]:
    """The regions a name could lie in (names with very many readings say nothing)."""
    if len(span.candidates) > 40:
        return frozenset()
    # Written keys: tying every foreign region a name could mean to GeoNames' codes costs more than the
    # hint is worth; the chosen readings (Context) and qualifiers use the shared key.
    return frozenset(
        (p.country_code, p.admin1) for p, _ in span.candidates if p.admin1 and p.kind in ("city", "admin")
    )


def _admin_weight(place: Place) -> int:
    return 2 if place.kind == "admin" else 1


ROUNDS = 3  # resolve, then re-resolve twice with the readings chosen so far as context


def resolve_spans(
    text: str,
    spans: list[Span],
    country: Callable[[str], Place | None],
    region_key: Callable[[Place], AdminKey] = plain_key,
) -> list[Choice]:
    """One choice per span; `country` maps an ISO code to its country place (for metonyms), `region_key`
    gives cities and regions one key per first-level region (RegionKeys)."""
    context = Context.from_priors(spans, region_key)
    current: list[Place | None] = [None] * len(spans)
    ranked: list[list[tuple[float, Place, str]]] = []
    for _ in range(ROUNDS):
        ranked.clear()  # the last round's rankings go before this round's are made (a big text's are 200 MB)
        ranked = [_rank(span, context, own) for span, own in zip(spans, current, strict=True)]
        chosen = [r[0][1] for r in ranked]
        if chosen == current:
            break
        current = chosen
        context = Context(current, context.possible, region_key)
    _read_qualifiers_as_they_qualify(text, spans, ranked, context)
    choices = []
    for span, scored in zip(spans, ranked, strict=True):
        top, best, form = scored[0]
        if span.weak and not _supported(best, span, context):
            continue
        weights = [math.exp((s - top) / 8.0) for s, _, _ in scored]
        total = sum(weights)
        alternatives = tuple(
            (p, round(w / total, 3)) for (_, p, _), w in zip(scored[1:], weights[1:], strict=True)
        )
        choice = Choice(span, best, round(weights[0] / total, 3), alternatives[:MAX_ALTERNATIVES], form)
        choice.rule = _deciding_rule(span, scored, context.key)
        _apply_metonymy(text, choice, country)
        choices.append(choice)
    return choices


def _read_qualifiers_as_they_qualify(text: str, spans: list[Span], ranked: list, context: Context) -> None:
    """ "Ballarat, Victoria": the qualifier itself is the region that fits the name before it (the
    Australian state, not the Hong Kong city)."""
    for n in range(len(spans) - 1):
        span, after = spans[n], spans[n + 1]
        if not span.qualifier or text[span.end : after.start].strip() != ",":
            continue
        best = ranked[n][0][1]
        fitting = {q.id for q, _ in span.qualifier if qualifies(best, ((q, ""),), context.key)}
        for m, (_score, place, form) in enumerate(ranked[n + 1]):
            if place.id in fitting and m > 0:
                ranked[n + 1].insert(0, (ranked[n + 1][0][0] + 1.0, place, form))
                del ranked[n + 1][m + 1]
                break


def _rank(span: Span, context: Context, own: Place | None) -> list[tuple[float, Place, str]]:
    scored = []
    own_admins = span_admins(span, context.key)
    countries = {p.country_code for p, f in span.candidates if p.kind == "country" and f == "name"}
    for place, form in span.candidates:
        if form == "alias" and place.kind == "city" and place.country_code in countries:
            continue  # "Mexico" is the country; only its capital's alias ("Mexico City")
        scored.append((prior(place, form) + context.bonus(place, own, own_admins), place, form))
    _prefer_city_over_namesake_region(scored)
    if span.qualifier:
        # After the city-over-region lift: "Córdoba, Spain" is the Spanish city, not the bigger Argentine one.
        scored = [
            (s + QUALIFIER_BONUS if qualifies(p, span.qualifier, context.key) else s, p, f)
            for s, p, f in scored
        ]
    scored.sort(key=lambda s: (-s[0], s[1].id))
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        # Ties go to the more important reading (Gaza: the Palestinian city's region, not Mozambique's).
        weight = _namesake_weight(scored)
        scored.sort(key=lambda s: (-s[0], -weight[s[1].country_code], s[1].id))
    _keep_major_place(scored, span, context)
    return scored


def _namesake_weight(scored: list[tuple[float, Place, str]]) -> Counter:
    """Per country, the population of its biggest place of this name: how much the name matters there."""
    weight: Counter = Counter()
    for _, place, _ in scored:
        weight[place.country_code] = max(weight[place.country_code], place.population)
    return weight


MAJOR_POPULATION = 1_000_000
STRONG_REGION_SUPPORT = 2  # the region itself named, or two of its places


def _keep_major_place(scored: list[tuple[float, Place, str]], span: Span, context: Context) -> None:
    """A capital or a city of a million keeps its name against a small namesake abroad that only the
    document's country favours: "Berlin" beside "Boston" is still Germany's capital. The namesake wins when
    its own region is named (or two of its places), or a qualifier names it."""
    if len(scored) < 2 or not any(
        p.kind == "city" and (p.capital_of or p.population >= MAJOR_POPULATION) for _, p, _ in scored
    ):
        return
    major = max(scored, key=lambda s: prior(s[1], s[2]))
    place = major[1]
    if place.kind != "city" or not (place.capital_of or place.population >= MAJOR_POPULATION):
        return
    winner = scored[0][1]
    if (
        winner.id == place.id
        or winner.country_code == place.country_code
        or winner.kind not in ("city", "admin")
    ):
        return
    if span.qualifier and qualifies(winner, span.qualifier, context.key):
        return
    if winner.admin1 and context._others_in(context.key(winner), winner, None) >= STRONG_REGION_SUPPORT:
        return
    scored.remove(major)
    scored.insert(0, (scored[0][0] + 1.0, major[1], major[2]))


def _deciding_rule(span: Span, scored: list[tuple[float, Place, str]], key=plain_key) -> str:
    best = scored[0][1]
    if span.qualifier and qualifies(best, span.qualifier, key):
        return "qualifier"
    if len(scored) == 1:
        return "only-reading"
    by_prior = max(scored, key=lambda s: prior(s[1], s[2]))[1]
    return "importance" if by_prior.id == best.id else "context"


def _prefer_city_over_namesake_region(scored: list) -> None:
    """ "New York", "Kuala Lumpur", "Beijing": a big city outranks the region named after it; a city of a
    million ("Phoenix") outranks a same-named region anywhere, and a city of 100,000 called by its own name
    ("Nice") a region that the name is only an alias of."""
    regions = [s for s in scored if s[1].kind == "admin"]
    if not regions:
        return
    for n, (score, place, form) in enumerate(scored):
        if place.kind != "city" or place.population < 100_000 and not place.capital_of:
            continue
        big = place.population >= 500_000 or bool(place.capital_of)
        for other_score, other, other_form in regions:
            if other_score < score:
                continue
            if (
                big
                and other.country_code == place.country_code
                or place.population >= MAJOR_POPULATION
                or (form == "name" and other_form == "alias" and place.population >= 100_000)
            ):
                scored[n] = (other_score + 1.0, place, form)
                score = other_score + 1.0


def _supported(place: Place, span: Span, context: Context) -> bool:
    """A small place is believed when the document names its region, or the qualifier says so."""
    if span.qualifier and qualifies(place, span.qualifier, context.key):
        return True
    if context.admin_support(place):
        return True
    if span.located and place.country_code and context.countries[place.country_code] > 1:
        return True  # "spread to Tromsø and Bergen": a place of a country the document names
    # Another name in the document could lie in the same region ("Greer" beside "Spartanburg").
    key = context.key(place)
    return (
        bool(place.admin1)
        and context.possible[key] - (1 if key in span_admins(span, context.key) else 0) >= 2
    )


def _government_verb(word: str) -> bool:
    """A verb a government does, in any of the forms an auxiliary takes: warned, warn, pressing."""
    if word in METONYM_VERBS:
        return True
    stem = word[:-3] if word.endswith("ing") else word
    return any(form in METONYM_VERBS for form in (stem + "s", stem + "es", stem + "ed", stem + "d"))


def _apply_metonymy(text: str, choice: Choice, country: Callable[[str], Place | None]) -> None:
    """A capital that acts ("Washington has warned", "imposed by Washington") stands for its country."""
    place = choice.place
    if place.kind != "city" or not place.capital_of:
        return
    after = text[choice.span.end : choice.span.end + 40]
    after = after.removeprefix(",").lstrip()
    for aside in ("meanwhile,", "however,", "in turn,", "for its part,", "too,"):
        if after.lower().startswith(aside):
            after = after[len(aside) :].lstrip()
    words = [w.strip(".,;:").lower() for w in after.split()[:5]]
    next_word = words[0] if words else ""
    verbs = [w for w in words[1:] if w not in AUX_FILLERS]
    # "has warned" acts; "is hot", "was bombed", "will host" do not.
    acts = next_word in METONYM_VERBS or (
        next_word in AUXILIARIES and bool(verbs) and _government_verb(verbs[0])
    )
    before = text[max(0, choice.span.start - 12) : choice.span.start].split()
    prev_word = before[-1].lower() if before else ""
    if prev_word in LOCATIVES:
        return  # "talks in Kuala Lumpur will test ...": the city itself
    if (
        acts
        or next_word in ("and", "or")
        and prev_word == "between"
        or prev_word == "by"
        or prev_word in METONYM_OBJECT_VERBS
    ):
        government = country(place.capital_of)
        if government is not None:
            choice.literal = place
            choice.place = government
            choice.form = "metonym"
            choice.rule = "metonym"
