"""Loading documents from real files (every bad input, every encoding, HTML) and splitting passages."""

from __future__ import annotations

import codecs
import json
import os
import time
from pathlib import Path

import pytest

from mapviewer.documents import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    document_from_text,
    load_document,
    split_passages,
)
from mapviewer.errors import (
    BinaryFileError,
    DamagedDocumentError,
    DecodingError,
    DocumentError,
    EmptyDocumentError,
    FileMissingError,
    FileTooLargeError,
    NoTextLayerError,
    ProtectedDocumentError,
    UnreadableFileError,
    UnsupportedFormatError,
)
from mapviewer.model import Document, Passage
from mapviewer.paths import seeds_dir

SEED = "us-china-trade-talks-kuala-lumpur"
SEED_HEADINGS = [
    "US-China trade talks begin in Kuala Lumpur amid tensions ahead of Trump-Xi summit",
    "Balancing competition with cooperation",
    "Setting the stage for Trump-Xi meeting",
    "ASEAN summit to precede key bilateral meetings",
    "Core disputes remain unresolved",
]


def write(folder: Path, name: str, content: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def sentences_of(text: str) -> list[str]:
    return [text[p.start : p.end] for p in split_passages(text)[1]]


def assert_passages_sound(text: str, paragraphs: tuple[Passage, ...], sentences: tuple[Passage, ...]) -> None:
    """Offsets point into text, passages are trimmed, and each paragraph is tiled by its sentences."""
    for passage in (*paragraphs, *sentences):
        chunk = text[passage.start : passage.end]
        assert chunk and chunk == chunk.strip(), passage
    remaining = list(sentences)
    for paragraph in paragraphs:
        assert paragraph.kind in ("paragraph", "heading")
        inside = [s for s in remaining if paragraph.start <= s.start < paragraph.end]
        remaining = remaining[len(inside) :]
        assert inside[0].start == paragraph.start and inside[-1].end == paragraph.end
        for before, after in zip(inside, inside[1:], strict=False):
            assert before.end < after.start and not text[before.end : after.start].strip()
        if paragraph.kind == "heading":
            assert inside == [paragraph]
        else:
            assert all(s.kind == "sentence" for s in inside)
    assert not remaining
    for before, after in zip(paragraphs, paragraphs[1:], strict=False):
        assert before.end < after.start


# --- the seed -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Document:
    return load_document(seeds_dir() / f"{SEED}.txt")


def test_seed_loads_byte_for_byte_with_its_sidecar_title(seed: Document) -> None:
    path = seeds_dir() / f"{SEED}.txt"
    sidecar = json.loads((seeds_dir() / f"{SEED}.json").read_text(encoding="utf-8"))
    assert seed.text == path.read_bytes().decode("utf-8")
    assert seed.title == sidecar["title"]
    assert seed.date == "2025-10-25"
    assert seed.encoding == "utf-8"
    assert seed.source == str(path.resolve())
    assert seed.paragraphs and seed.sentences


def test_seed_headings_are_heading_passages(seed: Document) -> None:
    headings = [seed.text[p.start : p.end] for p in seed.paragraphs if p.kind == "heading"]
    for heading in SEED_HEADINGS:
        assert heading in headings
    sentence_headings = [seed.text[p.start : p.end] for p in seed.sentences if p.kind == "heading"]
    assert sentence_headings == headings
    assert "Senior officials from the United States" not in " ".join(headings)


def test_seed_passages_are_sound(seed: Document) -> None:
    assert_passages_sound(seed.text, seed.paragraphs, seed.sentences)
    sentences = [seed.text[p.start : p.end] for p in seed.sentences]
    assert "Prime Minister Narendra Modi will participate virtually in the summit." in sentences
    assert any(s.endswith("deal that benefits everyone.”") for s in sentences)
    assert any(s.startswith("His delegation includes") for s in sentences)


def test_seed_id_is_stable(seed: Document) -> None:
    again = load_document(seeds_dir() / f"{SEED}.txt")
    assert again.id == seed.id and len(seed.id) >= 8


# --- bad input ----------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileMissingError, match="nowhere.txt.*does not exist"):
        load_document(tmp_path / "nowhere.txt")


@pytest.mark.parametrize("name", ["folder", "folder.txt"])
def test_directory(tmp_path: Path, name: str) -> None:
    (tmp_path / name).mkdir()
    with pytest.raises(UnreadableFileError, match=f"{name} is a folder"):
        load_document(tmp_path / name)


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() == 0, reason="root reads any file")
def test_permission_denied(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", "Paris")
    path.chmod(0)
    try:
        with pytest.raises(UnreadableFileError, match="secret.txt.*permission"):
            load_document(path)
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  \n", "\u3000\u2028 \n".encode()])
def test_empty_or_whitespace_only(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(EmptyDocumentError, match="blank.txt"):
        load_document(write(tmp_path, "blank.txt", content))


def test_html_without_visible_text(tmp_path: Path) -> None:
    path = write(tmp_path, "page.html", "<html><head><title>T</title></head><script>x()</script></html>")
    with pytest.raises(EmptyDocumentError, match="page.html has no visible text"):
        load_document(path)


@pytest.mark.parametrize(
    ("magic", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "GZIP"),
    ],
)
def test_binary_file_renamed_txt(tmp_path: Path, magic: bytes, kind: str) -> None:
    with pytest.raises(BinaryFileError, match=f"picture.txt is not text: it looks like an? {kind}"):
        load_document(write(tmp_path, "picture.txt", magic + bytes(range(256)) * 4))


def test_nul_bytes_mean_binary(tmp_path: Path) -> None:
    with pytest.raises(BinaryFileError, match="data.txt.*NUL"):
        load_document(write(tmp_path, "data.txt", b"Paris and London\x00\x01\x02\x00 in a table\xff"))


def test_control_bytes_mean_binary(tmp_path: Path) -> None:
    with pytest.raises(BinaryFileError, match="blob.md.*control characters"):
        load_document(write(tmp_path, "blob.md", bytes(range(1, 32)) * 20 + b"Paris"))


def test_too_large_is_checked_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path, "long.txt", "Paris is in France. " * 10)
    with pytest.raises(
        FileTooLargeError, match=r"long.txt is 0\.\d+ MB \(200 bytes\).*0\.\d+ MB \(50 bytes\)"
    ):
        load_document(path, max_bytes=50)
    assert load_document(path, max_bytes=200).text.startswith("Paris")


