"""`POST /chat/completions`: checking the request, choosing the reply, and writing it whole or as an
event stream. Stored completions (`store: true`) live in `_stored.py`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ._checks import check_chat
from ._moderation import chat_moderation
from ._state import ModerationFailure, Reply, State, StoredCompletion, ToolCall
from ._text import count_tokens, example_for_schema, message_text, new_id, pieces, tokens
from ._wire import Request, Response, json_response, sse

__all__ = [
    "Choice",
    "create_completion",
    "default_reply",
    "make_choice",
    "token_logprobs",
]

_FINGERPRINT = "fp_openwire0"
_FILLERS = (" the", " a", ",", " and", ".", " of", " to", " is", " in", " it")


@dataclass
class Choice:
    """One choice of the answer, before it is written out whole or as deltas."""

    content: str | None
    refusal: str | None
    tool_calls: list[dict[str, Any]]
    finish_reason: str


def create_completion(state: State, request: Request, body: dict[str, Any]) -> Response:
    """Answer a chat completion request (already parsed as a JSON object)."""
    check_chat(body)
    model = body["model"]
    state.check_model(model)
    completion_id = state.next_id("chatcmpl-", 29)
    count = body.get("n") or 1
    moderated = isinstance(body.get("moderation"), dict)
    failure = state.take_moderation_failure() if moderated else None
    if moderated and _blocks_input(state, body, failure):
        # Not answered at all, as the API's filter does: a scripted reply stays queued.
        choices = [_withheld() for _ in range(count)]
    else:
        reply = state.next_reply(body) or default_reply(body)
        choices = [make_choice(reply, body, completion_id, index) for index in range(count)]
    usage = _usage(body, choices)
    moderation = None
    if moderated:
        moderation, choices = _moderate(state, body, choices, failure)
    completion: dict[str, Any] = {
        "id": completion_id,
        "object": "chat.completion",
        "created": state.now(),
        "model": model,
        "choices": [_whole_choice(c, index, body) for index, c in enumerate(choices)],
        "usage": usage,
        "service_tier": body.get("service_tier") or "default",
        "system_fingerprint": _FINGERPRINT,
    }
    if moderation is not None:
        completion["moderation"] = moderation
    if body.get("store") is True:
        _store(state, completion, body)
    if body.get("stream") is True:
        return sse(_chunks(completion, choices, body))
    return json_response(completion)


def _moderate(
    state: State, body: dict[str, Any], choices: list[Choice], failure: ModerationFailure | None
) -> tuple[dict[str, Any], list[Choice]]:
    """The `moderation` of the completion, and its choices once an output `policy` of `block`
    withheld each flagged one (content gone, `finish_reason` `content_filter`, as the API's content
    filter does). A blocked input never got this far: its choices are already withheld."""
    outputs = [c.content or c.refusal or "" for c in choices]
    moderation = chat_moderation(state, body["moderation"]["model"], _input_text(body), outputs, failure)
    if _mode(body, "output") == "block":
        flags = _flagged(moderation["output"])
        choices = [
            _withheld() if index < len(flags) and flags[index] else choice
            for index, choice in enumerate(choices)
        ]
    return moderation, choices


def _blocks_input(state: State, body: dict[str, Any], failure: ModerationFailure | None) -> bool:
    """Whether an input `policy` of `block` stops this request before any answer is made."""
    if _mode(body, "input") != "block":
        return False
    verdict = chat_moderation(state, body["moderation"]["model"], _input_text(body), [], failure)["input"]
    return any(_flagged(verdict))


def _input_text(body: dict[str, Any]) -> str:
    return " ".join(message_text(m.get("content")) for m in body["messages"])


def _mode(body: dict[str, Any], side: str) -> str | None:
    policy = body["moderation"].get("policy") or {}
    mode = (policy.get(side) or {}).get("mode")
    return mode if isinstance(mode, str) else None


def _withheld() -> Choice:
    return Choice(None, None, [], "content_filter")


def _flagged(verdict: dict[str, Any]) -> list[bool]:
    """Which results of one side's verdict are flagged (none when moderation could not run)."""
    if verdict.get("type") != "moderation_results":
        return []
    return [result["flagged"] is True for result in verdict["results"]]


def _store(state: State, completion: dict[str, Any], body: dict[str, Any]) -> None:
    metadata = dict(body.get("metadata") or {})
    messages = []
    for index, message in enumerate(body["messages"]):
        content = message.get("content")
        messages.append(
            {
                "id": f"{completion['id']}-{index}",
                "role": message["role"],
                "content": message_text(content) if content is not None else None,
                "name": message.get("name"),
                "content_parts": content if isinstance(content, list) else None,
            }
        )
    with state.lock:
        state.completions[completion["id"]] = StoredCompletion(
            completion={**completion, "metadata": metadata},
            messages=messages,
            metadata=metadata,
            order=len(state.completions),
        )


