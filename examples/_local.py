"""Where the examples send their requests: to `OPENAI_BASE_URL` when it is set (with
`OPENAI_API_KEY` if the server needs one), otherwise to openwire's built-in local server, in
process, so that every example runs on a machine with no account and no network."""

from __future__ import annotations

import os

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
