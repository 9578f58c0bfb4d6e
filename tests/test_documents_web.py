"""Saved web pages: the article, not the page furniture; its metadata; pages with no article; `mapviewer text`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from mapviewer.documents import load_document

REPO = Path(__file__).resolve().parents[1]

_PARAGRAPHS = [
    "Officials from Malaysia and Indonesia met in Kuala Lumpur on Tuesday to discuss a shared approach to "
    "fishing rights in the South China Sea, where patrol boats from several countries have clashed.",
    "The talks, the third round this year, ended with a joint statement that both governments described as "
    "a step forward, although the details of the agreement were not released to the press.",
    "Analysts in Singapore said the meeting showed that the neighbours want to settle their differences "
    "before the regional summit in Manila next month, where the issue is expected to come up again.",
    "A spokesman for the Malaysian foreign ministry said further meetings would follow in Jakarta.",
]

ARTICLE_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Neighbours agree on fishing talks | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-03-05T08:00:00Z">
<meta name="author" content="Jane Reporter">
<script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": "2024-03-05",
 "author": {{"@type": "Person", "name": "Jane Reporter"}}}}</script>
</head><body>
<nav><ul><li><a href="/world">World</a></li><li><a href="/de">Deutsch</a></li>
<li><a href="/fr">Français</a></li><li><a href="/tokyo">Tokyo bureau</a></li></ul></nav>
<div class="cookie">We use cookies to improve your experience. <a href="/ok">Accept</a></div>
<main><article>
<h1>Neighbours agree on fishing talks</h1>
<p>{_PARAGRAPHS[0]}</p>
<p>{_PARAGRAPHS[1]}</p>
<h2>Summit ahead</h2>
<p>{_PARAGRAPHS[2]}</p>
<p>{_PARAGRAPHS[3]}</p>
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/a">Floods in Bangladesh displace thousands</a></li>
<li><a href="/b">Election results from Ecuador</a></li></ul></aside>
<footer><p><a href="/offices">Our offices: London, Nairobi, Lima, Oslo</a></p></footer>
</body></html>"""


