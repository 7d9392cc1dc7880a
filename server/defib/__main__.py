"""`python -m defib` is the `defib` command."""

from defib.cli.main import main

raise SystemExit(main())
