"""Legacy encodings decode right or are refused, never garbled; UTF-8 with a few bad bytes stays UTF-8 with
a warning; standard input gets the same checks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mapviewer.documents import document_from_bytes, load_document
from mapviewer.errors import DecodingError

POLISH = (
    "Rząd w Warszawie ogłosił w poniedziałek, że rozmowy z Litwą i Ukrainą zostaną wznowione w Gdańsku. "
    "Źródła w Krakowie twierdzą, że żaden z ministrów nie był zaskoczony decyzją."
)
CZECH = (
    "Vláda v Praze v pondělí oznámila, že jednání se Slovenskem budou pokračovat v Brně. "
    "Ministři řekli, že žádné překvapení nečekají a že dohoda je možná ještě letos."
)
RUSSIAN = (
    "Правительство в Москве заявило в понедельник, что переговоры с Казахстаном возобновятся в Астане. "
    "Министры сообщили, что соглашение может быть подписано уже в этом году."
)
JAPANESE = "東京の政府は月曜日、大阪で韓国との交渉を再開すると発表した。閣僚らは年内に合意が成立する可能性があると述べた。"
CHINESE = "北京政府星期一宣布，将在上海与日本恢复谈判。部长们表示，今年内有可能达成协议。"
TRADITIONAL = "台北政府星期一宣布，將在高雄與日本恢復談判。部長們表示，今年內有可能達成協議。"

LEGACY = [
    (POLISH, "cp1250"),
    (POLISH, "iso8859-2"),
    (CZECH, "cp1250"),
    (CZECH, "iso8859-2"),
    (RUSSIAN, "cp1251"),
    (RUSSIAN, "koi8-r"),
    (JAPANESE, "shift_jis"),
    (JAPANESE, "euc-jp"),
    (CHINESE, "gb18030"),
    (CHINESE, "gbk"),
    (TRADITIONAL, "big5"),
]


@pytest.mark.parametrize(("text", "encoding"), LEGACY, ids=[f"{t[:6]}-{e}" for t, e in LEGACY])
def test_a_legacy_file_decodes_right(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    document = load_document(path)
    assert document.text == text
    assert document.text.encode(document.encoding) == text.encode(encoding)  # a name Python knows
    assert document.warnings == ()


@pytest.mark.parametrize(("text", "encoding"), LEGACY, ids=[f"{t[:6]}-{e}" for t, e in LEGACY])
def test_a_short_legacy_snippet_decodes_right_or_is_refused(tmp_path: Path, text: str, encoding: str) -> None:
    """A few words give a guess little to go on: the reading is right, or there is none."""
    snippet = text.split(".")[0].split("。")[0].split("，")[0][:40]
    path = tmp_path / "snippet.txt"
    path.write_bytes(snippet.encode(encoding))
    try:
        document = load_document(path)
    except DecodingError as exc:
        assert "snippet.txt could not be decoded" in str(exc) and "UTF-8" in str(exc)
    else:
        assert document.text == snippet


def test_ambiguous_text_is_refused_with_both_readings_named(tmp_path: Path) -> None:
    # Czech words whose letters š and ž sit at different bytes in Windows-1250 and ISO 8859-2, plus
    # nothing else to tell them apart by: either reading is Czech-looking, so neither is chosen.
    path = tmp_path / "short.txt"
    path.write_bytes("Šťastný Žďár".encode("cp1250"))
    try:
        document = load_document(path)
    except DecodingError as exc:
        assert "or as" in str(exc)
    else:
        assert document.text == "Šťastný Žďár"


def test_utf8_with_one_stray_cp1252_byte_stays_utf8_with_a_warning(tmp_path: Path) -> None:
    text = (
        "Talks in Zürich and Malmö went on.\nThe minister said it was \x00 over.\nSão Paulo and Kraków next."
    )
    data = text.replace("\x00", "’").encode("utf-8").replace("’".encode(), b"\x92")  # one cp1252 quote
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    document = load_document(path)
    assert document.encoding == "utf-8"
    assert document.text == text.replace("\x00", "\ufffd")
    (warning,) = document.warnings
    assert "mixed.txt is UTF-8 but 1 of its bytes are not (line 2)" in warning


def test_a_utf8_file_cut_off_mid_character_stays_utf8_with_a_warning(tmp_path: Path) -> None:
    text = "Negotiators met in Zürich, then in Malmö and Łódź"
    data = text.encode("utf-8")[:-1]  # "ź" is two bytes; the download stopped after the first
    path = tmp_path / "cut.txt"
    path.write_bytes(data)
    document = load_document(path)
    assert document.encoding == "utf-8"
    assert document.text == text[:-1] + "\ufffd"
    (warning,) = document.warnings
    assert "cut.txt ends in the middle of a character: the file may be cut off" in warning


def test_mostly_ascii_with_one_cp1252_byte_is_cp1252_not_a_warning(tmp_path: Path) -> None:
    """No UTF-8 character anywhere: the file is Windows-1252, read whole, with nothing replaced."""
    path = tmp_path / "western.txt"
    path.write_bytes("The caf\xe9 in Lyon reopened.".encode("latin-1"))
    document = load_document(path)
    assert (document.text, document.encoding, document.warnings) == (
        "The café in Lyon reopened.",
        "latin-1",
        (),
    )


def _text_command(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "mapviewer", "text", "--format", "json", *args],
        input=stdin,
        capture_output=True,
        check=False,
    )


def test_standard_input_goes_through_the_same_encoding_checks() -> None:
    russian = _text_command("-", stdin=RUSSIAN.encode("koi8-r"))
    assert russian.returncode == 0, russian.stderr
    (report,) = json.loads(russian.stdout)
    assert (report["text"], report["encoding"]) == (RUSSIAN, "koi8-r")
    cut = _text_command("-", stdin="Talks in Malmö and Łódź".encode()[:-1])
    (report,) = json.loads(cut.stdout)
    assert report["encoding"] == "utf-8" and report["text"].endswith("\ufffd")
    assert any("cut off" in warning for warning in report["warnings"])
    document = document_from_bytes(JAPANESE.encode("euc-jp"))
    assert document.text == JAPANESE
