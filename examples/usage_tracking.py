"""Total the tokens of a mix of calls, per model, and what they cost at your prices.

python examples/usage_tracking.py
"""

from __future__ import annotations

from _local import client

import openwire
from openwire.types.chat import ChatCompletionMessageParam

# Per million tokens. Put your provider's current prices here: openwire ships none.
PRICES = {
    "gpt-4o-mini": openwire.TokenPrice(input=0.15, cached_input=0.075, output=0.60),
    "text-embedding-3-small": openwire.TokenPrice(input=0.02, output=0.0),
}
QUESTION: list[ChatCompletionMessageParam] = [{"role": "user", "content": "Name a river."}]

with client() as api, openwire.track_usage(prices=PRICES) as usage:
    # Every call of every client in the block is counted: plain, streamed and raw.
    api.chat.completions.create(model="gpt-4o-mini", messages=QUESTION)
    stream = api.chat.completions.create(
        model="gpt-4o-mini",
        messages=QUESTION,
        stream=True,
        stream_options={"include_usage": True},  # without it a chat stream reports no usage
    )
    for _ in stream:
        pass
    api.responses.create(model="gpt-4o-mini", input="Name a sea.")
    api.embeddings.create(model="text-embedding-3-small", input=["rivers", "seas"])
    api.chat.completions.create(model="gpt-4.1-nano", messages=QUESTION)  # a model with no price

print(usage.summary())
print()
mini = usage.by_model()["gpt-4o-mini"]
print(f"gpt-4o-mini: {mini.calls} calls, {mini.total_tokens} tokens, cost {mini.cost:.6f}")
print(f"priced total: {usage.cost:.6f} (no price for: {', '.join(usage.unpriced)})")

# Or count one client's calls only, with a tracker of its own.
tracker = openwire.UsageTracker()
with client() as api:
    counted = api.with_options(middleware=[tracker])
    counted.chat.completions.create(model="gpt-4o-mini", messages=QUESTION)
print(f"\none client: {tracker!r}")
