"""The installed PySide6 must not wear away the references of None and True.

PySide6 6.12.0 on Python 3.11 returns None from every void method, and True from Signal.emit(), without
taking a reference. A long session (or one big document: a highlight per mention) then runs the count down
and the interpreter aborts ("none_dealloc: deallocating None"). pyproject.toml excludes that release; this
test catches any other release with the same fault before a user does.
"""

from __future__ import annotations

import sys

import pytest

pytest.importorskip("PySide6.QtCore")


def test_void_calls_keep_the_reference_count_of_none(qapp):
    from PySide6.QtGui import QTextCursor, QTextDocument

    document = QTextDocument("hello world " * 500)
    cursor = QTextCursor(document)
    before = sys.getrefcount(None)
    for i in range(5_000):
        cursor.setPosition(i % 5_000)
    assert sys.getrefcount(None) >= before - 10, "this PySide6 release loses references to None"


def test_signals_keep_the_reference_count_of_true(qapp):
    from PySide6.QtCore import QObject, Signal

    class Reporter(QObject):
        progressed = Signal(float, str)

    received = []
    reporter = Reporter()
    reporter.progressed.connect(lambda fraction, _message: received.append(fraction))
    before = sys.getrefcount(True)
    for i in range(20_000):
        reporter.progressed.emit(i / 20_000, "reading")
    assert len(received) == 20_000
    assert sys.getrefcount(True) >= before - 10, "this PySide6 release loses references to True"
