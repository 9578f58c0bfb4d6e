"""Writing a user's file so that a crash, a kill or a full disk never leaves it half-written.

A regular file (or the file a symlink points to) is replaced atomically: the data goes to a new file in
the same folder, is flushed to disk, then renamed over the target, so readers see the old file or the new
one. On Linux the new file is created with O_TMPFILE, which has no name until it is complete: a process
killed while writing leaves nothing behind. Elsewhere (or on a file system without O_TMPFILE) it gets a
hidden name carrying the writer's process id, and the next write into that folder removes the temporary
files of writers that are no longer running.

A target that is not a regular file (/dev/null, a FIFO, a terminal) is written directly, never replaced:
replacing /dev/null with a regular file would break the system.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import sys
from collections.abc import Iterable
from pathlib import Path

from mapviewer.display import display_path
from mapviewer.errors import ExportError

__all__ = ["Chunks", "atomic_write", "remove_stale_temps", "temp_path"]

Chunks = str | bytes | Iterable[str | bytes]

_TEMP_MARK = ".mvtmp-"  # in every temporary name: .{target}.mvtmp-{pid}-{random}.tmp


def temp_path(target: Path) -> Path:
    """A hidden name beside `target` that says which process wrote it."""
    return target.with_name(f".{target.name}{_TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}.tmp")


def _writer_pid(name: str, target_name: str) -> int | None:
    prefix = f".{target_name}{_TEMP_MARK}"
    if not (name.startswith(prefix) and name.endswith(".tmp")):
        return None
    pid, _, _rest = name[len(prefix) : -len(".tmp")].partition("-")
    return int(pid) if pid.isdigit() else None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def remove_stale_temps(target: Path) -> list[Path]:
    """Remove the temporary files that writers of `target` left when they died; returns them."""
    removed = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in names:
        pid = _writer_pid(name, target.name)
        if pid is not None and not _alive(pid):
            stale = target.parent / name
            with contextlib.suppress(OSError):
                stale.unlink()
                removed.append(stale)
    return removed


def _message(target: Path, reason: str) -> str:
    return f"cannot write {display_path(target)}: {reason}"


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EFBIG:
        return "the file would be larger than allowed"
    return exc.strerror or str(exc)


def _resolve(path: Path) -> tuple[Path, os.stat_result | None]:
    """The file to write and its status: a symlink is followed (to its end, even if that is missing)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise ExportError(_message(path, _reason(exc))) from exc
    if st is not None and not stat.S_ISREG(st.st_mode):
        return path, st  # written directly, through the link if there is one
    real = Path(os.path.realpath(path))
    if str(real).startswith("/proc/"):
        return path, st  # /dev/stdout and friends: an open descriptor, written directly
    return real, st


def _check_folder(target: Path, original: Path) -> None:
    folder = target.parent
    if not folder.exists():
        raise ExportError(
            _message(original, f"the folder {display_path(folder)} does not exist; create it first")
        )
    if not folder.is_dir():
        raise ExportError(_message(original, f"{display_path(folder)} is not a folder"))


def check_target(path: str | os.PathLike[str]) -> None:
    """Fail early, before a long computation, when `path` cannot be written at all."""
    original = Path(path)
    target, st = _resolve(original)
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise ExportError(
            f"{display_path(original)} is a folder; give a file name to write, "
            f"such as {display_path(original / 'map.html')}"
        )
    if st is not None and stat.S_ISSOCK(st.st_mode):
        raise ExportError(_message(original, "it is a socket, which cannot be written as a file"))
    if st is None or stat.S_ISREG(st.st_mode):
        _check_folder(target, original)


def _chunks(data: Chunks) -> Iterable[bytes]:
    for chunk in [data] if isinstance(data, str | bytes) else data:
        yield chunk.encode("utf-8") if isinstance(chunk, str) else chunk


def _write_all(fd: int, data: Chunks) -> None:
    for chunk in _chunks(data):
        view = memoryview(chunk)
        while view:
            written = os.write(fd, view)
            view = view[written:]


