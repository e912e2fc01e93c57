"""The local server's mutable state: the script a test wrote, what it stored, what it received.

One lock guards it all, since a live server answers on its own thread while the test scripts it.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ._faults import Fault
from ._files import Bulk
from ._ratelimit import RateLimit
from ._text import digest, new_id
from ._wire import ApiError, RecordedRequest

__all__ = [
    "DEFAULT_FLAG_WORDS",
    "DEFAULT_MODELS",
    "MODERATION_CATEGORIES",
    "ModerationFailure",
    "Reply",
    "Responder",
    "State",
    "StoredCompletion",
    "StoredConversation",
    "StoredResponse",
    "ToolCall",
]

MODERATION_CATEGORIES = (
    "harassment",
    "harassment/threatening",
    "hate",
    "hate/threatening",
    "illicit",
    "illicit/violent",
    "self-harm",
    "self-harm/intent",
    "self-harm/instructions",
    "sexual",
    "sexual/minors",
    "violence",
    "violence/graphic",
)

# Words that make moderation flag a text (whole words, any case), and the category they flag.
DEFAULT_FLAG_WORDS: Mapping[str, str] = {"kill": "violence", "idiot": "harassment"}

# (id, owned_by); the `ft:` one is yours, so it is the one `DELETE /models/{id}` may remove.
DEFAULT_MODELS: tuple[tuple[str, str], ...] = (
    ("gpt-4o", "system"),
    ("gpt-4o-mini", "system"),
    ("gpt-4.1", "system"),
    ("gpt-4.1-mini", "system"),
    ("o4-mini", "system"),
    ("text-embedding-3-small", "system"),
    ("text-embedding-3-large", "system"),
    ("text-embedding-ada-002", "openai-internal"),
    ("omni-moderation-latest", "system"),
    ("text-moderation-latest", "system"),
    ("dall-e-2", "system"),
    ("dall-e-3", "system"),
    ("gpt-image-1", "system"),
    ("tts-1", "openai-internal"),
    ("tts-1-hd", "system"),
    ("gpt-4o-mini-tts", "system"),
    ("whisper-1", "openai-internal"),
    ("gpt-4o-transcribe", "system"),
    ("gpt-4o-mini-transcribe", "system"),
    ("ft:gpt-4o-mini-2024-07-18:openwire::local01", "user-openwire"),
)
_MODELS_CREATED = 1_715_367_049


@dataclass(frozen=True)
class ToolCall:
    """A tool call for a scripted reply: `ToolCall("get_weather", {"city": "Paris"})`.

    `arguments` is a dict (sent as JSON) or a string sent as it is (to test a client's handling of
    invalid JSON arguments). `id` defaults to a deterministic `call_...` id.
    """

    name: str
    arguments: Mapping[str, Any] | str = field(default_factory=dict)
    id: str | None = None


@dataclass(frozen=True)
class Reply:
    """A scripted reply: text, tool calls, or a refusal (for chat completions and responses alike).

    `finish_reason` defaults to `"tool_calls"` when there are tool calls and `"stop"` otherwise
    (a response ends `incomplete` when it is `"length"` or `"content_filter"`). A reply that gives
    only `finish_reason="length"` or `"content_filter"` gets the default answer cut about in half
    (JSON for the schema left unclosed, say). A plain string given to `LocalServer.reply()` stands
    for `Reply(content=...)`.
    """

    content: str | None = None
    tool_calls: Sequence[ToolCall] = ()
    refusal: str | None = None
    finish_reason: str | None = None


Responder = Callable[[dict[str, Any]], "str | Reply"]
"""A function of a chat completion's or a response's JSON request body that returns the reply (a
string or a `Reply`)."""


@dataclass
class ModerationFailure:
    """A scripted moderation `error` branch for moderated chat completions and responses."""

    side: Literal["input", "output", "both"]
    code: str
    message: str
    times: int | None

    def covers(self, side: str) -> bool:
        """Whether it fails this side (`"input"` or `"output"`)."""
        return self.side in (side, "both")

    def error(self) -> dict[str, Any]:
        """The error branch of a moderation side."""
        return {"type": "error", "code": self.code, "message": self.message}


@dataclass
class StoredCompletion:
    """A chat completion kept by `store: true`, with the messages that asked for it."""

    completion: dict[str, Any]
    messages: list[dict[str, Any]]
    metadata: dict[str, str]
    order: int


@dataclass
class StoredResponse:
    """A response kept by `store: true` (the default for the Responses API).

    The whole answer is worked out when it is created: `response` is how it ends and `events` the
    stream that tells it. A background response only shows that end once it has got there:
    `status` is where it is now, and `polls_left` how many more retrieves see it in progress
    (None: until `LocalServer.finish_background()`).
    """

    response: dict[str, Any]
    events: list[dict[str, Any]]
    input_items: list[dict[str, Any]]
    history: list[dict[str, Any]]
    """The items it continued from (a previous response's, or its conversation's)."""
    status: str
    background: bool = False
    polls_left: int | None = 0
    conversation_id: str | None = None


@dataclass
class StoredConversation:
    """A conversation: the object the API shows and its items, oldest first."""

    conversation: dict[str, Any]
    items: list[dict[str, Any]]


class State:
    """Everything a `LocalServer` remembers between requests."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        models: Sequence[str] | None = None,
        strict_models: bool = False,
        flag_words: Mapping[str, str] | None = None,
    ) -> None:
        self.lock = threading.RLock()
        self.api_key = api_key
        self.tokens: set[str] = set()
        """Bearer tokens accepted besides the key (Entra ID tokens, for Azure clients)."""
        self.strict_models = strict_models
        self._initial_models = tuple(models) if models is not None else None
        self._initial_flag_words = dict(DEFAULT_FLAG_WORDS if flag_words is None else flag_words)
        for category in self._initial_flag_words.values():
            check_category(category)
        self.rate_limit = RateLimit()
        self.reset()

    def reset(self) -> None:
        """Forget the script, the faults, the stored objects and the recorded requests."""
        with self.lock:
            self.replies: deque[str | Reply | Responder] = deque()
            self.responder: Responder | None = None
            self.transcripts: deque[str] = deque()
            self.flag_words: dict[str, str] = dict(self._initial_flag_words)
            self.moderation_failures: list[ModerationFailure] = []
            self.faults: list[Fault] = []
            self.requests: list[RecordedRequest] = []
            self.completions: OrderedDict[str, StoredCompletion] = OrderedDict()
            self.responses: OrderedDict[str, StoredResponse] = OrderedDict()
            self.conversations: OrderedDict[str, StoredConversation] = OrderedDict()
            self.background_polls: int | None = 1
            self.files: OrderedDict[str, tuple[bytes, str]] = OrderedDict()
            self.bulk = Bulk()  # files, uploads and batches (`_files.py`, `_batches.py`)
            self.counter = 0
            self.models = self._make_models()
            self.rate_limit.restart()

    def _make_models(self) -> OrderedDict[str, dict[str, Any]]:
        if self._initial_models is not None:
            pairs = [(m, "user-openwire" if m.startswith("ft:") else "system") for m in self._initial_models]
        else:
            pairs = list(DEFAULT_MODELS)
        return OrderedDict(
            (mid, {"id": mid, "object": "model", "created": _MODELS_CREATED, "owned_by": owner})
            for mid, owner in pairs
        )

    def next_id(self, prefix: str, length: int = 24) -> str:
        """A fresh id, deterministic for a given sequence of requests."""
        with self.lock:
            self.counter += 1
            return new_id(prefix, self.counter, length=length)

    def next_hex_id(self, prefix: str, length: int = 48) -> str:
        """A fresh id in hex, as the Responses API writes its ids (`resp_67ccd2bed1ec...`)."""
        with self.lock:
            self.counter += 1
            return prefix + digest(prefix, self.counter).hex()[:length]

    def now(self) -> int:
        """The `created` timestamp for new objects."""
        return int(time.time())

    def check_model(self, model: str) -> None:
        """With `strict_models`, refuse a model the server does not list, as the API does."""
        if self.strict_models and model not in self.models:
            raise ApiError(
                404,
                f"The model `{model}` does not exist or you do not have access to it.",
                param="model",
                code="model_not_found",
            )

    def next_reply(self, body: dict[str, Any]) -> Reply | None:
        """The scripted reply for this chat completion or response request, or None for the
        default behaviour."""
        with self.lock:
            source: str | Reply | Responder | None = (
                self.replies.popleft() if self.replies else self.responder
            )
        if source is None:
            return None
        if callable(source) and not isinstance(source, Reply):
            source = source(body)
        return Reply(content=source) if isinstance(source, str) else source

    def next_transcript(self) -> str | None:
        """The scripted transcript for the next transcription or translation, if any."""
        with self.lock:
            return self.transcripts.popleft() if self.transcripts else None

    def take_moderation_failure(self) -> ModerationFailure | None:
        """The scripted moderation error for the next moderated completion or response, if any
        (used up)."""
        with self.lock:
            if not self.moderation_failures:
                return None
            failure = self.moderation_failures[0]
            if failure.times is not None:
                failure.times -= 1
                if failure.times <= 0:
                    self.moderation_failures.pop(0)
            return failure

    def keep_file(self, name: str, data: bytes, content_type: str) -> None:
        """Keep a generated file to serve at `/files-served/{name}` (the most recent 64 are kept)."""
        with self.lock:
            self.files[name] = (data, content_type)
            while len(self.files) > 64:
                self.files.popitem(last=False)


def check_category(category: str) -> None:
    """Refuse a moderation category the API does not have."""
    if category not in MODERATION_CATEGORIES:
        known = ", ".join(MODERATION_CATEGORIES)
        raise ValueError(f"unknown moderation category {category!r}; the categories are: {known}")