def test_too_large_default_limit_names_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: stat says 21 MB, nothing needs reading
        handle.truncate(21 * 1024 * 1024)
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024
    with pytest.raises(FileTooLargeError, match="huge.txt is 21 MB, which is more than the 20 MB limit"):
        load_document(path)


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, "garbled.txt", bytes(range(0x80, 0x100)) * 8 + b" ok")
    with pytest.raises(DecodingError, match="garbled.txt could not be decoded.*save it as UTF-8"):
        load_document(path)


def test_utf8_bom_with_invalid_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.txt", codecs.BOM_UTF8 + b"Caf\xe9 in Paris")
    with pytest.raises(DecodingError, match="broken.txt"):
        load_document(path)


@pytest.mark.parametrize("name", ["report.odt", "report.doc", "README"])
def test_unsupported_suffix(tmp_path: Path, name: str) -> None:
    with pytest.raises(UnsupportedFormatError, match=f"{name}: .*not supported.*\\.txt"):
        load_document(write(tmp_path, name, "Paris"))


def test_every_error_is_a_document_error() -> None:
    for error in (
        FileMissingError,
        UnreadableFileError,
        EmptyDocumentError,
        BinaryFileError,
        FileTooLargeError,
        DecodingError,
        UnsupportedFormatError,
        ProtectedDocumentError,
        NoTextLayerError,
        DamagedDocumentError,
    ):
        assert issubclass(error, DocumentError)
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".html", ".htm", ".pdf", ".docx")


# --- encodings ----------------------------------------------------------------------------------

TEXT = "“Café” talks in Zürich – Malmö, Besançon and 東京.\nSecond line."


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # no byte-order mark
    ],
)
def test_unicode_encodings(tmp_path: Path, encoded: bytes, encoding: str) -> None:
    doc = load_document(write(tmp_path, "doc.txt", encoded))
    assert doc.text == TEXT
    assert doc.encoding == encoding
    assert_passages_sound(doc.text, doc.paragraphs, doc.sentences)


def test_cp1252_with_curly_quotes_and_accents(tmp_path: Path) -> None:
    text = "He said “the café in Besançon is closed” – prices rose 5 € … ‘Really’."
    doc = load_document(write(tmp_path, "legacy.txt", text.encode("cp1252")))
    assert doc.text == text
    assert doc.encoding == "cp1252"


