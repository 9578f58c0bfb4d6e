"""The .mapviewer project file: the hand-written form, round trips, moved files, bad files, killed saves."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mapviewer.project import ProjectError, open_project, read_project, write_project

REPO = Path(__file__).resolve().parent.parent
TEXT = "Trade talks opened in Kuala Lumpur on Saturday.\nThe leaders meet next in Gyeongju, South Korea.\n"


@pytest.fixture(scope="module")
def geoparser():
    from mapviewer.geoparse import Geoparser

    return Geoparser.open()


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(TEXT, "utf-8")
    return path


def _write(path: Path, data) -> Path:
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, "utf-8")
    return path


def _minimal(article, corrections):
    return {
        "format": "mapviewer-project",
        "version": 1,
        "documents": [{"id": "a", "source": str(article)}],
        "corrections": corrections,
    }


def test_the_minimal_hand_written_form_opens(tmp_path, article, geoparser):
    kl = TEXT.index("Kuala Lumpur")
    path = _write(
        tmp_path / "p.mapviewer",
        _minimal(article, [{"document": "a", "start": kl, "end": kl + 12, "place": "country:MY"}]),
    )
    project, warnings = open_project(path, geoparser)
    assert warnings == [] and not project.dirty and project.path == path
    res = project.resolution("a", kl, kl + 12)
    assert (res.place.name, res.corrected) == ("Malaysia", True)
    assert project.document("a").source == str(article.resolve())


def test_save_and_reopen_gives_the_same_state(tmp_path, article, geoparser):
    path = _write(tmp_path / "p.mapviewer", _minimal(article, []))
    project, _ = open_project(path, geoparser)
    gy = TEXT.index("Gyeongju")
    project.correct("a", gy, gy + 8, None)
    leaders = TEXT.index("The leaders")
    project.correct("a", leaders, leaders + 11, "country:KR")
    project.follow("country:KR", 1)
    project.set_view("a")
    assert project.dirty
    saved = write_project(project, tmp_path / "saved.mapviewer")
    assert not project.dirty and project.path == saved
    data = json.loads(saved.read_text("utf-8"))
    assert data["documents"][0]["text"] == TEXT and len(data["documents"][0]["sha256"]) == 64
    assert {"document": "a", "start": gy, "end": gy + 8, "place": None, "text": "Gyeongju"} in data[
        "corrections"
    ]

    again, _ = open_project(saved, geoparser)
    assert again.corrections == project.corrections
    assert [(_r.mention.start, _r.place.id) for _r in again.resolutions("a")] == [
        (_r.mention.start, _r.place.id) for _r in project.resolutions("a")
    ]
    assert again.view == "a" and again.followed().place_id == "country:KR" and again.followed().index == 1


def test_a_project_whose_document_moved_opens_from_its_saved_copy(tmp_path, article, geoparser):
    project, _ = open_project(_write(tmp_path / "p.mapviewer", _minimal(article, [])), geoparser)
    kl = TEXT.index("Kuala Lumpur")
    project.correct("a", kl, kl + 12, "country:MY")
    saved = write_project(project, tmp_path / "saved.mapviewer")
    article.rename(tmp_path / "elsewhere.txt")
    moved, warnings = open_project(saved, geoparser)
    assert len(warnings) == 1 and "was not found" in warnings[0] and "saved in the project" in warnings[0]
    assert moved.document("a").text == TEXT
    assert moved.resolution("a", kl, kl + 12).place.id == "country:MY"


def test_a_changed_document_keeps_the_offsets_of_its_saved_copy(tmp_path, article, geoparser):
    project, _ = open_project(_write(tmp_path / "p.mapviewer", _minimal(article, [])), geoparser)
    saved = write_project(project, tmp_path / "saved.mapviewer")
    article.write_text("Inserted first. " + TEXT, "utf-8")
    changed, warnings = open_project(saved, geoparser)
    assert "changed since" in warnings[0] and changed.document("a").text == TEXT


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "mapviewer-project", "version": 1, "documents": [', "broken JSON"),
        ("\xff\xfe garbage", "broken JSON"),
        ('{"format": "something-else", "version": 1}', "not a mapviewer project"),
        ('{"format": "mapviewer-project", "version": 7, "documents": []}', "newer mapviewer"),
        ('{"format": "mapviewer-project", "version": 1, "documents": [{"id": "a"}]}', "neither"),
        ('{"format": "mapviewer-project", "version": 1, "documents": "a"}', '"documents"'),
    ],
)
def test_bad_files_give_a_message_and_open_nothing(tmp_path, content, message):
    path = _write(tmp_path / "bad.mapviewer", content)
    with pytest.raises(ProjectError, match=message) as info:
        read_project(path)
    assert str(path) in str(info.value) and "Nothing was opened" in str(info.value)


def test_corrections_that_do_not_fit_are_refused(tmp_path, article, geoparser):
    cases = [
        ({"document": "b", "start": 0, "end": 5, "place": None}, "does not list"),
        ({"document": "a", "start": 0, "end": 999, "place": None}, "outside"),
        ({"document": "a", "start": 0, "end": 5, "place": None, "text": "Other"}, "has 'Trade' there"),
        ({"document": "a", "start": 0, "end": 5}, 'no "place"'),
    ]
    for correction, message in cases:
        path = _write(tmp_path / "c.mapviewer", _minimal(article, [correction]))
        with pytest.raises(ProjectError, match=message):
            read_project(path)
    path = _write(
        tmp_path / "u.mapviewer",
        _minimal(article, [{"document": "a", "start": 0, "end": 5, "place": "city:0"}]),
    )
    with pytest.raises(Exception, match="does not know"):
        open_project(path, geoparser)


def test_a_killed_save_leaves_the_previous_project_whole(tmp_path, article, geoparser):
    """A process is killed while writing a new version: the file on disk is still the old, valid one."""
    path = _write(tmp_path / "p.mapviewer", _minimal(article, []))
    project, _ = open_project(path, geoparser)
    target = write_project(project, tmp_path / "saved.mapviewer")
    before = target.read_bytes()
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(REPO)!r})
        from mapviewer.documents import document_from_text
        from mapviewer.project import Project, write_project
        project = Project()
        project.add_document(document_from_text("Kuala Lumpur. " * 200_000), [])
        def stall(fd):
            print("writing", flush=True)
            sys.stdin.readline()  # stay here, mid-save, until killed
        os.fsync = stall
        write_project(project, {str(target)!r})
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    try:
        assert proc.stdout.readline().strip() == "writing"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert target.read_bytes() == before
    reopened, _ = open_project(target, geoparser)
    assert [d.text for d in reopened.documents] == [TEXT]
