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

from mapviewer.geoparse.lexicon import LOCATIVES, METONYM_VERBS
from mapviewer.geoparse.recognize import Span, qualifies
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


class Context:
    """The countries and regions a document's places lie in, as evidence for its ambiguous names."""

    def __init__(self, places: list[Place | None]):
        self.countries: Counter[str] = Counter()
        self.admins: Counter[tuple[str, str]] = Counter()
        for place in places:
            if place is None or place.kind in ("bloc", "continent", "water"):
                continue
            if place.country_code:
                self.countries[place.country_code] += 1
            if place.admin1 and place.kind in ("admin", "city"):
                self.admins[(place.country_code, place.admin1)] += _admin_weight(place)
        self.main_country = self.countries.most_common(1)[0][0] if self.countries else None

    @classmethod
    def from_priors(cls, spans: list[Span]) -> Context:
        """First guess: only names whose most likely reading stands well clear of the others."""
        places: list[Place | None] = []
        for span in spans:
            ranked = sorted(((prior(*c), c[0]) for c in span.candidates), key=lambda r: -r[0])
            clear = len(ranked) == 1 or ranked[0][0] - ranked[1][0] >= 10.0
            places.append(ranked[0][1] if clear else None)
        return cls(places)

    def bonus(self, place: Place, own: Place | None) -> float:
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
            key = (cc, place.admin1)
            own_weight = 0
            if own is not None and own.admin1 and own.kind in ("city", "admin"):
                own_weight = _admin_weight(own) if (own.country_code, own.admin1) == key else 0
            others = self.admins[key] - own_weight
            if others > 0:
                score += min(36.0, SAME_ADMIN_BONUS + 6.0 * (others - 1))
        return score

    def admin_support(self, place: Place, own: Place | None) -> bool:
        if not place.admin1:
            return False
        key = (place.country_code, place.admin1)
        own_weight = _admin_weight(own) if own is not None and (own.country_code, own.admin1) == key else 0
        return self.admins[key] - own_weight > 0


def _admin_weight(place: Place) -> int:
    return 2 if place.kind == "admin" else 1


ROUNDS = 3  # resolve, then re-resolve twice with the readings chosen so far as context


def resolve_spans(text: str, spans: list[Span], country: Callable[[str], Place | None]) -> list[Choice]:
    """One choice per span; `country` maps an ISO code to its country place (for metonyms)."""
    context = Context.from_priors(spans)
    current: list[Place | None] = [None] * len(spans)
    ranked: list[list[tuple[float, Place, str]]] = []
    for _ in range(ROUNDS):
        ranked = [_rank(span, context, own) for span, own in zip(spans, current, strict=True)]
        chosen = [r[0][1] for r in ranked]
        if chosen == current:
            break
        current = chosen
        context = Context(current)
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
        _apply_metonymy(text, choice, country)
        choices.append(choice)
    return choices


def _rank(span: Span, context: Context, own: Place | None) -> list[tuple[float, Place, str]]:
    scored = []
    for place, form in span.candidates:
        score = prior(place, form) + context.bonus(place, own)
        if span.qualifier and qualifies(place, span.qualifier):
            score += QUALIFIER_BONUS
        scored.append((score, place, form))
    _prefer_city_over_namesake_region(scored)
    scored.sort(key=lambda s: (-s[0], s[1].id))
    return scored


def _prefer_city_over_namesake_region(scored: list) -> None:
    """ "New York", "Kuala Lumpur", "Beijing": a big city outranks the region named after it."""
    for n, (score, place, form) in enumerate(scored):
        if place.kind != "city" or (place.population < 500_000 and not place.capital_of):
            continue
        for other_score, other, _ in scored:
            if other.kind == "admin" and other.country_code == place.country_code and other_score >= score:
                scored[n] = (other_score + 1.0, place, form)
                score = other_score + 1.0


def _supported(place: Place, span: Span, context: Context) -> bool:
    """A small place is believed when the document names its region, or the qualifier says so."""
    if span.qualifier and qualifies(place, span.qualifier):
        return True
    return context.admin_support(place, place)


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
    next_word = after.split(" ", 1)[0].strip(".,;:").lower() if after else ""
    before = text[max(0, choice.span.start - 12) : choice.span.start].split()
    prev_word = before[-1].lower() if before else ""
    if prev_word in LOCATIVES:
        return  # "talks in Kuala Lumpur will test ...": the city itself
    if (
        next_word in METONYM_VERBS
        or next_word in ("and", "or")
        and prev_word == "between"
        or prev_word == "by"
    ):
        government = country(place.capital_of)
        if government is not None:
            choice.literal = place
            choice.place = government
            choice.form = "metonym"