def atomic_write(path: str | os.PathLike[str], data: Chunks) -> Path:
    """Write `data` (text is UTF-8; an iterable of chunks is streamed) to `path`; returns what was written.

    A regular file is replaced atomically and keeps its permissions; a symlink keeps pointing where it
    did and its target is replaced; a device or FIFO is written directly. Any failure raises ExportError
    with a message a person can act on, and the previous file is left as it was.
    """
    original = Path(path)
    check_target(original)
    target, st = _resolve(original)
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_direct(original, data)
        return original
    remove_stale_temps(target)
    mode = st.st_mode & 0o7777 if st is not None else _default_mode()
    try:
        fd, named = _open_temp(target, mode)
    except OSError as exc:
        raise ExportError(_message(original, _reason(exc))) from exc
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
            if st is not None:
                with contextlib.suppress(OSError):  # keep the owner of a replaced file where we may
                    os.fchown(fd, st.st_uid, st.st_gid)
            os.fchmod(fd, mode)
            if named is None:
                named = temp_path(target)
                _link_unnamed(fd, named)
        finally:
            os.close(fd)
        os.replace(named, target)
    except BaseException as exc:
        if named is not None:
            with contextlib.suppress(OSError):
                named.unlink()
        if isinstance(exc, OSError):
            raise ExportError(_message(original, _reason(exc))) from exc
        raise
    _sync_folder(target.parent)
    return target


def _open_temp(target: Path, mode: int) -> tuple[int, Path | None]:
    """An open file for the new content: unnamed (O_TMPFILE) where it can be given a name once complete,
    else hidden and named."""
    folder = target.parent
    if _unnamed_works(folder):
        try:
            return os.open(folder, _O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, mode), None
        except OSError as exc:
            if exc.errno not in _NO_TMPFILE:
                raise
    named = temp_path(target)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
    return os.open(named, flags, 0o600), named


_O_TMPFILE = getattr(os, "O_TMPFILE", 0)
_NO_TMPFILE = (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT)
_AT_FDCWD = -100
_AT_EMPTY_PATH = 0x1000
_unnamed_by_device: dict[int, bool] = {}


def _link_unnamed(fd: int, dest: Path) -> None:
    """Give an O_TMPFILE file a name: linkat(fd, "", AT_EMPTY_PATH), else through /proc/self/fd."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.linkat(fd, b"", _AT_FDCWD, os.fsencode(dest), _AT_EMPTY_PATH) == 0:
        return
    code = ctypes.get_errno()
    if code not in (errno.EPERM, errno.ENOENT, errno.EINVAL, errno.EXDEV, errno.ENOSYS):
        raise OSError(code, os.strerror(code), str(dest))
    os.link(f"/proc/self/fd/{fd}", dest, follow_symlinks=True)


def _unnamed_works(folder: Path) -> bool:
    """Whether O_TMPFILE files in this folder's file system can be named (tried once per file system)."""
    if not _O_TMPFILE or not sys.platform.startswith("linux"):
        return False
    try:
        device = os.stat(folder).st_dev
    except OSError:
        return False
    if device not in _unnamed_by_device:
        works = False
        try:
            fd = os.open(folder, _O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, 0o600)
        except OSError:
            fd = None
        if fd is not None:
            probe = folder / f".mapviewer-probe{_TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}.tmp"
            try:
                _link_unnamed(fd, probe)
                works = True
                probe.unlink()
            except OSError:
                pass
            finally:
                os.close(fd)
        _unnamed_by_device[device] = works
    return _unnamed_by_device[device]


def _write_direct(path: Path, data: Chunks) -> None:
    """Write into a device, FIFO or terminal as it is; a FIFO nobody reads is refused, not waited on."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise ExportError(
                _message(path, "it is a FIFO that nothing is reading from; start the reader first")
            ) from exc
        raise ExportError(_message(path, _reason(exc))) from exc
    try:
        os.set_blocking(fd, True)
        _write_all(fd, data)
    except OSError as exc:
        raise ExportError(_message(path, _reason(exc))) from exc
    finally:
        os.close(fd)


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every platform can open a folder, so failure is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
