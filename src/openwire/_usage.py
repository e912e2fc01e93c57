"""Usage accounting: the tokens of every call, totalled per model, and their cost at your prices.

```python
prices = {"gpt-4o-mini": openwire.TokenPrice(input=0.15, cached_input=0.075, output=0.60)}
with openwire.track_usage(prices=prices) as usage:
    client.chat.completions.create(model="gpt-4o-mini", messages=[...])
print(usage.summary())
```
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, NamedTuple

import httpx

from ._middleware import CallInfo, Middleware, middleware_in_context
from ._response import _ResponseInfo

__all__ = [
    "BILLED_CALLS",
    "ModelUsage",
    "TokenPrice",
    "Tokens",
    "UsageTracker",
    "answer_of",
    "field_of",
    "read_usage",
    "track_usage",
]

BILLED_CALLS = frozenset(
    {
        "chat.completions.create",
        "responses.create",
        "responses.compact",
        "embeddings.create",
        "images.generate",
        "images.edit",
        "audio.transcriptions.create",
    }
)
"""The calls whose answer reports the tokens they used. Others (`responses.retrieve` included, which
repeats the usage of a response already counted when it was created) are not counted."""


class Tokens(NamedTuple):
    """The token counts of one answer."""

    input: int
    output: int
    cached: int
    reasoning: int


def field_of(value: Any, name: str) -> Any:
    """A field of a response model or of JSON (a mapping), or None."""
    if value is None:
        return None
    if type(value) is dict:
        return value.get(name)
    # A model's fields are in its __dict__ and its extra ones in __pydantic_extra__: looking there
    # spares pydantic's slow path for a missing attribute, taken for every name an answer lacks.
    fields = getattr(value, "__dict__", None)
    if fields is not None and name in fields:
        return fields[name]
    extra = getattr(value, "__pydantic_extra__", None)
    if type(extra) is dict:
        return extra.get(name)
    if isinstance(value, Mapping):
        return value.get(name)
    return getattr(value, name, None)


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def read_usage(usage: Any) -> Tokens | None:
    """The tokens an answer's `usage` reports, in the Chat Completions API's names
    (`prompt_tokens`, `completion_tokens`, their `*_details`) or the Responses API's (`input_tokens`,
    `output_tokens`); None when it reports none (a usage in seconds, say)."""
    if usage is None:
        return None
    input_tokens = field_of(usage, "input_tokens")
    if input_tokens is None:
        input_tokens = field_of(usage, "prompt_tokens")
    output_tokens = field_of(usage, "output_tokens")
    if output_tokens is None:
        output_tokens = field_of(usage, "completion_tokens")
    if not isinstance(input_tokens, int) and not isinstance(output_tokens, int):
        return None
    input_details = field_of(usage, "input_tokens_details") or field_of(usage, "prompt_tokens_details")
    output_details = field_of(usage, "output_tokens_details") or field_of(usage, "completion_tokens_details")
    return Tokens(
        _count(input_tokens),
        _count(output_tokens),
        _count(field_of(input_details, "cached_tokens")),
        _count(field_of(output_details, "reasoning_tokens")),
    )


_BODY = "openwire.json_body"


def answer_of(call: CallInfo, result: Any) -> Any:
    """What a finished call's answer can be read from: its result, or for a raw view (an
    `APIResponse`) the JSON body of its response, parsed once per call and only when it is JSON and
    already read; None when there is nothing to read."""
    if not isinstance(result, _ResponseInfo):
        return result
    if _BODY in call.state:
        return call.state[_BODY]
    body = None
    response = call.response
    if response is not None and "json" in response.headers.get("content-type", ""):
        try:
            body = json.loads(response.content)
        except (httpx.ResponseNotRead, ValueError):  # a streaming view not read yet; not JSON after all
            body = None
    call.state[_BODY] = body if isinstance(body, dict) else None
    return call.state[_BODY]


@dataclass(frozen=True)
class TokenPrice:
    """What a model's tokens cost, in your currency per million tokens.

    Cached input tokens cost `cached_input` (the input price when not given: an upper bound);
    reasoning tokens are output tokens and cost the output price.

    ```python
    openwire.TokenPrice(input=0.15, cached_input=0.075, output=0.60)
    ```
    """

    input: float
    """The price of a million input tokens (those not read from the cache)."""
    output: float
    """The price of a million output tokens (reasoning tokens included)."""
    cached_input: float | None = None
    """The price of a million input tokens read from the provider's cache."""

    def __post_init__(self) -> None:
        for name in ("input", "output", "cached_input"):
            value = getattr(self, name)
            if value is None and name == "cached_input":
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise TypeError(f"TokenPrice {name} must be a number (per million tokens), not {value!r}")
            if value < 0:
                raise ValueError(f"TokenPrice {name} must be 0 or more, not {value!r}")

    def cost(self, input_tokens: int, output_tokens: int, cached_tokens: int = 0) -> float:
        """The cost of these tokens (`cached_tokens` being the part of `input_tokens` read from
        the cache)."""
        cached = min(cached_tokens, input_tokens)
        cached_price = self.input if self.cached_input is None else self.cached_input
        return (
            (input_tokens - cached) * self.input + cached * cached_price + output_tokens * self.output
        ) / 1_000_000