def test_latin1(tmp_path: Path) -> None:
    text = "Señor García flew from Zürich to Malmö ½ way, then to Besançon."
    doc = load_document(write(tmp_path, "legacy.txt", text.encode("latin-1")))
    assert doc.text == text
    assert doc.encoding == "latin-1"


def test_bytes_cp1252_leaves_undefined_fall_back_to_latin1(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "legacy.txt", b"Caf\xe9 \x93quoted\x94 and \x81 odd byte"))
    assert doc.text == "Café “quoted” and \x81 odd byte"
    assert doc.encoding == "cp1252"


def test_html_declared_legacy_charset(tmp_path: Path) -> None:
    page = "<html><head><meta charset='windows-1251'></head><body><p>Москва и Киев.</p></body></html>"
    doc = load_document(write(tmp_path, "ru.html", page.encode("cp1251")))
    assert doc.text == "Москва и Киев."
    assert doc.encoding == "cp1251"


def test_crlf_text_is_kept_and_offsets_point_into_it(tmp_path: Path) -> None:
    raw = "Headline here\r\nFirst sentence. Second one.\r\n\r\nLast paragraph.\r\n"
    doc = load_document(write(tmp_path, "crlf.txt", raw))
    assert doc.text == raw
    assert [doc.text[p.start : p.end] for p in doc.sentences] == [
        "Headline here",
        "First sentence.",
        "Second one.",
        "Last paragraph.",
    ]
    assert_passages_sound(doc.text, doc.paragraphs, doc.sentences)


# --- HTML ---------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head>
  <title>Talks  &amp; tensions in Kuala Lumpur</title>
  <meta property="article:published_time" content="2025-10-25T08:30:00+08:00">
  <style>p { color: red } .x:before { content: "Tokyo" }</style>
  <script>var s = "<p>Berlin</p>"; if (a < b && c > d) {}</script>
</head>
<body>
  <noscript>Enable JavaScript to see Madrid</noscript>
  <h1>Trade   talks
      begin</h1>
  <p>Officials met in <b>Kuala Lumpur</b> &mdash; the capital of Malaysia&nbsp;&ndash; on Saturday.</p>
  <div>Caf&eacute; owners in Besan&ccedil;on &amp; Z&#252;rich said &#8220;no&#8221;.<br>A new line.</div>
  <ul><li>Japan</li><li>South Korea</li></ul>
  <table><tr><td>Laos</td><td>Myanmar</td></tr></table>
  <div hidden>Hidden Oslo</div><p style="display: none">Hidden Rome</p>
  <template><p>Template Lima</p></template>
  <svg><title>Icon Paris</title></svg>
