"""`mapviewer-app` as a user starts it: a fresh process, files on the command line, map ready, clean exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui
pytest.importorskip("PySide6.QtWebEngineWidgets")

REPO = Path(__file__).resolve().parent.parent


def test_the_app_opens_a_file_from_the_command_line_and_reports_ready(tmp_path):
    doc = tmp_path / "note.txt"
    doc.write_text("Ministers from Vietnam met in Hanoi.\n", encoding="utf-8")
    env = dict(os.environ, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "mapviewer.ui.app", "--exit-when-ready", str(doc)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    ready = [line for line in done.stdout.splitlines() if line.startswith("MAPVIEWER_READY ")]
    assert ready, done.stderr[-2000:]  # how soon: bench/cold_start.py measures it
    # Window geometry and panes were remembered in the user's settings, not anywhere else.
    assert list((tmp_path / "config").rglob("mapviewer*"))


def test_chromium_sandbox_flag_only_for_root_and_only_when_unset(monkeypatch):
    from mapviewer.ui import app

    monkeypatch.setattr(os, "geteuid", lambda: 0, raising=False)
    env: dict[str, str] = {}
    app.prepare_environment(env)
    assert env == {"QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox"}
    env = {"QTWEBENGINE_CHROMIUM_FLAGS": "--disable-gpu"}
    app.prepare_environment(env)
    assert env == {"QTWEBENGINE_CHROMIUM_FLAGS": "--disable-gpu"}
    monkeypatch.setattr(os, "geteuid", lambda: 1000, raising=False)
    env = {}
    app.prepare_environment(env)
    assert env == {}