@dataclass(frozen=True)
class ModelUsage:
    """The tokens counted for one model (or, as `UsageTracker.total`, for all of them)."""

    model: str
    """The model that answered (the one asked for, when the answer does not say)."""
    calls: int = 0
    """The calls counted."""
    input_tokens: int = 0
    """Input (prompt) tokens, the cached ones included."""
    output_tokens: int = 0
    """Output (completion) tokens, the reasoning ones included."""
    cached_tokens: int = 0
    """Input tokens read from the provider's cache."""
    reasoning_tokens: int = 0
    """Output tokens spent on reasoning."""
    unreported_calls: int = 0
    """Calls whose answer reported no usage (a chat stream without
    `stream_options={"include_usage": True}`, a raw streaming view): their tokens are not counted."""
    cost: float | None = None
    """The cost at your prices; None when no price applies (for the total: the priced models only)."""

    @property
    def total_tokens(self) -> int:
        """Input and output tokens."""
        return self.input_tokens + self.output_tokens


class _Tally:
    __slots__ = ("cached", "calls", "input", "output", "reasoning", "unreported")

    def __init__(self) -> None:
        self.calls = self.input = self.output = self.cached = self.reasoning = self.unreported = 0


_SNAPSHOT = re.compile(r"(.+)-(?:\d{4}-\d{2}-\d{2}|\d{4})")  # gpt-4o-2024-08-06, gpt-4-0613