def default_reply(body: dict[str, Any]) -> Reply:
    """Echo the last user message; call the first offered tool; answer JSON when JSON is asked for.

    The Responses API's answers come from here too, from the request seen as a chat request.
    """
    messages = body["messages"]
    tool = _tool_to_call(body)
    if tool is not None:
        function = tool["function"]
        arguments = example_for_schema(function.get("parameters") or {"type": "object", "properties": {}})
        return Reply(tool_calls=[ToolCall(function["name"], arguments)])
    if messages and messages[-1].get("role") == "tool":
        results = "; ".join(message_text(m.get("content")) for m in _trailing_tool_messages(messages))
        text = f"The tool returned: {results}"
    else:
        last_user = next((m for m in reversed(messages) if m.get("role") == "user"), None)
        text = (
            f"You said: {message_text(last_user.get('content'))}"
            if last_user is not None
            else "Hello! This is the openwire local server."
        )
    response_format = body.get("response_format") or {}
    if response_format.get("type") == "json_schema":
        schema = (response_format.get("json_schema") or {}).get("schema") or {}
        return Reply(content=json.dumps(example_for_schema(schema)))
    if response_format.get("type") == "json_object":
        return Reply(content=json.dumps({"reply": text}))
    return Reply(content=text)


def _trailing_tool_messages(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    trailing: list[dict[str, Any]] = []
    for message in reversed(messages):
        if message.get("role") != "tool":
            break
        trailing.insert(0, message)
    return trailing


def _tool_to_call(body: dict[str, Any]) -> dict[str, Any] | None:
    """The function tool the default reply calls, or None to answer in text."""
    functions: list[dict[str, Any]] = [t for t in body.get("tools") or [] if t.get("type") == "function"]
    choice = body.get("tool_choice")
    if not functions or choice == "none":
        return None
    if isinstance(choice, dict):
        name = (choice.get("function") or {}).get("name")
        return next((t for t in functions if t["function"]["name"] == name), None)
    # After the tool answered, reply in words (unless a call is required), so a tool loop ends.
    last = body["messages"][-1] if body["messages"] else {}
    if last.get("role") == "tool" and choice != "required":
        return None
    return functions[0]


def make_choice(reply: Reply, body: dict[str, Any], completion_id: str, index: int) -> Choice:
    """One choice from a reply: tool calls with their ids, limits applied, and a reply that only
    says how it ended (`Reply(finish_reason="length")`) filled in with the default answer, cut."""
    says_nothing = reply.content is None and reply.refusal is None and not reply.tool_calls
    if says_nothing and reply.finish_reason in _CUT_SHORT:
        reply = _cut_short(default_reply(body), reply.finish_reason)
    tool_calls = []
    for number, call in enumerate(reply.tool_calls):
        arguments = call.arguments if isinstance(call.arguments, str) else json.dumps(dict(call.arguments))
        tool_calls.append(
            {
                "id": call.id or new_id("call_", completion_id, index, number),
                "type": "function",
                "function": {"name": call.name, "arguments": arguments},
            }
        )
    content = reply.content
    finish = reply.finish_reason or ("tool_calls" if tool_calls else "stop")
    if reply.finish_reason is None:
        content, finish = _apply_limits(content, tool_calls, body, finish)
    return Choice(content=content, refusal=reply.refusal, tool_calls=tool_calls, finish_reason=finish)


# Finish reasons that stop an answer part way: a reply that gives only one of them gets the
# default answer cut about in half, as a client would see it (JSON left unclosed, say).
_CUT_SHORT = ("length", "content_filter")


def _half(text: str) -> str:
    parts = tokens(text)
    return "".join(parts[: max(1, len(parts) // 2)]) if len(parts) > 1 else text[: len(text) // 2]


def _cut_short(reply: Reply, finish_reason: str | None) -> Reply:
    if reply.tool_calls:
        call = reply.tool_calls[0]
        arguments = call.arguments if isinstance(call.arguments, str) else json.dumps(dict(call.arguments))
        cut = ToolCall(call.name, _half(arguments), call.id)
        return Reply(tool_calls=[cut], finish_reason=finish_reason)
    return Reply(content=_half(reply.content or ""), finish_reason=finish_reason)


def _apply_limits(
    content: str | None, tool_calls: list[dict[str, Any]], body: dict[str, Any], finish: str
) -> tuple[str | None, str]:
    """Cut the reply at a stop sequence, or at `max_completion_tokens` / `max_tokens` (the text
    first, then the tool calls' arguments: calls past the limit are dropped, the last one cut)."""
    stop = body.get("stop")
    for sequence in [stop] if isinstance(stop, str) else stop or []:
        if content and sequence and sequence in content:
            content = content[: content.index(sequence)]
    limit = body.get("max_completion_tokens") or body.get("max_tokens")
    if not isinstance(limit, int):
        return content, finish
    if content is not None:
        parts = tokens(content)
        if len(parts) > limit:
            return "".join(parts[:limit]), "length"
        limit -= len(parts)
    for number, call in enumerate(tool_calls):
        parts = tokens(call["function"]["arguments"])
        if len(parts) > limit:
            call["function"]["arguments"] = "".join(parts[: max(limit, 0)])
            del tool_calls[number + 1 :]
            return content, "length"
        limit -= len(parts)
    return content, finish


def token_logprobs(text: str, body: dict[str, Any], first: int = 0) -> dict[str, Any] | None:
    """`{"content": [...], "refusal": None}`: an entry per token of `text` (with `top_logprobs`
    alternatives), or None unless the request asked for `logprobs`. `first` is the position of the
    text's first token in the whole message, so that a stream's pieces give the entries the whole
    message does."""
    if body.get("logprobs") is not True:
        return None
    top = body.get("top_logprobs") or 0
    entries = []
    for position, token in enumerate(tokens(text), first):
        logprob = -round(0.0005 * (1 + position % 7), 6)
        alternatives = [
            {"token": t, "logprob": round(logprob - 2.5 * (k + 1), 6), "bytes": list(t.encode())}
            for k, t in enumerate(f for f in _FILLERS if f != token)
        ][: max(top - 1, 0)]
        chosen = {"token": token, "logprob": logprob, "bytes": list(token.encode())}
        entries.append({**chosen, "top_logprobs": [chosen, *alternatives] if top else []})
    return {"content": entries, "refusal": None}


def _message(choice: Choice) -> dict[str, Any]:
    message: dict[str, Any] = {
        "role": "assistant",
        "content": choice.content,
        "refusal": choice.refusal,
        "annotations": [],
    }
    if choice.tool_calls:
        message["tool_calls"] = choice.tool_calls
    return message


def _whole_choice(choice: Choice, index: int, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "index": index,
        "message": _message(choice),
        "logprobs": token_logprobs(choice.content or "", body),
        "finish_reason": choice.finish_reason,
    }


def _usage(body: dict[str, Any], choices: list[Choice]) -> dict[str, Any]:
    prompt = 3 + sum(4 + count_tokens(message_text(m.get("content"))) for m in body["messages"])
    completion = 0
    for choice in choices:
        completion += count_tokens(choice.content or "") + count_tokens(choice.refusal or "")
        completion += sum(count_tokens(c["function"]["arguments"]) + 4 for c in choice.tool_calls)
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": 0,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


def _choice_deltas(choice: Choice, body: dict[str, Any]) -> list[dict[str, Any]]:
    """The deltas of one choice after its role chunk, each with its `logprobs` (if asked for)."""
    deltas: list[dict[str, Any]] = []
    position = 0
    for piece in pieces(choice.content or ""):
        deltas.append({"delta": {"content": piece}, "logprobs": token_logprobs(piece, body, position)})
        position += len(tokens(piece))
    for piece in pieces(choice.refusal or ""):
        deltas.append({"delta": {"refusal": piece}, "logprobs": None})
    for number, call in enumerate(choice.tool_calls):
        head = {"index": number, "id": call["id"], "type": "function"}
        deltas.append(
            {
                "delta": {
                    "tool_calls": [{**head, "function": {"name": call["function"]["name"], "arguments": ""}}]
                }
            }
        )
        arguments = call["function"]["arguments"]
        for start in range(0, len(arguments), 12):
            fragment = {"index": number, "function": {"arguments": arguments[start : start + 12]}}
            deltas.append({"delta": {"tool_calls": [fragment]}})
    return deltas


def _chunks(completion: dict[str, Any], choices: list[Choice], body: dict[str, Any]) -> list[Any]:
    """The events of a streamed completion: role chunks, deltas (choices interleaved), finish chunks,
    the moderation chunk, the usage chunk, and `[DONE]`."""
    include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
    base: dict[str, Any] = {
        "id": completion["id"],
        "object": "chat.completion.chunk",
        "created": completion["created"],
        "model": completion["model"],
        "service_tier": completion["service_tier"],
        "system_fingerprint": _FINGERPRINT,
    }
    if include_usage:
        base["usage"] = None

    def chunk(index: int, delta: dict[str, Any], finish: str | None = None, logprobs: Any = None) -> Any:
        return {
            **base,
            "choices": [{"index": index, "delta": delta, "logprobs": logprobs, "finish_reason": finish}],
        }

    events: list[Any] = [
        chunk(index, {"role": "assistant", "content": "", "refusal": None}) for index in range(len(choices))
    ]
    per_choice = [_choice_deltas(c, body) for c in choices]
    for step in range(max((len(d) for d in per_choice), default=0)):
        for index, deltas in enumerate(per_choice):
            if step < len(deltas):
                events.append(chunk(index, deltas[step]["delta"], logprobs=deltas[step].get("logprobs")))
    events.extend(chunk(index, {}, c.finish_reason) for index, c in enumerate(choices))
    if "moderation" in completion:
        events.append({**base, "choices": [], "moderation": completion["moderation"]})
    if include_usage:
        events.append({**base, "choices": [], "usage": completion["usage"]})
    events.append("[DONE]")
    return events
