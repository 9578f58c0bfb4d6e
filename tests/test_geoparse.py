"""Recognition and resolution on small texts, each about one hard case of news writing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mapviewer.documents import document_from_text
from mapviewer.geoparse import Geoparser


@pytest.fixture(scope="module")
def parser():
    return Geoparser.open()


def _found(parser, text):
    return {r.mention.text: r for r in parser.parse_document(document_from_text(text))}


def test_qualified_name_picks_the_qualified_place(parser):
    found = _found(parser, "The festival moved from Paris, Texas, to a new home.")
    assert found["Paris"].place.country_code == "US"
    assert found["Paris"].place.admin1 == "TX"


def test_unqualified_paris_is_the_capital_of_france(parser):
    found = _found(parser, "Ministers met in Paris on Tuesday.")
    assert found["Paris"].place.country_code == "FR"


def test_context_decides_an_ambiguous_name(parser):
    found = _found(parser, "Flooding hit Atlanta, Savannah and Macon. Georgia officials asked for help.")
    assert found["Georgia"].place.id == "admin:US-GA"
    found = _found(parser, "Tbilisi accused Russia of moving troops. Georgia and Armenia met in Yerevan.")
    assert found["Georgia"].place.id == "country:GE"


def test_person_names_are_not_places(parser):
    found = _found(parser, "Trade Representative Jamieson Greer met Senator Marco Rubio in Kuala Lumpur.")
    assert "Greer" not in found and "Jamieson Greer" not in found
    assert found["Kuala Lumpur"].place.country_code == "MY"


def test_demonyms_and_abbreviations(parser):
    found = _found(parser, "The Chinese delegation met U.S. and UK officials and a Brazilian envoy.")
    assert found["Chinese"].place.id == "country:CN" and found["Chinese"].mention.form == "demonym"
    assert found["U.S."].place.id == "country:US"
    assert found["UK"].place.id == "country:GB"
    assert found["Brazilian"].place.id == "country:BR"


def test_everyday_words_are_not_places(parser):
    found = _found(parser, "We will post a comment. Public reaction was mixed. Central bankers met.")
    assert not found


def test_results_carry_alternatives_ranked(parser):
    res = _found(parser, "He grew up in Springfield.")["Springfield"]
    assert res.alternatives
    scores = [score for _, score in res.alternatives]
    assert scores == sorted(scores, reverse=True)
    assert all(score <= res.confidence for score in scores)


def test_core_does_not_import_qt():
    code = (
        "import sys, mapviewer.geoparse, mapviewer.gazetteer, mapviewer.documents, mapviewer.model;"
        "import mapviewer.export, mapviewer.webmap, mapviewer.cli;"
        "bad = [m for m in sys.modules if m.startswith('PySide6')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_name_ending_a_sentence_is_found(parser):
    found = _found(parser, "The tour includes stops in Malaysia, Japan and South Korea. It ends in Calif.")
    assert {"Malaysia", "Japan", "South Korea"} <= set(found)


def test_a_capital_as_a_location_is_the_city(parser):
    found = _found(parser, "The talks in Kuala Lumpur will test both sides. Beijing has warned of curbs.")
    assert found["Kuala Lumpur"].place.kind == "city"
    assert found["Beijing"].place.id == "country:CN" and found["Beijing"].mention.form == "metonym"


def test_a_qualified_small_town_stays_a_town_through_the_document(parser):
    text = "Greer, South Carolina, is growing. Downtown Greer has new shops, and Greer's parks are busy."
    found = [r for r in parser.parse_document(document_from_text(text)) if r.mention.text == "Greer"]
    assert len(found) == 3
    assert {(r.place.country_code, r.place.admin1) for r in found} == {("US", "SC")}


def test_names_of_people_run_on(parser):
    text = "The brokers, William Mark Heiden and Ronald Hodge, met clients. Customers accused Mr. Heiden."
    assert "Heiden" not in _found(parser, text)


def test_half_of_a_hyphenated_name_is_no_place(parser):
    found = _found(parser, "Shoppers went to Wal-Mart. State Sen. Tom Jensen, R-London, spoke.")
    assert "Mart" not in found
    assert "London" in found


def test_nearby_places_decide_a_common_town_name(parser):
    found = _found(parser, "Crews drove from Peoria and Bloomington to Springfield on Monday.")
    assert (found["Springfield"].place.country_code, found["Springfield"].place.admin1) == ("US", "IL")


def test_every_mention_says_how_it_names_its_place(parser):
    text = "Envoys from Korea, the U.S. and Burma met Chinese officials; Beijing has warned Washington."
    forms = {r.mention.form for r in parser.parse_document(document_from_text(text))}
    assert forms <= {"name", "abbreviation", "demonym", "metonym", "bloc"}
    assert {"name", "abbreviation", "demonym", "metonym"} <= forms


def test_state_abbreviations_with_and_without_spaces(parser):
    found = _found(parser, "He moved from Wichita, Kan. to Charleston, W. Va. last year.")
    assert found["Kan."].place.id == "admin:US-KS"
    assert found["W. Va."].place.id == "admin:US-WV"
    assert found["Charleston"].place.admin1 == "WV"


def test_big_places_are_not_everyday_words(parser):
    """Everyday-ness comes from lower-case use: "berlin" is a dictionary word (a carriage) but is written
    in lower case no more often than any proper noun."""
    everyday = parser.recognizer.common
    for name in ("berlin", "michigan", "london", "geneva", "barcelona"):
        assert everyday.get(name, 0.0) < 3.0, name
    for word in ("reading", "police", "connect"):
        assert everyday.get(word, 0.0) >= 4.0, word
    found = _found(parser, "Boston and Berlin signed a pact. Michigan, Colorado and Montana sent envoys.")
    assert {"Boston", "Berlin", "Michigan", "Colorado", "Montana"} <= set(found)
    found = _found(parser, "Geneva hosted the talks; Barcelona and Shanghai sent observers.")
    assert [found[n].place.country_code for n in ("Geneva", "Barcelona", "Shanghai")] == ["CH", "ES", "CN"]


@pytest.mark.parametrize(
    ("text", "name", "rule"),
    [
        ("The summit's theme was Connect, Innovate, Prosper this year.", "Prosper", "lower-case-word"),
        ("Families gathered for Christmas in the old square.", "Christmas", "famous-name"),
        ("Vladimir Putin met the envoys on Monday.", "Vladimir", "name-before-surname"),
        ("Austin Rivers scored 20 points last night.", "Austin", "name-before-surname"),
        ("The Smiths moved away last spring.", "Smiths", "plural-family-name"),
        ("Otto von Bismarck united the German states.", "Bismarck", "particle-before"),
    ],
)
def test_words_holidays_and_people_are_not_places(parser, text, name, rule):
    explained = {e.text: e for e in parser.explain(document_from_text(text))}
    assert name not in _found(parser, text)
    assert explained[name].rule == rule


def test_a_locative_cue_outweighs_the_filters_for_the_whole_document(parser):
    text = (
        "Officials in Sochi said the roads were open. The family had driven three hours to Reading. "
        "Reading council met later."
    )
    found = {(r.mention.text, r.mention.start) for r in parser.parse_document(document_from_text(text))}
    assert ("Sochi", text.index("Sochi")) in found
    assert ("Reading", text.index("Reading")) in found
    assert ("Reading", text.rindex("Reading")) in found  # remembered for the document
    assert "Turner" not in _found(parser, "Smith beat Turner. The vote went 61 to Turner's 39.")


def test_a_named_province_supports_its_towns_over_a_bigger_namesake(parser):
    text = (
        "Police in London, Ontario, said the crash closed Highway 401 near Woodstock. "
        "London police and Strathroy residents were told to stay home."
    )
    londons = [r for r in parser.parse_document(document_from_text(text)) if r.mention.text == "London"]
    assert len(londons) == 2 and all(r.place.country_code == "CA" for r in londons)
    assert londons[0].resolved_by == "qualifier"


def test_major_places_keep_their_name_and_ties_go_to_importance(parser):
    found = _found(parser, "Boston and Berlin signed a pact. Austin hosted the fair.")
    assert found["Berlin"].place.country_code == "DE"
    found = _found(parser, "Rockets were fired from Gaza overnight, the army said.")
    assert found["Gaza"].place.country_code == "PS"


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Moscow blamed Kyiv for the attack.", "Moscow", "country:RU"),
        ("Moscow blamed Kyiv for the attack.", "Kyiv", "country:UA"),
        ("Ankara offered to mediate between the two.", "Ankara", "country:TR"),
        ("Western leaders will press Beijing on trade.", "Beijing", "country:CN"),
        ("Beijing has not yet responded to the offer.", "Beijing", "country:CN"),
        ("Moscow is pressing Kyiv to sign.", "Moscow", "country:RU"),
    ],
)
def test_any_capital_that_acts_stands_for_its_government(parser, text, name, country):
    res = _found(parser, text)[name]
    assert res.place.id == country and res.mention.form == "metonym" and res.literal.kind == "city"


@pytest.mark.parametrize(
    "text",
    ["Paris was hot all week.", "Berlin was bombed in 1944.", "Tokyo will host the summit next year."],
)
def test_a_capital_that_only_is_or_will_be_stays_the_city(parser, text):
    name = text.split()[0]
    res = _found(parser, text)[name]
    assert res.place.kind == "city" and res.mention.form == "name"


def test_a_capital_that_is_visited_stays_a_city(parser):
    assert _found(parser, "He flew to Beijing on Monday.")["Beijing"].place.kind == "city"
