"""Discriminators for the unions of the Responses types, read from the unions themselves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, get_args

from pydantic import Tag

from openwire._models import variant_of

__all__ = ["by_type", "tags_of"]


def tags_of(union: object) -> tuple[str, ...]:
    """The tags of the members of an `Annotated[X, Tag("x")] | ...` union, in order."""
    return tuple(
        meta.tag
        for member in get_args(union)
        for meta in getattr(member, "__metadata__", ())
        if isinstance(meta, Tag)
    )


def by_type(union: object) -> Callable[[Any], str]:
    """`variant_of` for every tag of `union` but `unknown`: each member is chosen by its `type`, and
    an object of any other `type` goes to the `UnknownVariant` member (tagged `unknown`)."""
    return variant_of(*(tag for tag in tags_of(union) if tag != "unknown"))
