"""A conversation with a chat model, a tool call, and structured output.

python examples/chat.py
"""

from __future__ import annotations

import json

from _local import client

from openwire.types.chat import (
    ChatCompletionMessageFunctionToolCall,
    ChatCompletionMessageParam,
    ChatCompletionToolUnionParam,
)

with client() as api:
    messages: list[ChatCompletionMessageParam] = [
        {"role": "developer", "content": "You are a terse assistant."},
        {"role": "user", "content": "What is the capital of France?"},
    ]
    completion = api.chat.completions.create(model="gpt-4o-mini", messages=messages, temperature=0.2)
    reply = completion.choices[0].message
    print("assistant:", reply.content)
    print("finish reason:", completion.choices[0].finish_reason, "| usage:", completion.usage)

    # The reply goes back into the conversation as it is.
    messages.extend([reply, {"role": "user", "content": "And what is the weather there?"}])
    tools: list[ChatCompletionToolUnionParam] = [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "description": "Current weather in a city",
                "parameters": {
                    "type": "object",
                    "properties": {"city": {"type": "string"}},
                    "required": ["city"],
                },
            },
        }
    ]
    completion = api.chat.completions.create(model="gpt-4o-mini", messages=messages, tools=tools)
    message = completion.choices[0].message
    for call in message.tool_calls or []:
        if isinstance(call, ChatCompletionMessageFunctionToolCall):
            arguments = json.loads(call.function.arguments)
            print(f"tool call: {call.function.name}({arguments})")
            result = '{"sky": "clear", "celsius": 21}'
            messages.extend([message, {"role": "tool", "tool_call_id": call.id, "content": result}])
    completion = api.chat.completions.create(model="gpt-4o-mini", messages=messages, tools=tools)
    print("assistant:", completion.choices[0].message.content)

    structured = api.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Give me a city and its country."}],
        response_format={
            "type": "json_schema",
            "json_schema": {
                "name": "place",
                "strict": True,
                "schema": {
                    "type": "object",
                    "properties": {"city": {"type": "string"}, "country": {"type": "string"}},
                    "required": ["city", "country"],
                    "additionalProperties": False,
                },
            },
        },
    )
    print("structured:", json.loads(structured.choices[0].message.content or "{}"))