class UsageTracker(Middleware):
    """Middleware that totals the tokens of every call it sees, per model, and prices them.

    Give it to a client (`Client(middleware=[tracker])`), or use `openwire.track_usage()` to count
    every client's calls in a block. Streams are counted from their usage chunk when they end (ask a
    chat stream for one with `stream_options={"include_usage": True}`). Safe to share between
    threads and tasks.

    Args:
        prices: what each model's tokens cost, per million, as `TokenPrice`s or mappings with the
            keys `input`, `output` and optionally `cached_input`. A dated snapshot
            (`gpt-4o-2024-08-06`) takes its model's price when it has none of its own. A model with
            no price is listed by `unpriced`, never counted as free.
    """

    def __init__(self, prices: Mapping[str, TokenPrice | Mapping[str, float]] | None = None) -> None:
        self._prices = _price_table(prices)
        self._key = f"openwire.usage.{id(self)}"
        self._lock = threading.Lock()
        self._tallies: dict[str, _Tally] = {}

    @property
    def prices(self) -> Mapping[str, TokenPrice] | None:
        """The price table (None when none was given)."""
        return None if self._prices is None else MappingProxyType(self._prices)

    # -- the middleware -------------------------------------------------------------------------

    def on_event(self, event: Any, call: CallInfo) -> None:
        """Keep a stream's usage: the last chat chunk's, or the Responses API's final event's."""
        if call.path == "/responses":
            if getattr(event, "type", None) not in _FINAL_EVENTS:
                return
            response = event.response
            usage, model = getattr(response, "usage", None), getattr(response, "model", None)
        else:
            usage = getattr(event, "usage", None)
            if usage is None:
                return
            model = getattr(event, "model", None)
        if usage is not None:
            call.state[self._key] = (model, usage)

    def on_end(self, call: CallInfo, result: Any, error: BaseException | None) -> None:
        """Count a finished call."""
        if call.name not in BILLED_CALLS:
            return
        streamed = call.state.pop(self._key, None)
        if streamed is not None:  # even a stream that failed after its usage chunk was paid for
            model, usage = streamed
        elif error is not None:
            return
        else:
            answer = answer_of(call, result)
            model, usage = field_of(answer, "model"), field_of(answer, "usage")
        if not model:
            model = call.params.get("model")
        self._add(str(model) if model else "unknown", read_usage(usage))

    # -- the totals ---------------------------------------------------------------------------

    def _add(self, model: str, tokens: Tokens | None) -> None:
        with self._lock:
            tally = self._tallies.get(model)
            if tally is None:
                tally = self._tallies[model] = _Tally()
            tally.calls += 1
            if tokens is None:
                tally.unreported += 1
            else:
                tally.input += tokens.input
                tally.output += tokens.output
                tally.cached += tokens.cached
                tally.reasoning += tokens.reasoning

    def by_model(self) -> dict[str, ModelUsage]:
        """The totals of each model so far, most tokens first."""
        with self._lock:
            rows = [
                (model, t.calls, Tokens(t.input, t.output, t.cached, t.reasoning), t.unreported)
                for model, t in self._tallies.items()
            ]
        usages = [
            ModelUsage(
                model, calls, t.input, t.output, t.cached, t.reasoning, unreported, self._cost(model, t)
            )
            for model, calls, t, unreported in rows
        ]
        usages.sort(key=lambda u: (-u.total_tokens, u.model))
        return {u.model: u for u in usages}

    @property
    def total(self) -> ModelUsage:
        """The totals of all models together (`cost`: of the models that have a price)."""
        return _sum(self.by_model().values(), priced=self._prices is not None)

    @property
    def cost(self) -> float | None:
        """The cost so far of the models that have a price; None without a price table."""
        return self.total.cost

    @property
    def unpriced(self) -> tuple[str, ...]:
        """The models counted that have no price (when a price table was given): their cost is not
        in `cost`."""
        if self._prices is None:
            return ()
        return tuple(u.model for u in self.by_model().values() if u.cost is None)

    def reset(self) -> None:
        """Forget the totals so far."""
        with self._lock:
            self._tallies.clear()

    def summary(self) -> str:
        """The totals as a table, one row per model and a total."""
        models = list(self.by_model().values())
        total = _sum(models, priced=self._prices is not None)
        headers = ["model", "calls", "input", "cached", "output", "reasoning"]
        priced = self._prices is not None
        if priced:
            headers.append("cost")
        lines = [headers]
        for usage in [*models, total]:
            row = [
                usage.model, str(usage.calls), f"{usage.input_tokens:,}", f"{usage.cached_tokens:,}",
                f"{usage.output_tokens:,}", f"{usage.reasoning_tokens:,}",
            ]  # fmt: skip
            if priced:
                row.append("no price" if usage.cost is None else f"{usage.cost:,.6f}")
            lines.append(row)
        widths = [max(len(line[i]) for line in lines) for i in range(len(headers))]
        text = [
            "  ".join(
                [line[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(line[1:], widths[1:], strict=True))]
            )
            for line in lines
        ]
        unpriced = [u.model for u in models if priced and u.cost is None]
        if unpriced:
            text.append(f"no price for {', '.join(unpriced)}: the total cost leaves them out")
        if total.unreported_calls:
            text.append(
                f"{total.unreported_calls} call(s) reported no usage (a chat stream reports it only with "
                'stream_options={"include_usage": True})'
            )
        return "\n".join(text)

    def _cost(self, model: str, tokens: Tokens) -> float | None:
        prices = self._prices
        if prices is None:
            return None
        price = prices.get(model)
        if price is None:
            snapshot = _SNAPSHOT.fullmatch(model)
            price = prices.get(snapshot.group(1)) if snapshot else None
        return None if price is None else price.cost(tokens.input, tokens.output, tokens.cached)

    def __repr__(self) -> str:
        total = self.total
        cost = "" if total.cost is None else f" cost={total.cost:.6f}"
        return (
            f"<UsageTracker calls={total.calls} input_tokens={total.input_tokens} "
            f"output_tokens={total.output_tokens}{cost}>"
        )


