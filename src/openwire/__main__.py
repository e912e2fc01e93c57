"""`python -m openwire`: the `openwire` command."""

from openwire.cli import main

raise SystemExit(main())