</body></html>
"""


def test_html_visible_text(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "page.html", PAGE))
    assert doc.text.split("\n") == [
        "Trade talks begin",
        "Officials met in Kuala Lumpur — the capital of Malaysia – on Saturday.",
        "Café owners in Besançon & Zürich said “no”.",
        "A new line.",
        "Japan",
        "South Korea",
        "Laos Myanmar",
    ]
    for dropped in ("Tokyo", "Berlin", "Madrid", "Oslo", "Rome", "Lima", "Paris", "color"):
        assert dropped not in doc.text
    assert doc.title == "Talks & tensions in Kuala Lumpur"
    assert doc.date == "2025-10-25"
    assert doc.encoding == "utf-8"
    assert [doc.text[p.start : p.end] for p in doc.paragraphs][:2] == doc.text.split("\n")[:2]
    assert doc.paragraphs[0].kind == "heading"
    assert_passages_sound(doc.text, doc.paragraphs, doc.sentences)


def test_htm_without_title_uses_first_line_and_meta_date(tmp_path: Path) -> None:
    page = '<meta name="date" content="2024-02-29"><h2>Summit in Hanoi</h2><p>Leaders met.</p>'
    doc = load_document(write(tmp_path, "page.htm", page))
    assert doc.title == "Summit in Hanoi"
    assert doc.date == "2024-02-29"
    assert doc.text == "Summit in Hanoi\nLeaders met."


@pytest.mark.parametrize(
    "page",
    [
        "<p>Unclosed <b>bold <i>italic <div>Paris",
        '<a title="<script>alert(1)</script>" href="x">Lisbon</a>',
        "<img src=x onerror='<script>'>Lisbon<script>never closed",
        "</p></div></span>Stray end tags in Seoul<p></p></p>",
        "<!-- unclosed comment <p>Tokyo",
        "<![CDATA[ Delhi ]]><!doctype><?php echo 1 ?><p>Lagos &#99999999; &bogus; &",
        "<div><p hidden>Hidden<p>Shown in Cairo</div>",
        "<title>unclosed title Quito",
        "<p " + "x=" * 500 + ">Nairobi",
        "<div>" * 3000 + "Deep in Lima" + "</span>" * 3000,
    ],
)
def test_hostile_html_does_not_crash(tmp_path: Path, page: str) -> None:
    path = write(tmp_path, "hostile.html", page)
    try:
        doc = load_document(path)
    except EmptyDocumentError:
        return
    assert "alert" not in doc.text
    assert_passages_sound(doc.text, doc.paragraphs, doc.sentences)


def test_hostile_html_keeps_what_a_browser_shows(tmp_path: Path) -> None:
    assert load_document(write(tmp_path, "a.html", PAGE.replace("</body>", ""))).text.endswith("Laos Myanmar")
    doc = load_document(write(tmp_path, "b.html", "<div><p hidden>Hidden<p>Shown in Cairo</div>"))
    assert doc.text == "Shown in Cairo"


# --- titles, dates, ids -------------------------------------------------------------------------


def test_sidecar_title_and_date(tmp_path: Path) -> None:
    path = write(tmp_path, "story.md", "# Markdown heading\n\nBody text about Hanoi.\n")
    write(tmp_path, "story.json", json.dumps({"title": "Sidecar title", "date": "2025-01-02", "source": "X"}))
    doc = load_document(path)
    assert (doc.title, doc.date) == ("Sidecar title", "2025-01-02")
    assert doc.text == "# Markdown heading\n\nBody text about Hanoi.\n"  # Markdown kept as is
    assert doc.source == str(path.resolve())


def test_broken_sidecar_is_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, "story.md", "# Markdown heading\n\nBody text about Hanoi.\n")
    write(tmp_path, "story.json", "{not json")
    doc = load_document(path)
    assert doc.title == "Markdown heading"
    assert doc.date is None


def test_title_from_first_line_is_trimmed_and_shortened(tmp_path: Path) -> None:
    long_line = "Leaders from " + ", ".join(["Vietnam", "Laos", "Cambodia", "Thailand"] * 10) + " met."
    doc = load_document(write(tmp_path, "notes.txt", f"\n\n   {long_line}\nMore."))
    assert doc.title.startswith("Leaders from Vietnam, Laos")
    assert doc.title.endswith("…") and len(doc.title) <= 121
    assert doc.text.startswith("\n\n   Leaders")
    assert doc.paragraphs[0].start == 5


def test_ids_depend_on_path_and_content(tmp_path: Path) -> None:
    one = write(tmp_path, "one.txt", "Paris.")
    two = write(tmp_path, "two.txt", "Paris.")
    assert load_document(one).id == load_document(str(one)).id
    assert load_document(one).id != load_document(two).id
    first = load_document(one).id
    one.write_text("Lyon.", encoding="utf-8")
    assert load_document(one).id != first


# --- pasted text --------------------------------------------------------------------------------


def test_document_from_text() -> None:
    text = "  Breaking news from Hanoi\nLeaders met in Hanoi. They agreed.  "
    doc = document_from_text(text)
    assert doc.text == text
    assert doc.title == "Breaking news from Hanoi"
    assert doc.source is None and doc.encoding is None and doc.date is None
    assert [text[p.start : p.end] for p in doc.sentences] == [
        "Breaking news from Hanoi",
        "Leaders met in Hanoi.",
        "They agreed.",
    ]
    assert document_from_text(text).id == doc.id != document_from_text(text + "!").id
    given = document_from_text(text, title="Mine", source="clipboard", date="2025-10-25")
    assert (given.title, given.source, given.date) == ("Mine", "clipboard", "2025-10-25")


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_document_from_empty_text(text: str) -> None:
    with pytest.raises(EmptyDocumentError, match="pasted text is empty"):
        document_from_text(text)


# --- passages -----------------------------------------------------------------------------------


def test_two_sentences_despite_abbreviations() -> None:
    text = "U.S. officials met Dr. Smith in Washington. They left."
    assert sentences_of(text) == ["U.S. officials met Dr. Smith in Washington.", "They left."]
    paragraphs, sentences = split_passages(text)
    assert paragraphs == (Passage(0, len(text), "paragraph"),)
    assert all(text[p.start : p.end] for p in sentences)


@pytest.mark.parametrize(
    "sentence",
    [
        "Talks with the U.K. Foreign Office and the U.N. Security Council went on.",
        "The E.U. Commission and Mr. Lee, Mrs. Park, Ms. Kim and Prof. Chen agreed.",
        "Gen. Lee, Col. Park, Lt. Kim, Sgt. Cho and Gov. Newsom of Calif. were there.",
        "Sen. Warren, Rep. Smith, Sr. Advisor Jones and Joe Smith Jr. spoke in St. Louis.",
        "Acme Inc. sold shares to Big Corp. and Small Ltd. through Jones Co. last week.",
        "He lives at No. 10 Downing Street, vs. the U.S. Embassy in Mt. Pleasant.",
        "Allies, e.g. Japan, i.e. Tokyo, etc. Joined on Jan. 5, Feb. 6 and Aug. 7.",
        "Meetings on Sept. 1, Oct. 2, Nov. 3 and Dec. 4 were led by J. Smith.",
        "Delegates from Mass. and W.Va. flew to Washington, D.C., on Friday.",
    ],
)
def test_abbreviations_do_not_end_sentences(sentence: str) -> None:
    assert sentences_of(sentence) == [sentence]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The deal went to Acme Inc. The company will build a plant in Ohio.",
            ["The deal went to Acme Inc.", "The company will build a plant in Ohio."],
        ),
        (
            "The fires reached Sacramento, Calif. The governor asked for federal help.",
            ["The fires reached Sacramento, Calif.", "The governor asked for federal help."],
        ),
        (
            "She was born in the U.S. Her parents came from Manila in 1990.",
            ["She was born in the U.S.", "Her parents came from Manila in 1990."],
        ),
        (
            "He grew up in Washington, D.C. His first job was in Baltimore.",
            ["He grew up in Washington, D.C.", "His first job was in Baltimore."],
        ),
        ("Talks ended. Beijing agreed.", ["Talks ended.", "Beijing agreed."]),
        (
            "Will they agree? Nobody knows! 2025 will tell.",
            ["Will they agree?", "Nobody knows!", "2025 will tell."],
        ),
        (
            "He called it a “fair deal.” His delegation left.",
            ["He called it a “fair deal.”", "His delegation left."],
        ),
        ("Prices rose (sharply.) Then fell.", ["Prices rose (sharply.)", "Then fell."]),
        ("He said: “Go.” “Now,” she replied.", ["He said: “Go.”", "“Now,” she replied."]),
        ("It cost $1.5 billion. the talks went on.", ["It cost $1.5 billion. the talks went on."]),
        ("Wait... Then they left.", ["Wait...", "Then they left."]),
        ("The answer was No. Then talks resumed.", ["The answer was No.", "Then talks resumed."]),
        ("Élysée Palace replied. Ürümqi was next.", ["Élysée Palace replied.", "Ürümqi was next."]),
    ],
)
def test_sentence_splits(text: str, expected: list[str]) -> None:
    assert sentences_of(text) == expected


def test_headings_and_paragraphs() -> None:
    text = (
        "Core disputes remain unresolved\n"
        "Despite the efforts, disagreements persist. Washington presses Beijing.\n"
        "# Markdown heading.\n"
        "- a list item\n"
        "Why does it matter?\n"
        "Post Comment"
    )
    paragraphs, sentences = split_passages(text)
    kinds = [(text[p.start : p.end], p.kind) for p in paragraphs]
    assert kinds == [
        ("Core disputes remain unresolved", "heading"),
        ("Despite the efforts, disagreements persist. Washington presses Beijing.", "paragraph"),
        ("# Markdown heading.", "heading"),
        ("- a list item", "paragraph"),
        ("Why does it matter?", "paragraph"),
        ("Post Comment", "heading"),
    ]
    assert [p.kind for p in sentences] == [
        "heading",
        "sentence",
        "sentence",
        "heading",
        "sentence",
        "sentence",
        "heading",
    ]
    assert_passages_sound(text, paragraphs, sentences)


def test_blank_line_blocks_and_hard_wrapped_prose() -> None:
    text = (
        "Short heading\n\n"
        "This paragraph was wrapped at seventy-two columns by an editor, so its\n"
        "lines are not paragraphs. It names Kuala Lumpur and then goes on for a\n"
        "while.\n\n\n"
        "   Second block, indented.   \n"
        "Its own line.\n"
    )
    paragraphs, sentences = split_passages(text)
    assert [text[p.start : p.end] for p in paragraphs] == [
        "Short heading",
        text[text.index("This") : text.index("while.") + 6],
        "Second block, indented.",
        "Its own line.",
    ]
    assert [p.kind for p in paragraphs] == ["heading", "paragraph", "paragraph", "paragraph"]
    assert text[sentences[2].start : sentences[2].end].startswith(
        "It names Kuala Lumpur and then goes on for a\n"
    )
    assert_passages_sound(text, paragraphs, sentences)


def test_hard_wrapped_text_without_blank_lines_joins_into_paragraphs() -> None:
    text = (
        "Border talks\n"
        "Negotiators from Nairobi and Addis Ababa met in Djibouti on Monday, where\n"
        "officials said the talks could last a week. Delegations from Kampala and\n"
        "Kigali were expected to join them by the end of the\n"
        "week.\n"
        "A second round will be held in Dodoma.\n"
    )
    paragraphs, sentences = split_passages(text)
    assert [(p.kind, " ".join(text[p.start : p.end].split())) for p in paragraphs] == [
        ("heading", "Border talks"),
        (
            "paragraph",
            "Negotiators from Nairobi and Addis Ababa met in Djibouti on Monday, where officials said the "
            "talks could last a week. Delegations from Kampala and Kigali were expected to join them by the "
            "end of the week.",
        ),
        ("paragraph", "A second round will be held in Dodoma."),
    ]
    assert len([s for s in sentences if s.kind == "sentence"]) == 3
    assert_passages_sound(text, paragraphs, sentences)


@pytest.mark.parametrize(
    "line",
    [
        "Officials in Lagos and",
        "officials in Lagos said",
        "Talks will resume in Accra with the",
        "Its leaders,",
    ],
)
def test_a_line_that_ends_mid_sentence_is_not_a_heading(line: str) -> None:
    text = f"{line}\n\nThe meeting in Abuja ended."
    paragraphs, _ = split_passages(text)
    assert paragraphs[0].kind == "paragraph"


def test_one_line_per_paragraph_text_is_not_joined() -> None:
    text = (
        "Ministers from Chile and Peru met in Lima on Monday to talk about fishing rights off the coast.\n"
        "Bolivia sent an observer, who asked for access to the Pacific Ocean through a port in Arica.\n"
        "The talks will go on in Santiago next month, officials said after the meeting ended in Lima.\n"
    )
    paragraphs, _ = split_passages(text)
    assert len(paragraphs) == 3


def test_a_pasted_paragraph_is_titled_by_its_first_sentence_cut_at_a_word() -> None:
    from mapviewer.documents import document_from_text

    doc = document_from_text(
        "Negotiators from the United States and China met in Kuala Lumpur on Sunday to discuss tariffs, "
        "export controls and rare earths. The talks lasted six hours."
    )
    assert doc.title == "Negotiators from the United States and China met in Kuala Lumpur on Sunday to…"
    assert (
        document_from_text("Talks resumed in Geneva. Both sides were hopeful.").title
        == "Talks resumed in Geneva"
    )
    assert document_from_text("Fishing talks in Manila\nOfficials met.").title == "Fishing talks in Manila"


def test_empty_text_has_no_passages() -> None:
    assert split_passages("") == ((), ())
    assert split_passages(" \n\n\t") == ((), ())


def test_splitting_is_linear_and_fast() -> None:
    seed = (seeds_dir() / f"{SEED}.txt").read_text(encoding="utf-8")
    big = "\n".join([seed] * 300)  # about 200,000 words
    started = time.perf_counter()
    paragraphs, sentences = split_passages(big)
    assert time.perf_counter() - started < 2.0
    assert len(paragraphs) == 300 * 14
    started = time.perf_counter()
    split_passages("." * 200_000 + " A" + "x " * 100_000 + "U." * 50_000 + " Z")
    assert time.perf_counter() - started < 2.0


def test_find_documents_lists_readable_files_at_any_depth(tmp_path):
    from mapviewer.documents import find_documents

    (tmp_path / "a.txt").write_text("Paris", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.HTML").write_text("<p>Rome</p>", encoding="utf-8")
    (tmp_path / "c.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.txt").write_text("Oslo", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in find_documents(tmp_path)] == ["a.txt", "sub/b.HTML"]


def test_find_documents_in_a_folder_without_documents_says_so(tmp_path):
    from mapviewer.documents import find_documents
    from mapviewer.errors import FileMissingError

    (tmp_path / "c.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(FileMissingError, match="holds no file mapviewer can read"):
        find_documents(tmp_path)