def _page(tmp_path: Path, html: str, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


def test_a_news_page_reads_as_its_article_with_metadata(tmp_path):
    doc = load_document(_page(tmp_path, ARTICLE_PAGE))
    for paragraph in _PARAGRAPHS:
        assert paragraph in doc.text
    for furniture in ("Deutsch", "cookies", "Bangladesh", "Ecuador", "Nairobi", "Tokyo bureau"):
        assert furniture not in doc.text
    assert doc.title == "Neighbours agree on fishing talks"  # without " | Example News"
    assert doc.date == "2024-03-05"
    assert doc.author == "Jane Reporter"
    assert doc.site == "Example News"
    assert doc.warnings == ()
    headings = [doc.text[p.start : p.end] for p in doc.paragraphs if p.kind == "heading"]
    assert "Summit ahead" in headings
    # Offsets point into the text: every sentence is a real piece of it.
    assert any(doc.text[s.start : s.end] == _PARAGRAPHS[3] for s in doc.sentences)


def test_the_date_comes_from_json_ld_or_the_url_when_the_page_has_no_meta(tmp_path):
    html = ARTICLE_PAGE.replace('<meta property="article:published_time" content="2024-03-05T08:00:00Z">', "")
    html = html.replace('"datePublished": "2024-03-05"', '"datePublished": "2023-11-20"')
    assert load_document(_page(tmp_path, html)).date == "2023-11-20"


def test_a_page_that_is_all_navigation_says_so(tmp_path):
    links = "".join(
        f'<li><a href="/{n}">{n}</a></li>' for n in ("Home", "World", "Business", "Sport", "Contact")
    )
    html = f"<html><head><title>Start</title></head><body><nav><ul>{links}</ul></nav></body></html>"
    doc = load_document(_page(tmp_path, html))
    assert doc.warnings, "a page with no article must not look complete"
    assert any("almost no text" in w for w in doc.warnings)


def test_a_script_rendered_page_is_flagged_not_shown_as_complete(tmp_path):
    html = (
        "<html><head><title>Loading</title><script src='app.js'></script></head>"
        "<body><div id='root'>Loading…</div><noscript>Enable JavaScript</noscript></body></html>"
    )
    doc = load_document(_page(tmp_path, html))
    assert any("scripts" in w for w in doc.warnings)


def test_a_malformed_marked_section_does_not_drop_the_rest_of_the_page(tmp_path):
    html = (
        "<html><body><p>Short start.</p><![ broken section\n"
        "<p>The delegation later flew to Nairobi for a second meeting.</p></body></html>"
    )
    doc = load_document(_page(tmp_path, html))
    assert "Nairobi" in doc.text


def _text_command(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mapviewer", "text", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
        cwd=REPO,
    )


def test_text_command_prints_what_mapviewer_reads(tmp_path):
    page = _page(tmp_path, ARTICLE_PAGE)
    proc = _text_command(str(page), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    (report,) = json.loads(proc.stdout)
    assert {
        "id",
        "title",
        "date",
        "author",
        "site",
        "source",
        "encoding",
        "warnings",
        "text",
        "passages",
    } <= set(report)
    assert report["title"] == "Neighbours agree on fishing talks"
    doc = load_document(page)
    assert report["text"] == doc.text
    for passage in report["passages"]:
        assert passage["kind"] in ("heading", "paragraph", "sentence")
        assert 0 <= passage["start"] < passage["end"] <= len(report["text"])
    plain = _text_command(str(page))
    assert plain.returncode == 0
    assert _PARAGRAPHS[0] in plain.stdout.decode()
    assert "title: Neighbours agree on fishing talks" in plain.stdout.decode()


def test_standard_input_gets_the_same_checks_as_a_file():
    binary = _text_command("-", stdin=b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert binary.returncode == 2
    assert b"PNG image" in binary.stderr
    page = _text_command("-", "--format", "json", stdin=ARTICLE_PAGE.encode("utf-8"))
    assert page.returncode == 0, page.stderr
    (report,) = json.loads(page.stdout)
    assert "Deutsch" not in report["text"] and _PARAGRAPHS[1] in report["text"]
    latin = _text_command("-", "--format", "json", stdin="Café in Zürich, déjà vu.".encode("cp1252"))
    assert json.loads(latin.stdout)[0]["text"] == "Café in Zürich, déjà vu."


def test_a_sentence_ends_after_an_abbreviation_when_a_new_sentence_starts():
    from mapviewer.documents import document_from_text

    for first, second in (
        ("The deal was signed by Acme Inc.", "The company said it would hire 200 workers."),
        ("The governor spoke in Sacramento, Calif.", "The governor then flew to Washington."),
        ("She was born in the U.S.", "Her parents had moved there from Peru."),
    ):
        doc = document_from_text(f"{first} {second}")
        assert [doc.text[s.start : s.end] for s in doc.sentences] == [first, second]
    doc = document_from_text("He met Dr. Smith in Paris. Mr. Jones was there too.")
    assert [doc.text[s.start : s.end] for s in doc.sentences] == [
        "He met Dr. Smith in Paris.",
        "Mr. Jones was there too.",
    ]
    doc = document_from_text("Talks with U.S. officials began in Kuala Lumpur on Sunday.")
    assert len(doc.sentences) == 1


_LIMA = (
    "<p>Negotiators from Peru and Chile met in Lima on Monday to discuss fishing rights off the coast, and "
    "officials said the talks would go on for the rest of the week in the capital.</p>"
    "<p>Delegates from Bolivia asked for access to the Pacific through a port in Arica, a diplomat said, "
    "and the host promised an answer before the next round.</p>"
)


def test_the_date_and_author_come_from_the_canonical_url_and_json_ld(tmp_path):
    html = (
        '<html><head><title>Talks in Lima - Example Times</title><link rel="canonical" '
        'href="https://news.example/2022/07/14/talks-in-lima"><script type="application/ld+json">'
        '{"@context": "https://schema.org", "@type": "NewsArticle", "author": {"@type": "Person", '
        f'"name": "Ana Ruiz"}}}}</script></head><body><article><h1>Talks in Lima</h1>{_LIMA}</article></body></html>'
    )
    doc = load_document(_page(tmp_path, html))
    assert (doc.title, doc.date, doc.author) == ("Talks in Lima", "2022-07-14", "Ana Ruiz")


def test_the_date_and_author_come_from_a_byline_and_its_time_element(tmp_path):
    html = (
        "<html><head><title>Talks in Lima</title></head><body><article><h1>Talks in Lima</h1>"
        '<p class="byline">By <span class="author">Ana Ruiz</span>, '
        f'<time datetime="2021-05-03T10:00">May 3, 2021</time></p>{_LIMA}</article></body></html>'
    )
    doc = load_document(_page(tmp_path, html))
    assert (doc.title, doc.date, doc.author) == ("Talks in Lima", "2021-05-03", "Ana Ruiz")
