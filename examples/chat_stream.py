"""Stream a chat completion as it is written, with the usage chunk at the end.

python examples/chat_stream.py
"""

from __future__ import annotations

from _local import client

with client() as api:
    stream = api.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Write one sentence about rivers."}],
        stream=True,
        stream_options={"include_usage": True},
    )
    with stream:  # the connection is released however the loop ends
        print("assistant: ", end="")
        for chunk in stream:
            for choice in chunk.choices:
                print(choice.delta.content or "", end="", flush=True)
            if chunk.usage is not None:  # the usage chunk has no choices
                print(f"\n[{chunk.usage.total_tokens} tokens, request id {stream.request_id}]")
