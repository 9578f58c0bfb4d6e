"""The desktop app (Qt): a thin window over the Qt-free core. Start it with `mapviewer-app`."""
