"""Structured outputs: a pydantic model as the answer's type with `chat.completions.parse` and
`responses.parse`, a refusal, an answer cut short, the JSON parsed while it streams, and
`openwire.accumulate` on a plain stream.

python examples/structured_outputs.py
"""

from __future__ import annotations

from typing import Literal

from _local import client
from pydantic import BaseModel

import openwire
from openwire.types.chat import ChatCompletionMessageParam


class Step(BaseModel):
    explanation: str
    output: str


class Solution(BaseModel):
    """A worked answer to a maths question."""

    steps: list[Step]
    answer: str
    confidence: Literal["low", "medium", "high"]
    note: str | None


QUESTION: list[ChatCompletionMessageParam] = [
    {"role": "user", "content": "Solve 8x + 7 = -23, step by step."}
]

with client() as api:
    completion = api.chat.completions.parse(model="gpt-5.4-mini", messages=QUESTION, response_format=Solution)
    message = completion.choices[0].message
    if message.parsed is not None:  # a Solution: the type checker knows it
        print(f"chat: {len(message.parsed.steps)} steps, answer {message.parsed.answer!r}")
    else:
        print("chat: refused:", message.refusal)

    response = api.responses.parse(
        model="gpt-5.4-mini", input="Solve 8x + 7 = -23.", text_format=Solution, text={"verbosity": "low"}
    )
    print("responses: confidence", response.output_parsed.confidence if response.output_parsed else None)

    # The JSON as it streams: each content delta carries the object parsed so far.
    partial: dict[str, object] = {}
    with api.chat.completions.stream(
        model="gpt-5.4-mini", messages=QUESTION, response_format=Solution
    ) as stream:
        for event in stream:
            if event.type == "content.delta":
                partial = event.parsed or {}  # {} ... {"steps": [...], "answer": "x = -3", ...}
        print("last partial object has:", ", ".join(sorted(partial)))
    final = stream.get_final_completion().choices[0].message.parsed
    print("streamed and parsed:", type(final).__name__)

    # An answer cut short by the token limit cannot be parsed: the error keeps it and its usage.
    try:
        api.chat.completions.parse(
            model="gpt-5.4-mini", messages=QUESTION, response_format=Solution, max_completion_tokens=5
        )
    except openwire.LengthFinishReasonError as error:
        spent = error.usage.completion_tokens if error.usage else "?"
        print(f"cut short after {spent} tokens; the partial answer is on error.completion")

    # Any stream from create(stream=True), put back together.
    chunks = api.chat.completions.create(model="gpt-5.4-mini", messages=QUESTION, stream=True)
    text = openwire.accumulate(chunks).choices[0].message.content or ""
    print("accumulated:", text[:40], "...")
