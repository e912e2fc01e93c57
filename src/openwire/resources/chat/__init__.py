"""`client.chat`: a namespace for `completions`."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openwire._client import AsyncClient, Client

    from .completions import AsyncCompletions, Completions

__all__ = ["AsyncChat", "Chat"]


class Chat:
    """`client.chat`: the chat completions API lives at `client.chat.completions`."""

    def __init__(self, client: Client) -> None:
        self._client = client

    @cached_property
    def completions(self) -> Completions:
        """Create chat completions (streamed or not), and manage stored ones."""
        from .completions import Completions

        return Completions(self._client)


class AsyncChat:
    """`client.chat` on `AsyncClient`: the chat completions API lives at `client.chat.completions`."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    @cached_property
    def completions(self) -> AsyncCompletions:
        """Create chat completions (streamed or not), and manage stored ones."""
        from .completions import AsyncCompletions

        return AsyncCompletions(self._client)
