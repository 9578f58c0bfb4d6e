"""The project model without Qt: corrections on top of the geoparser, apply to all, undo, following."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mapviewer.project import CorrectionError, Project

TEXT_A = "Talks opened in Kuala Lumpur. Kuala Lumpur hosts the summit. Leaders meet next in Gyeongju."
TEXT_B = "Kuala Lumpur was busy. The bloc met in Kuala Lumpur again."


@pytest.fixture
def project(make_result, places):
    result = make_result(
        [
            ("A", TEXT_A, [("Kuala Lumpur", places["kl"]), ("Gyeongju", places["gyeongju"])]),
            ("B", TEXT_B, [("Kuala Lumpur", places["kl"])]),
        ]
    )
    by_id = {p.id: p for p in places.values()}
    project = Project(by_id.get)
    for doc in result.documents:
        project.add_document(doc, [r for r in result.resolutions if r.mention.doc_id == doc.id])
    project.mark_saved()
    return project


def _span(text, words, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return start, start + len(words)


def _events(project):
    seen = []
    for emitter in project.events.all():
        emitter.connect(lambda event: seen.append(event.type))
    return seen


def test_repoint_one_mention_keeps_the_geoparser_reading_as_an_alternative(project):
    seen = _events(project)
    start, end = _span(TEXT_A, "Kuala Lumpur")
    assert project.correct("doc0", start, end, "country:MY") == 1
    res = project.resolution("doc0", start, end)
    assert (res.place.id, res.corrected, res.confidence) == ("country:MY", True, 1.0)
    assert res.alternatives[0][0].id == "city:1735161"
    assert len(project.mentions_of("city:1735161")) == 3  # of four
    assert {"corrections", "history", "dirty"} <= set(seen)
    assert project.dirty and project.history.undo_label == "Point 'Kuala Lumpur' at Malaysia"


def test_not_a_place_removes_the_mention_and_undo_redo_bring_it_back_and_forth(project):
    span = _span(TEXT_A, "Gyeongju")
    before = project.places()
    assert project.places() is before, "the place list is kept while nothing changes"
    project.correct("doc0", *span, None)
    assert project.resolution("doc0", *span) is None
    assert project.place_count == 1 and project.places() is not before
    assert project.undo() == "Mark 'Gyeongju' as not a place"
    assert project.resolution("doc0", *span).place.id == "city:1842225"
    assert project.place_count == 2
    assert not project.dirty  # back where it was saved
    project.redo()
    assert project.resolution("doc0", *span) is None and project.dirty


def test_add_a_missed_mention_replaces_an_overlapping_one(project):
    span = _span(TEXT_A, "the summit")
    project.correct("doc0", *span, "bloc:ASEAN")
    res = project.resolution("doc0", *span)
    assert (res.mention.text, res.mention.form, res.corrected) == ("the summit", "bloc", True)
    assert res.passage is not None and res.passage.start <= span[0]
    overlapping = _span(TEXT_A, "Lumpur hosts")
    project.correct("doc0", overlapping[0], overlapping[1] + 6, "country:MY")  # "Lumpur hosts the"
    assert project.resolution("doc0", *_span(TEXT_A, "Kuala Lumpur", 1)) is None
    project.undo()
    assert project.resolution("doc0", *_span(TEXT_A, "Kuala Lumpur", 1)).place.id == "city:1735161"


def test_apply_to_the_document_or_the_project_is_one_undoable_step(project):
    span = _span(TEXT_A, "Kuala Lumpur")
    assert project.correct("doc0", *span, "country:MY", scope="document") == 2
    assert [r.place.id for r in project.resolutions("doc1")] == ["city:1735161"] * 2
    project.undo()
    assert project.correct("doc0", *span, "country:MY", scope="project") == 4
    assert project.mentions_of("city:1735161") == []
    assert "(4 mentions)" in project.history.undo_label
    project.undo()
    assert len(project.mentions_of("city:1735161")) == 4 and not project.history.can_undo


def test_an_added_mention_applied_to_all_adds_every_occurrence(project):
    span = _span(TEXT_B, "The bloc")
    assert project.correct("doc1", *span, "bloc:ASEAN", scope="project") == 1  # "the bloc" nowhere else
    span = _span(TEXT_A, "Leaders")
    assert project.correct("doc0", *span, "country:KR", scope="project") == 1


def test_restore_drops_the_correction(project):
    span = _span(TEXT_A, "Kuala Lumpur")
    project.correct("doc0", *span, "country:MY")
    assert project.restore("doc0", *span) == 1
    assert project.resolution("doc0", *span).corrected is False
    assert project.corrections == []


def test_unknown_places_and_spans_outside_the_text_are_refused(project):
    with pytest.raises(CorrectionError, match="does not know"):
        project.correct("doc0", 0, 5, "city:0")
    with pytest.raises(CorrectionError, match="outside"):
        project.correct("doc0", 0, 10_000, None)
    assert not project.history.can_undo


def test_following_steps_across_documents_and_follows_a_corrected_mention(project):
    follows = []
    project.events.follow.connect(lambda e: follows.append(e.followed))
    assert project.follow("city:1735161", 0)
    assert project.step(+1) and project.step(+1)
    followed = project.followed()
    assert (followed.index, followed.count, followed.documents) == (2, 4, 2)
    assert followed.resolution.mention.doc_id == "doc1"
    assert not project.step(-3)
    # Re-pointing the followed mention follows it to its new place.
    res = followed.resolution
    project.correct("doc1", res.mention.start, res.mention.end, "country:MY")
    assert project.followed().place_id == "country:MY"
    assert follows[-1].place_id == "country:MY"


def test_selecting_a_document_lets_go_of_a_place_it_does_not_name(project):
    project.follow("city:1842225")  # Gyeongju, only in A
    project.set_view("doc1")
    assert project.followed() is None and project.view == "doc1"
    project.follow("city:1735161", 3)  # the last mention, in B
    project.set_view("doc0")
    followed = project.followed()
    assert (followed.place_id, followed.resolution.mention.doc_id, followed.index) == (
        "city:1735161",
        "doc0",
        0,
    )
    assert project.place_ids("doc1") == ["city:1735161"]


def test_removing_a_document_drops_its_corrections_and_follow(project):
    span = _span(TEXT_B, "Kuala Lumpur")
    project.correct("doc1", *span, None)
    project.follow("city:1735161", 2)
    project.remove_document("doc1")
    assert project.corrections == [] and project.followed().resolution.mention.doc_id == "doc0"
    assert project.place_ids() == ["city:1735161", "city:1842225"]


def test_closing_a_document_is_undoable_and_brings_back_its_corrections(project):
    span = _span(TEXT_A, "Gyeongju")
    project.correct("doc0", *span, None)
    project.mark_saved()
    seen = _events(project)
    assert project.close_document("doc0")
    assert [d.id for d in project.documents] == ["doc1"] and project.corrections == []
    assert project.history.undo_label.startswith("Close")
    assert project.dirty, "the saved correction is gone until the close is undone"
    assert project.undo().startswith("Close")
    assert [d.id for d in project.documents] == ["doc0", "doc1"], "back in its place in the list"
    assert [(c.document, c.start, c.place) for c in project.corrections] == [("doc0", span[0], None)]
    assert "Gyeongju" not in [r.mention.text for r in project.resolutions("doc0")]
    assert not project.dirty
    assert seen.count("documents") == 2 and "history" in seen
    project.redo()
    assert [d.id for d in project.documents] == ["doc1"]
    assert not project.close_document("doc0"), "closed already"


def test_the_project_package_imports_no_qt():
    code = "import sys, mapviewer.project, mapviewer.project.file; print([m for m in sys.modules if 'PySide' in m])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
