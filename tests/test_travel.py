"""Clients that travel: pickled into their settings (never a pool), and a fresh pool in a forked child."""

from __future__ import annotations

import os
import pickle
import sys
from typing import Any

import httpx
import pytest

import openwire
from openwire.testing import LocalServer


@pytest.mark.parametrize("cls", [openwire.Client, openwire.AsyncClient])
def test_a_client_pickles_into_its_settings_and_opens_its_own_pool(cls: Any) -> None:
    client = cls(
        api_key="sk-travel",
        base_url="https://example.test/v1?api-version=3",
        timeout=7.0,
        max_retries=4,
        deadline=30.0,
        default_headers={"X-Team": "ml"},
        organization="org-1",
    )
    copy = pickle.loads(pickle.dumps(client))
    assert type(copy) is cls
    assert copy.config == client.config
    assert copy.config.default_query == {"api-version": "3"}
    assert copy._http is not client._http
    assert copy._owns_http


def test_an_unpickled_client_works() -> None:
    server = LocalServer()
    with server.serve(port=0) as live:
        client = openwire.Client(base_url=live.base_url, max_retries=0)
        copy = pickle.loads(pickle.dumps(client))
        assert [m.id for m in copy.models.list()] == [m.id for m in client.models.list()]
        copy.close()
        client.close()


def test_a_client_given_its_own_http_client_travels_without_it() -> None:
    mine = httpx.Client()
    client = openwire.Client(api_key="k", http_client=mine)
    copy = pickle.loads(pickle.dumps(client))
    assert copy._http is not mine
    assert copy._owns_http
    mine.close()


def test_middleware_and_fallbacks_travel_with_the_client() -> None:
    client = openwire.Client(
        api_key="k",
        middleware=[_Named()],
        fallbacks=[openwire.Fallback(base_url="https://backup.test/v1", api_key="k2", models={"a": "b"})],
    )
    copy = pickle.loads(pickle.dumps(client))
    assert [type(m) for m in copy.config.middleware] == [_Named]
    assert copy.config.fallbacks == client.config.fallbacks


class _Named(openwire.Middleware):
    def on_end(self, call: openwire.CallInfo, result: Any, error: BaseException | None) -> None:
        pass


def test_the_pickle_carries_the_key_and_a_factory_does_not() -> None:
    client = openwire.Client(api_key="sk-in-the-pickle")
    assert b"sk-in-the-pickle" in pickle.dumps(client)
    # What docs/bulk.md recommends for workers that read their own key: ship how to build one.
    import functools

    factory = functools.partial(openwire.Client, base_url="https://example.test/v1")
    assert b"sk-" not in pickle.dumps(factory)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork() exists on POSIX only")
def test_a_forked_child_gets_a_fresh_pool_and_the_parent_keeps_its_own() -> None:
    server = LocalServer()
    with server.serve(port=0) as live:
        client = openwire.Client(base_url=live.base_url, max_retries=0)
        client.models.list()  # the parent has a connection in its pool
        parent_pool = client._http
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: report, and never return into pytest
            try:
                fresh = client._http is not parent_pool
                ok = bool(client.models.list().data)
                os.write(write, b"fresh" if fresh and ok else b"shared")
            except BaseException as error:  # pragma: no cover - reported to the parent
                os.write(write, repr(error).encode()[:200])
            finally:
                os._exit(0)
        os.close(write)
        _, status = os.waitpid(pid, 0)
        answer = os.read(read, 256)
        os.close(read)
        assert answer == b"fresh", answer
        assert client._http is parent_pool
        assert client.models.list().data  # the parent's pool still works
        client.close()
        assert status == 0


def test_a_client_given_its_http_client_keeps_it_after_fork() -> None:
    if not hasattr(os, "fork") or sys.platform == "win32":
        pytest.skip("os.fork() exists on POSIX only")
    mine = httpx.Client()
    client = openwire.Client(api_key="k", http_client=mine)
    pid = os.fork()
    if pid == 0:
        os._exit(0 if client._http is mine else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    mine.close()
