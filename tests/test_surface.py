"""The sync and async surfaces are the same API: same methods, same parameters, same documentation."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import openwire
import openwire.resources
from openwire._resource import AsyncAPIResource, SyncAPIResource


def _resource_pairs() -> list[tuple[type, type]]:
    """Every sync resource class with its `Async` twin, found by walking `openwire.resources`."""
    pairs = []
    for info in pkgutil.walk_packages(openwire.resources.__path__, "openwire.resources."):
        module = importlib.import_module(info.name)
        for name, cls in vars(module).items():
            if (
                inspect.isclass(cls)
                and issubclass(cls, SyncAPIResource)
                and cls is not SyncAPIResource
                and cls.__module__ == module.__name__
            ):
                pairs.append((cls, getattr(module, f"Async{name}")))
    return pairs


_RESOURCE_PAIRS = _resource_pairs()


def test_every_resource_is_paired() -> None:
    names = {sync_cls.__name__ for sync_cls, _ in _RESOURCE_PAIRS}
    assert {"Models", "Completions", "Messages", "Images", "Embeddings", "Moderations"} <= names
    assert {"Speech", "Transcriptions", "Translations"} <= names


def _own_api_methods(cls: type, base: type) -> dict[str, object]:
    inherited = set(dir(base))
    return {
        name: member
        for name, member in inspect.getmembers(cls)
        if not name.startswith("_") and name not in inherited and inspect.isfunction(member)
    }


@pytest.mark.parametrize(("sync_cls", "async_cls"), _RESOURCE_PAIRS, ids=lambda c: c.__name__)
def test_resource_pairs_have_the_same_methods(sync_cls: type, async_cls: type) -> None:
    sync_methods = _own_api_methods(sync_cls, SyncAPIResource)
    assert sync_methods
    assert sync_methods.keys() == _own_api_methods(async_cls, AsyncAPIResource).keys()


@pytest.mark.parametrize(("sync_cls", "async_cls"), _RESOURCE_PAIRS, ids=lambda c: c.__name__)
def test_resource_methods_match_in_signature_and_docstring(sync_cls: type, async_cls: type) -> None:
    for name in sorted(_own_api_methods(sync_cls, SyncAPIResource)):
        sync_method = getattr(sync_cls, name)
        async_method = getattr(async_cls, name)
        sync_sig = inspect.signature(sync_method)
        async_sig = inspect.signature(async_method)
        assert not inspect.iscoroutinefunction(sync_method), name
        # Paginated lists are plain methods on both: the async one returns a pager you can await
        # (first page) or `async for` over (every item).
        paged = "Pager" in str(async_sig.return_annotation)
        assert inspect.iscoroutinefunction(async_method) is not paged, name
        assert list(sync_sig.parameters.values()) == list(async_sig.parameters.values()), name
        sync_return = str(sync_sig.return_annotation)
        async_return = (
            str(async_sig.return_annotation).replace("Async", "").replace("CursorPager", "CursorPage")
        )
        assert sync_return == async_return, name
        assert inspect.getdoc(sync_method), f"{sync_cls.__name__}.{name} has no docstring"
        assert inspect.getdoc(sync_method) == inspect.getdoc(async_method), name
    assert inspect.getdoc(sync_cls) == inspect.getdoc(async_cls)


@pytest.mark.parametrize(("sync_cls", "async_cls"), _RESOURCE_PAIRS, ids=lambda c: c.__name__)
def test_resource_methods_take_request_options(sync_cls: type, async_cls: type) -> None:
    for name in _own_api_methods(sync_cls, SyncAPIResource):
        variadic = [
            p
            for p in inspect.signature(getattr(sync_cls, name)).parameters.values()
            if p.kind is p.VAR_KEYWORD
        ]
        assert len(variadic) == 1, f"{sync_cls.__name__}.{name} takes its parameters as **kwargs"


def _public_methods(cls: type) -> dict[str, object]:
    return {
        name: member
        for name, member in inspect.getmembers(cls)
        if not name.startswith("_") and (inspect.isfunction(member) or isinstance(member, property))
    }


def test_base_resources_offer_the_same_views() -> None:
    assert set(_public_methods(SyncAPIResource)) == set(_public_methods(AsyncAPIResource))


def _public_attributes(cls: type) -> set[str]:
    return {name for name in dir(cls) if not name.startswith("_")}


def test_clients_expose_the_same_attributes() -> None:
    only_sync = _public_attributes(openwire.Client) - _public_attributes(openwire.AsyncClient)
    only_async = _public_attributes(openwire.AsyncClient) - _public_attributes(openwire.Client)
    assert only_sync == set()
    assert only_async == {"aclose"}  # close() exists on both (awaitable on AsyncClient)
    assert {"models", "with_options", "config", "base_url", "api_key", "timeout", "max_retries"} <= (
        _public_attributes(openwire.Client)
    )


def test_client_attribute_docstrings_match() -> None:
    for name in _public_attributes(openwire.Client) - {"close"}:
        sync_doc = inspect.getdoc(getattr(openwire.Client, name))
        async_doc = inspect.getdoc(getattr(openwire.AsyncClient, name))
        assert sync_doc == async_doc, name


def test_client_constructors_match() -> None:
    sync_sig = inspect.signature(openwire.Client.__init__)
    async_sig = inspect.signature(openwire.AsyncClient.__init__)
    assert list(sync_sig.parameters) == list(async_sig.parameters)
    assert "http_client" in sync_sig.parameters


def test_context_managers() -> None:
    assert hasattr(openwire.Client, "__enter__")
    assert hasattr(openwire.Client, "__exit__")
    assert hasattr(openwire.AsyncClient, "__aenter__")
    assert hasattr(openwire.AsyncClient, "__aexit__")
    assert inspect.iscoroutinefunction(openwire.AsyncClient.close)
    assert inspect.iscoroutinefunction(openwire.AsyncClient.aclose)
    assert not inspect.iscoroutinefunction(openwire.Client.close)
