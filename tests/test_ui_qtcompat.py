"""A long session emits thousands of signals; PySide6 6.12 must not wear True away (see ui/qtcompat.py)."""

from __future__ import annotations

import sys

import pytest

pytest.importorskip("PySide6.QtCore")


def test_emitting_many_signals_keeps_the_reference_count_of_true(qapp):
    from PySide6.QtCore import QObject, Signal

    import mapviewer.ui  # noqa: F401  (installs the fix when the bug is present)

    class Reporter(QObject):
        progressed = Signal(float, str)

    received = []
    reporter = Reporter()
    reporter.progressed.connect(lambda fraction, _message: received.append(fraction))
    before = sys.getrefcount(True)
    for i in range(20_000):
        reporter.progressed.emit(i / 20_000, "reading")
    assert len(received) == 20_000
    assert sys.getrefcount(True) >= before - 10
