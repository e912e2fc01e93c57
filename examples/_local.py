"""Where the examples send their requests: to `OPENAI_BASE_URL` when it is set (with
`OPENAI_API_KEY` if the server needs one), otherwise to openwire's built-in local server, in
process, so that every example runs on a machine with no account and no network.

And where they write the files they make: `output_dir()`, a folder under the system's temporary
directory (or `$OPENWIRE_EXAMPLES_DIR`), never the folder they are run from."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import openwire
from openwire.testing import LocalServer


def client() -> openwire.Client:
    """A `Client` for the configured server, or for a fresh built-in one."""
    if os.environ.get("OPENAI_BASE_URL"):
        return openwire.Client()
    return LocalServer().client()


def async_client() -> openwire.AsyncClient:
    """An `AsyncClient` for the configured server, or for a fresh built-in one."""
    if os.environ.get("OPENAI_BASE_URL"):
        return openwire.AsyncClient()
    return LocalServer().async_client()


def output_dir() -> Path:
    """The folder the examples write their files to (made if needed): `$OPENWIRE_EXAMPLES_DIR`, else
    `openwire-examples` in the system's temporary directory."""
    default = Path(tempfile.gettempdir()) / "openwire-examples"
    folder = Path(os.environ.get("OPENWIRE_EXAMPLES_DIR") or default)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
