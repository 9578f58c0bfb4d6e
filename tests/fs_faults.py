"""Real file-system faults for tests: a full disk, a read-only folder, a device node, a FIFO.

A full disk and a read-only folder are small tmpfs mounts (root may mount them; elsewhere the tests that
need them are skipped rather than faked). Each mount is removed when its `with` block ends.
"""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def tmpfs(folder: Path, size: str = "64k", read_only: bool = False) -> Iterator[Path]:
    """A tmpfs of `size` mounted on `folder` (created), read-only if asked; skips the test if not root."""
    folder.mkdir(parents=True, exist_ok=True)
    options = f"size={size},mode=0755" + (",ro" if read_only else "")
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> None:
    """Fill the file system holding `folder` to the last byte."""
    with open(folder / "filler", "wb") as f, contextlib.suppress(OSError):
        while True:
            f.write(b"\0" * 4096)
            f.flush()


def null_device(folder: Path) -> Path:
    """A character device like /dev/null in `folder`, so a broken test cannot replace the system's."""
    node = folder / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs root")
    return node


def run_cli(*args: str | os.PathLike[str], env: dict[str, str] | None = None, timeout: float = 300):
    """`python -m mapviewer ARGS` in a real subprocess: what a user's shell would see."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mapviewer", *map(str, args)],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=REPO,
        timeout=timeout,  # a guard against a hang, not a timing assertion
    )


def one_clear_line(stderr: str) -> str:
    """The error line of a CLI run that failed cleanly: exactly one 'mapviewer: error:' line, no traceback."""
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("mapviewer: error: ")]
    assert len(errors) == 1, stderr
    return errors[0]
