"""The sync and async surfaces are the same API: same methods, same parameters, same documentation;
and the raw-response views offer exactly the methods of their resource, as their Protocols say."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import typing
from functools import cached_property

import pytest

import openwire
import openwire.resources
from openwire._resource import AsyncAPIResource, SyncAPIResource


def _resource_pairs() -> list[tuple[type, type]]:
    """Every sync resource class with its `Async` twin, found by walking `openwire.resources`."""
    pairs = []
    for info in pkgutil.walk_packages(openwire.resources.__path__, "openwire.resources."):
        if "._views" in info.name:
            continue
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
    assert {"Speech", "Transcriptions", "Translations", "Chat", "Audio"} <= names
    assert {"Responses", "InputItems", "InputTokens", "Conversations", "Items"} <= names


def _own_api_methods(cls: type, base: type) -> dict[str, object]:
    inherited = set(dir(base))
    return {
        name: member
        for name, member in inspect.getmembers(cls)
        if not name.startswith("_") and name not in inherited and inspect.isfunction(member)
    }


def _is_helper(method: object) -> bool:
    return bool(getattr(method, "__openwire_helper__", False))


def _sub_resources(cls: type) -> dict[str, cached_property[object]]:
    return {
        name: member
        for name, member in vars(cls).items()
        if not name.startswith("_") and isinstance(member, cached_property)
    }


@pytest.mark.parametrize(("sync_cls", "async_cls"), _RESOURCE_PAIRS, ids=lambda c: c.__name__)
def test_resource_pairs_have_the_same_methods_and_sub_resources(sync_cls: type, async_cls: type) -> None:
    sync_methods = _own_api_methods(sync_cls, SyncAPIResource)
    assert sync_methods or _sub_resources(sync_cls)  # a resource, or a namespace of resources
    assert sync_methods.keys() == _own_api_methods(async_cls, AsyncAPIResource).keys()
    assert _sub_resources(sync_cls).keys() == _sub_resources(async_cls).keys()
    for name, prop in _sub_resources(sync_cls).items():
        assert inspect.getdoc(prop) == inspect.getdoc(_sub_resources(async_cls)[name]), name


@pytest.mark.parametrize(("sync_cls", "async_cls"), _RESOURCE_PAIRS, ids=lambda c: c.__name__)
def test_resource_methods_match_in_signature_and_docstring(sync_cls: type, async_cls: type) -> None:
    for name in sorted(_own_api_methods(sync_cls, SyncAPIResource)):
        sync_method = getattr(sync_cls, name)
        async_method = getattr(async_cls, name)
        sync_sig = inspect.signature(sync_method)
        async_sig = inspect.signature(async_method)
        assert not inspect.iscoroutinefunction(sync_method), name
        # List methods are plain methods on both: the async one returns a pager you can await
        # (first page) or `async for` over (every item); so are the stream helpers
        # (`responses.stream`), which return an async context manager, and the tool runners
        # (`run_tools`), which return a runner to iterate or await. Other helpers (`parse`) are
        # awaited like any call.
        returns = str(async_sig.return_annotation)
        plain = "Pager" in returns or (
            _is_helper(async_method) and ("Stream" in returns or "Runner" in returns)
        )
        assert inspect.iscoroutinefunction(async_method) is not plain, name
        assert _is_helper(sync_method) == _is_helper(async_method), name
        assert list(sync_sig.parameters.values()) == list(async_sig.parameters.values()), name
        sync_return = str(sync_sig.return_annotation)
        async_return = str(async_sig.return_annotation).replace("Async", "").replace("Pager", "Page")
        assert sync_return == async_return, name
        assert inspect.getdoc(sync_method), f"{sync_cls.__name__}.{name} has no docstring"
        assert inspect.getdoc(sync_method) == inspect.getdoc(async_method), name
    assert inspect.getdoc(sync_cls) == inspect.getdoc(async_cls)


def test_every_list_method_of_the_async_client_is_a_pager() -> None:
    for _, async_cls in _RESOURCE_PAIRS:
        for name, method in _own_api_methods(async_cls, AsyncAPIResource).items():
            if name == "list":
                assert "Pager[" in str(inspect.signature(method).return_annotation), async_cls.__name__


@pytest.mark.parametrize(("sync_cls", "async_cls"), _RESOURCE_PAIRS, ids=lambda c: c.__name__)
def test_resource_methods_take_request_options(sync_cls: type, async_cls: type) -> None:
    for name in _own_api_methods(sync_cls, SyncAPIResource):
        variadic = [
            p
            for p in inspect.signature(getattr(sync_cls, name)).parameters.values()
            if p.kind is p.VAR_KEYWORD
        ]
        assert len(variadic) == 1, f"{sync_cls.__name__}.{name} takes its parameters as **kwargs"


# --- the views ---------------------------------------------------------------------------------


def _protocol(cls: type, suffix: str) -> type:
    module = importlib.import_module(
        cls.__module__.replace("openwire.resources", "openwire.resources._views")
    )
    protocol: type = getattr(module, cls.__name__ + suffix)
    return protocol


def _protocol_members(protocol: type) -> set[str]:
    return {name for name in vars(protocol) if not name.startswith("_")} - {"model_config"}


_ALL_RESOURCES = [cls for pair in _RESOURCE_PAIRS for cls in pair]


@pytest.mark.parametrize("cls", _ALL_RESOURCES, ids=lambda c: c.__name__)
@pytest.mark.parametrize("suffix", ["WithRawResponse", "WithStreamingResponse"])
def test_each_view_protocol_has_the_resources_members(cls: type, suffix: str) -> None:
    base = AsyncAPIResource if issubclass(cls, AsyncAPIResource) else SyncAPIResource
    protocol = _protocol(cls, suffix)
    methods = {name for name, method in _own_api_methods(cls, base).items() if not _is_helper(method)}
    expected = methods | set(_sub_resources(cls))
    assert _protocol_members(protocol) == expected
    # the resource names this Protocol as what the view gives
    origin = next(b for b in cls.__orig_bases__ if typing.get_origin(b) is base)  # type: ignore[attr-defined]
    raw, streaming = (arg.__forward_arg__ for arg in typing.get_args(origin))
    assert (raw, streaming) == (cls.__name__ + "WithRawResponse", cls.__name__ + "WithStreamingResponse")


@pytest.mark.parametrize(("sync_cls", "async_cls"), _RESOURCE_PAIRS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("suffix", ["WithRawResponse", "WithStreamingResponse"])
def test_sync_and_async_views_have_the_same_members(sync_cls: type, async_cls: type, suffix: str) -> None:
    assert _protocol_members(_protocol(sync_cls, suffix)) == _protocol_members(_protocol(async_cls, suffix))


def test_views_at_run_time_offer_what_their_protocols_declare() -> None:
    for client in (openwire.Client(api_key="sk-x"), openwire.AsyncClient(api_key="sk-x")):
        for path in (
            "chat",
            "chat.completions",
            "chat.completions.messages",
            "audio",
            "audio.speech",
            "models",
        ):
            resource: object = client
            for part in path.split("."):
                resource = getattr(resource, part)
            for view, suffix in (
                ("with_raw_response", "WithRawResponse"),
                ("with_streaming_response", "WithStreamingResponse"),
            ):
                shown = set(dir(getattr(resource, view)))
                assert shown == _protocol_members(_protocol(type(resource), suffix)), (path, view)


def test_the_generated_views_are_up_to_date() -> None:
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / "views.py"
    done = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


# --- the clients -------------------------------------------------------------------------------


def _public_methods(cls: type) -> dict[str, object]:
    return {
        name: member
        for name, member in inspect.getmembers(cls)
        if not name.startswith("_") and (inspect.isfunction(member) or isinstance(member, property))
    }


def test_base_resources_offer_the_same_views() -> None:
    assert set(_public_methods(SyncAPIResource)) == set(_public_methods(AsyncAPIResource))
    assert {"with_raw_response", "with_streaming_response"} <= set(_public_methods(SyncAPIResource))


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
