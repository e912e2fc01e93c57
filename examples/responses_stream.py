"""Stream a response as it is written: the `responses.stream(...)` helper (`text_stream`,
`get_final_response()`), the raw typed events of `responses.create(..., stream=True)`, and the same
with `AsyncClient`.

python examples/responses_stream.py
"""

from __future__ import annotations

import asyncio
from collections import Counter

from _local import async_client, client

from openwire.types.responses import (
    ResponseCompletedEvent,
    ResponseFunctionCallArgumentsDoneEvent,
    ResponseOutputItemAddedEvent,
    ResponseTextDeltaEvent,
)

with client() as api:
    # The helper: a context manager that releases the connection when the block ends.
    with api.responses.stream(model="gpt-4o-mini", input="Write one sentence about rivers.") as stream:
        print("assistant: ", end="")
        for text in stream.text_stream:  # only the text, as it is written
            print(text, end="", flush=True)
        print()
        response = stream.get_final_response()  # the finished Response, as create() would give it
    tokens = response.usage.total_tokens if response.usage else "?"
    print(f"[{response.status}, {tokens} tokens, {response.id}]")

    # Iterating the helper gives every typed event; get_final_response() then reads what is left.
    with api.responses.stream(
        model="gpt-4o-mini",
        input="What is the weather in Oslo?",
        tools=[
            {
                "type": "function",
                "name": "get_weather",
                "parameters": {
                    "type": "object",
                    "properties": {"city": {"type": "string"}},
                    "required": ["city"],
                    "additionalProperties": False,  # what strict function tools (the default) need
                },
            }
        ],
    ) as stream:
        for event in stream:
            if isinstance(event, ResponseFunctionCallArgumentsDoneEvent):
                print(f"tool call: {event.name}({event.arguments})")
        print("output items:", [item.type for item in stream.get_final_response().output])

    # The raw events: create(stream=True) returns a Stream of ResponseStreamEvent, told apart with
    # isinstance (or by .type).
    events = api.responses.create(model="gpt-4o-mini", input="Count to three.", stream=True)
    seen: Counter[str] = Counter()
    with events:
        for event in events:
            seen[event.type or "?"] += 1
            if isinstance(event, ResponseOutputItemAddedEvent):
                print(f"item {event.output_index} started: {event.item.type}")
            elif isinstance(event, ResponseTextDeltaEvent):
                print(f"  delta {event.delta!r}")
            elif isinstance(event, ResponseCompletedEvent):
                print(f"completed: {event.response.output_text!r} (event {event.sequence_number})")
    print("events by type:", dict(seen))


async def main() -> None:
    """The same helper with `AsyncClient`: `async with`, `async for`, awaited `get_final_response()`."""
    async with async_client() as api:
        async with api.responses.stream(model="gpt-4o-mini", input="Name three planets.") as stream:
            print("async assistant: ", end="")
            async for text in stream.text_stream:
                print(text, end="", flush=True)
            print()
            response = await stream.get_final_response()
        print(f"[async: {response.status}, output items: {[item.type for item in response.output]}]")

        events = await api.responses.create(model="gpt-4o-mini", input="Say hi.", stream=True)
        async with events:
            deltas = [event.delta async for event in events if isinstance(event, ResponseTextDeltaEvent)]
        print("async raw deltas:", deltas)


asyncio.run(main())
