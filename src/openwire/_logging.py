"""The `openwire` logger, switched on from the environment with `OPENWIRE_LOG=debug|info`."""

from __future__ import annotations

import logging
import os

__all__ = ["setup_from_env"]

logger = logging.getLogger("openwire")


def setup_from_env() -> None:
    """Honour `OPENWIRE_LOG`: send the `openwire` logger's records at that level to stderr.

    Without the variable nothing is configured; records still reach your own logging set-up.
    """
    level = os.environ.get("OPENWIRE_LOG", "").strip().lower()
    if level not in ("debug", "info"):
        return
    logger.setLevel(logging.DEBUG if level == "debug" else logging.INFO)
    if not any(getattr(h, "_openwire", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("[%(asctime)s %(name)s %(levelname)s] %(message)s"))
        handler._openwire = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
