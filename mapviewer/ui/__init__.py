"""The desktop app (Qt): a thin window over the Qt-free core. Start it with `mapviewer-app`."""

from mapviewer.ui import qtcompat as _qtcompat  # noqa: F401  (fixes a PySide6 crash; see the module)
