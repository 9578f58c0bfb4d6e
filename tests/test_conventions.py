"""What a packager and a newcomer expect: a licence, the data's licences, one version, `mapviewer` alone."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from fs_faults import run_cli

import mapviewer
from mapviewer.licences import DATA_SOURCES

REPO = Path(__file__).resolve().parent.parent


def test_the_licence_is_mit_as_pyproject_says():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"
    assert (REPO / "LICENSE").read_text().startswith("MIT License\n")


def test_the_data_licences_notice_names_every_source_its_licence_and_credit():
    notice = (REPO / "DATA-LICENSES.md").read_text()
    for source in DATA_SOURCES:
        row = next((line for line in notice.splitlines() if line.startswith(f"| {source.name} |")), None)
        assert row is not None, source.name
        assert f"| {source.package} | {source.licence} | {source.attribution} |" in row


def test_version_has_one_source():
    done = run_cli("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"mapviewer {mapviewer.__version__}"
    assert metadata.version("mapviewer") == mapviewer.__version__
    assert "version" not in tomllib.loads((REPO / "pyproject.toml").read_text())["project"]


def test_zero_x_dependencies_have_an_upper_bound():
    for requirement in tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]:
        if re.search(r">=\s*0\.", requirement):
            assert "<" in requirement, requirement


def test_the_wheel_carries_the_licence_and_the_data_notice(tmp_path):
    # The test extra installs hatchling, so the wheel builds with no registry (and in half a second).
    command = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    done = subprocess.run([*command, "-w", str(tmp_path), str(REPO)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("mapviewer-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for name in ("LICENSE", "DATA-LICENSES.md"):
        assert f"mapviewer/_data/{name}" in names  # readable at run time
        assert f"mapviewer-{mapviewer.__version__}.dist-info/licenses/{name}" in names


@pytest.mark.gui
def test_mapviewer_with_no_command_opens_the_window(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from mapviewer.cli import main
    from mapviewer.ui.mainwindow import MainWindow

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))  # the window's settings go here
    opened, given_up = [], []

    def windows() -> list:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]

    def close_when_ready() -> None:
        shown = windows()
        if shown and shown[0].map.is_ready:
            opened.append(shown[0])
            shown[0].close()
        elif not given_up:
            QTimer.singleShot(20, close_when_ready)

    def give_up() -> None:  # a window that never gets its map must fail the test, not hang the suite
        if not opened:
            given_up.append(True)
            for window in windows():
                window.close()

    QTimer.singleShot(0, close_when_ready)
    QTimer.singleShot(120_000, give_up)
    assert main([]) == 0
    assert opened and not given_up, "the window opened and showed its map"


# -- the architecture: import-linter contracts in pyproject.toml ----------------------------------------
def _import_contracts() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]


def _lint_imports(config: Path, path: Path = REPO) -> tuple[int, str]:
    """import-linter in its own process: it reconfigures logging (disabling every logger already made)."""
    code = (
        "import sys; from importlinter.cli import lint_imports; "
        f"sys.exit(lint_imports(config_filename={str(config)!r}, no_cache=True, no_logo=True))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(path), str(REPO)])}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=path, env=env, timeout=300
    )
    return done.returncode, done.stdout + done.stderr


def test_the_core_is_qt_free_and_its_packages_import_no_cycle():
    code, out = _lint_imports(REPO / "pyproject.toml")
    assert code == 0, out
    assert "2 kept, 0 broken" in out


def test_every_part_of_the_core_is_under_the_qt_free_contract():
    package = REPO / "mapviewer"
    parts = {p.stem for p in package.glob("*.py")} | {
        p.name for p in package.iterdir() if (p / "__init__.py").is_file()
    }
    core = {f"mapviewer.{name}" for name in parts - {"__init__", "ui"}}
    (contract,) = [c for c in _import_contracts()["contracts"] if c["id"] == "core-qt-free"]
    missing = sorted(core - set(contract["source_modules"]))
    assert not missing, (
        f"add {missing} to source_modules of core-qt-free in pyproject.toml [tool.importlinter]"
    )


def test_the_contracts_catch_a_qt_import_in_the_core_and_a_cycle(tmp_path):
    """The same contracts, on a copy of the layout with one of each fault, are broken."""
    config = _import_contracts()
    root = tmp_path / "fakeviewer"
    (root / "ui").mkdir(parents=True)
    for folder in (root, root / "ui"):
        (folder / "__init__.py").write_text("", encoding="utf-8")
    (root / "ui" / "app.py").write_text("", encoding="utf-8")
    (contract,) = [c for c in config["contracts"] if c["id"] == "core-qt-free"]
    for module in contract["source_modules"]:
        (root / f"{module.split('.')[1]}.py").write_text("", encoding="utf-8")
    (root / "cli.py").write_text("import fakeviewer.ui.app\n", encoding="utf-8")  # the ignored one
    (root / "model.py").write_text("import PySide6.QtCore\n", encoding="utf-8")
    (root / "gazetteer.py").write_text("import fakeviewer.geoparse\n", encoding="utf-8")
    (root / "geoparse.py").write_text("import fakeviewer.gazetteer\n", encoding="utf-8")
    toml = (REPO / "pyproject.toml").read_text("utf-8")
    section = toml[toml.index("\n[tool.importlinter]\n") :]
    (tmp_path / "contracts.toml").write_text(section.replace("mapviewer", "fakeviewer"), encoding="utf-8")
    code, out = _lint_imports(tmp_path / "contracts.toml", tmp_path)
    assert code != 0
    assert "0 kept, 2 broken" in out, out
    assert "fakeviewer.model -> PySide6" in out
