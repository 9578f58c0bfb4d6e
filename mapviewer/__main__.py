"""`python -m mapviewer`: the same command as the `mapviewer` script."""

from mapviewer.cli import main

raise SystemExit(main())
