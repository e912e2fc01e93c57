"""`client.chat`: a namespace for `completions`."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from openwire._resource import AsyncAPIResource, SyncAPIResource

if TYPE_CHECKING:
    from openwire.resources._views.chat import (  # noqa: F401 - named in the class bases below
        AsyncChatWithRawResponse,
        AsyncChatWithStreamingResponse,
        ChatWithRawResponse,
        ChatWithStreamingResponse,
    )

    from .completions import AsyncCompletions, Completions

__all__ = ["AsyncChat", "Chat"]


class Chat(SyncAPIResource["ChatWithRawResponse", "ChatWithStreamingResponse"]):
    """`client.chat`: the chat completions API lives at `client.chat.completions`."""

    @cached_property
    def completions(self) -> Completions:
        """Create chat completions (streamed or not), and manage stored ones."""
        from .completions import Completions

        return self._sub(Completions)


class AsyncChat(AsyncAPIResource["AsyncChatWithRawResponse", "AsyncChatWithStreamingResponse"]):
    """`client.chat`: the chat completions API lives at `client.chat.completions`."""

    @cached_property
    def completions(self) -> AsyncCompletions:
        """Create chat completions (streamed or not), and manage stored ones."""
        from .completions import AsyncCompletions

        return self._sub(AsyncCompletions)
