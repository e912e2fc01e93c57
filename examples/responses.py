"""The Responses API: a response and its `output_text`, a function tool called and answered with
`function_call_output`, a follow-up with `previous_response_id`, a conversation the server keeps,
and moderation (one verdict per side).

python examples/responses.py
"""

from __future__ import annotations

import json

from _local import client

from openwire.types.moderation import ModerationError, ModerationResult
from openwire.types.responses import (
    ResponseFunctionToolCall,
    ResponseInputItemParam,
    ResponseModerationOutcome,
    ToolParam,
)


def get_weather(city: str) -> dict[str, object]:
    """The function the model may call (here it makes the weather up)."""
    return {"city": city, "sky": "clear", "celsius": 21}


def explain(side: str, verdict: ResponseModerationOutcome | None) -> None:
    """A response's moderation gives one verdict per side: a result, or why it could not run."""
    if isinstance(verdict, ModerationResult):
        state = f"FLAGGED for {', '.join(verdict.flagged_categories)}" if verdict.flagged else "clean"
        print(f"  {side}: {state} ({verdict.model})")
    elif isinstance(verdict, ModerationError):
        print(f"  {side}: moderation could not run: {verdict.code}: {verdict.message}")
    elif verdict is not None:
        print(f"  {side}: a kind of moderation this openwire does not know: {verdict.to_dict()}")


with client() as api:
    response = api.responses.create(
        model="gpt-4o-mini",
        instructions="You are a terse assistant.",
        input="What is the capital of France?",
    )
    print("assistant:", response.output_text)  # the text of every message in response.output
    tokens = response.usage.total_tokens if response.usage else "?"
    print(f"status: {response.status} | {tokens} tokens | id {response.id}")

    # A function tool: the model answers with a function_call item; run the function and send its
    # result back as a function_call_output item with the same call_id.
    tools: list[ToolParam] = [
        {
            "type": "function",
            "name": "get_weather",
            "description": "Current weather in a city",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}},
                "required": ["city"],
                "additionalProperties": False,
            },
            "strict": True,
        }
    ]
    context: list[ResponseInputItemParam] = [
        {"role": "user", "content": "What is the weather in Paris?"},
    ]
    response = api.responses.create(model="gpt-4o-mini", input=context, tools=tools)
    context.extend(response.output)  # output items go back as they came
    for item in response.output:
        if isinstance(item, ResponseFunctionToolCall):
            arguments = json.loads(item.arguments)
            print(f"tool call: {item.name}({arguments})")
            result = get_weather(**arguments)
            context.append(
                {"type": "function_call_output", "call_id": item.call_id, "output": json.dumps(result)}
            )
    response = api.responses.create(model="gpt-4o-mini", input=context, tools=tools)
    print("assistant:", response.output_text)

    # Stored responses (store=True is the default) can be continued without sending them again.
    follow_up = api.responses.create(
        model="gpt-4o-mini", input="And what should I wear?", previous_response_id=response.id
    )
    print("follow-up:", follow_up.output_text, "| continues", follow_up.previous_response_id)
    items = api.responses.input_items.list(follow_up.id)
    print("its input items:", [item.type for item in items])

    # A conversation keeps the items of every response made in it.
    conversation = api.conversations.create(metadata={"topic": "travel"})
    for text in ["I am planning a trip to Lisbon.", "What should I see first?"]:
        turn = api.responses.create(model="gpt-4o-mini", input=text, conversation=conversation.id)
        print(f"{text!r} -> {turn.output_text!r}")
    kept = api.conversations.items.list(conversation.id, order="asc")
    print(f"conversation {conversation.id}: {len(kept)} items:", [item.type for item in kept])
    api.conversations.delete(conversation.id)

    # Moderation of the input and the output.
    for text in ["Tell me about gardening.", "I will kill the weeds in my garden."]:
        moderated = api.responses.create(
            model="gpt-4o-mini", input=text, moderation={"model": "omni-moderation-latest"}
        )
        print(f"{text!r} -> {moderated.output_text!r}")
        if moderated.moderation is not None:
            explain("input", moderated.moderation.input)
            explain("output", moderated.moderation.output)