_FINAL_EVENTS = frozenset({"response.completed", "response.incomplete", "response.failed"})


def _sum(usages: Any, *, priced: bool) -> ModelUsage:
    usages = list(usages)
    costs = [u.cost for u in usages if u.cost is not None]
    return ModelUsage(
        model="total",
        calls=sum(u.calls for u in usages),
        input_tokens=sum(u.input_tokens for u in usages),
        output_tokens=sum(u.output_tokens for u in usages),
        cached_tokens=sum(u.cached_tokens for u in usages),
        reasoning_tokens=sum(u.reasoning_tokens for u in usages),
        unreported_calls=sum(u.unreported_calls for u in usages),
        cost=sum(costs) if priced else None,
    )


def _price_table(
    prices: Mapping[str, TokenPrice | Mapping[str, float]] | None,
) -> dict[str, TokenPrice] | None:
    if prices is None:
        return None
    if not isinstance(prices, Mapping):
        raise TypeError(
            f"prices must map model names to TokenPrice, not {type(prices).__name__}: for example "
            '{"gpt-4o-mini": openwire.TokenPrice(input=0.15, output=0.60)}'
        )
    table: dict[str, TokenPrice] = {}
    for model, price in prices.items():
        if isinstance(price, TokenPrice):
            table[model] = price
        elif isinstance(price, Mapping):
            unknown = set(price) - {"input", "output", "cached_input"}
            missing = {"input", "output"} - set(price)
            if unknown or missing:
                problem = f"unknown key(s) {sorted(unknown)}" if unknown else f"missing {sorted(missing)}"
                raise ValueError(
                    f"the price of {model!r} has {problem}: give input, output and optionally "
                    "cached_input, each per million tokens"
                )
            table[model] = TokenPrice(**price)
        else:
            raise TypeError(
                f"the price of {model!r} must be a TokenPrice or a mapping with input and output, "
                f"not {type(price).__name__}"
            )
    return table


@contextmanager
def track_usage(
    prices: Mapping[str, TokenPrice | Mapping[str, float]] | None = None,
) -> Iterator[UsageTracker]:
    """Count the usage of every call any client makes in this block (in this thread or task, and
    the tasks it starts), streams included when they end, even after the block.

    ```python
    with openwire.track_usage(prices={"gpt-4o-mini": {"input": 0.15, "output": 0.60}}) as usage:
        client.chat.completions.create(model="gpt-4o-mini", messages=[...])
    print(usage.total.input_tokens, usage.cost)
    ```

    A thread pool's threads do not inherit the block: give its work the tracker as middleware
    (`client.with_options(middleware=[usage])`), or run it in `contextvars.copy_context()`.
    """
    tracker = UsageTracker(prices)
    with middleware_in_context(tracker):
        yield tracker
