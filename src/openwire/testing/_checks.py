"""Request checks that answer the way the API does: status 400 with `param` and `code` set.

The messages are this server's own wording; the `param` paths (`messages[2].role`) and codes
(`missing_required_parameter`, `invalid_value`, ...) follow the API so clients can branch on them.
"""

from __future__ import annotations

from typing import Any

from ._strict import check_strict_schema
from ._wire import ApiError

__all__ = [
    "check_bool",
    "check_chat",
    "check_enum",
    "check_metadata",
    "check_moderation",
    "check_number",
    "check_string",
    "missing",
    "require_string",
    "wrong_type",
]

ROLES = ("system", "assistant", "user", "function", "tool", "developer")
_PART_TYPES = {
    "user": ("text", "image_url", "input_audio", "file"),
    "system": ("text",),
    "developer": ("text",),
    "assistant": ("text", "refusal"),
    "tool": ("text",),
    "function": ("text",),
}


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def missing(param: str) -> ApiError:
    """The error for a required parameter that was not sent."""
    return ApiError(
        400, f"Missing required parameter: '{param}'.", param=param, code="missing_required_parameter"
    )


def wrong_type(param: str, expected: str, value: object) -> ApiError:
    """The error for a parameter of the wrong JSON type."""
    return ApiError(
        400,
        f"Invalid type for '{param}': expected {expected}, but got {_type_name(value)} instead.",
        param=param,
        code="invalid_type",
    )


def require_string(body: dict[str, Any], key: str, *, what: str | None = None) -> str:
    """A required string parameter; `model` gets the API's own wording when it is missing."""
    if key not in body or body[key] is None or (key == "model" and body[key] == ""):
        if key == "model" and what is None:
            raise ApiError(400, "You must provide a model parameter.", param="model")
        raise missing(what or key)
    value = body[key]
    if not isinstance(value, str):
        raise wrong_type(what or key, "a string", value)
    return value


def check_number(
    body: dict[str, Any],
    key: str,
    low: float | None = None,
    high: float | None = None,
    *,
    integer: bool = False,
) -> None:
    """An optional number within bounds (null counts as absent)."""
    value = body.get(key)
    if value is None:
        return
    kind = "integer" if integer else "decimal"
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or (integer and not isinstance(value, int))
    ):
        raise wrong_type(key, "an integer" if integer else "a number", value)
    if low is not None and value < low:
        raise ApiError(
            400,
            f"Invalid '{key}': {kind} below minimum value. "
            f"Expected a value >= {low:g}, but got {value} instead.",
            param=key,
            code=f"{kind}_below_min_value",
        )
    if high is not None and value > high:
        raise ApiError(
            400,
            f"Invalid '{key}': {kind} above maximum value. "
            f"Expected a value <= {high:g}, but got {value} instead.",
            param=key,
            code=f"{kind}_above_max_value",
        )


def check_enum(body: dict[str, Any], key: str, allowed: tuple[str, ...], *, param: str | None = None) -> None:
    """An optional parameter that must be one of `allowed` (null counts as absent)."""
    value = body.get(key)
    if value is None:
        return
    if value not in allowed:
        names = (
            ", ".join(f"'{a}'" for a in allowed[:-1]) + f", and '{allowed[-1]}'"
            if len(allowed) > 1
            else f"'{allowed[0]}'"
        )
        raise ApiError(
            400,
            f"Invalid value: '{value}'. Supported values are: {names}.",
            param=param or key,
            code="invalid_value",
        )


def check_bool(body: dict[str, Any], key: str) -> None:
    """An optional boolean (null counts as absent)."""
    value = body.get(key)
    if value is not None and not isinstance(value, bool):
        raise wrong_type(key, "a boolean", value)


def check_chat(body: dict[str, Any]) -> None:
    """Check a chat completion request as the API would."""
    require_string(body, "model")
    if "messages" not in body:
        raise missing("messages")
    messages = body["messages"]
    if not isinstance(messages, list):
        raise wrong_type("messages", "an array", messages)
    if not messages:
        raise ApiError(
            400,
            "Invalid 'messages': empty array. "
            "Expected an array with minimum length 1, but got an empty array instead.",
            param="messages",
            code="empty_array",
        )
    for index, message in enumerate(messages):
        _check_message(message, f"messages[{index}]")
    for key in ("stream", "store", "logprobs", "parallel_tool_calls"):
        check_bool(body, key)
    check_number(body, "n", 1, 128, integer=True)
    check_number(body, "temperature", 0, 2)
    check_number(body, "top_p", 0, 1)
    check_number(body, "presence_penalty", -2, 2)
    check_number(body, "frequency_penalty", -2, 2)
    check_number(body, "max_tokens", 1, integer=True)
    check_number(body, "max_completion_tokens", 1, integer=True)
    check_number(body, "top_logprobs", 0, 20, integer=True)
    if body.get("top_logprobs") and body.get("logprobs") is not True:
        raise ApiError(
            400,
            "'top_logprobs' may only be set when 'logprobs' is true.",
            param="top_logprobs",
            code="invalid_value",
        )
    if body.get("stream_options") is not None and body.get("stream") is not True:
        raise ApiError(
            400,
            "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
            param="stream_options",
            code="invalid_value",
        )
    stop = body.get("stop")
    if (
        stop is not None
        and not isinstance(stop, str)
        and (not isinstance(stop, list) or len(stop) > 4 or not all(isinstance(s, str) for s in stop))
    ):
        raise wrong_type("stop", "a string or an array of at most 4 strings", stop)
    check_metadata(body)
    _check_tools(body)
    _check_response_format(body)
    check_moderation(body)
    check_string(body, "user")


def check_moderation(body: dict[str, Any]) -> None:
    """Check the `moderation` parameter of a chat completion or a response: a model, and a `policy`
    whose sides each have a `mode` of `score` or `block`."""
    moderation = body.get("moderation")
    if moderation is None:
        return
    if not isinstance(moderation, dict):
        raise wrong_type("moderation", "an object", moderation)
    require_string(moderation, "model", what="moderation.model")
    policy = moderation.get("policy")
    if policy is None:
        return
    if not isinstance(policy, dict):
        raise wrong_type("moderation.policy", "an object", policy)
    for side in ("input", "output"):
        config = policy.get(side)
        if config is None:
            continue
        where = f"moderation.policy.{side}"
        if not isinstance(config, dict):
            raise wrong_type(where, "an object", config)
        if "mode" not in config:
            raise missing(f"{where}.mode")
        check_enum(config, "mode", ("score", "block"), param=f"{where}.mode")


def check_string(body: dict[str, Any], key: str, *, param: str | None = None) -> None:
    """An optional string parameter: absent, or a string (not null, an object or a number)."""
    if key in body and not isinstance(body[key], str):
        raise wrong_type(param or key, "a string", body[key])


def _check_message(message: object, where: str) -> None:
    if not isinstance(message, dict):
        raise wrong_type(where, "an object", message)
    if "role" not in message:
        raise missing(f"{where}.role")
    role = message["role"]
    if role not in ROLES:
        check_enum({"role": role}, "role", ROLES, param=f"{where}.role")
    content = message.get("content")
    if content is None:
        if role == "assistant" and (message.get("tool_calls") or message.get("function_call")):
            pass
        elif role != "assistant" or "content" not in message:
            raise missing(f"{where}.content")
    elif isinstance(content, list):
        for number, part in enumerate(content):
            if not isinstance(part, dict) or "type" not in part:
                raise missing(f"{where}.content[{number}].type")
            check_enum(part, "type", _PART_TYPES[role], param=f"{where}.content[{number}].type")
    elif not isinstance(content, str):
        raise wrong_type(f"{where}.content", "a string or an array of content parts", content)
    if role == "tool" and not isinstance(message.get("tool_call_id"), str):
        raise missing(f"{where}.tool_call_id")


def check_metadata(body: dict[str, Any]) -> None:
    """Optional `metadata`: at most 16 pairs of short strings."""
    metadata = body.get("metadata")
    if metadata is None:
        return
    if not isinstance(metadata, dict):
        raise wrong_type("metadata", "an object", metadata)
    if len(metadata) > 16:
        raise ApiError(
            400, "Invalid 'metadata': at most 16 keys are allowed.", param="metadata", code="invalid_value"
        )
    for key, value in metadata.items():
        if not isinstance(value, str) or len(key) > 64 or len(value) > 512:
            raise ApiError(
                400,
                "Invalid 'metadata': keys must be strings of at most 64 characters "
                "and values strings of at most 512.",
                param=f"metadata.{key}",
                code="invalid_value",
            )


def _check_tools(body: dict[str, Any]) -> None:
    tools = body.get("tools")
    if tools is None:
        if isinstance(body.get("tool_choice"), dict) or body.get("tool_choice") == "required":
            raise ApiError(
                400,
                "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
                param="tool_choice",
            )
        return
    if not isinstance(tools, list):
        raise wrong_type("tools", "an array", tools)
    names = set()
    for index, tool in enumerate(tools):
        if not isinstance(tool, dict) or "type" not in tool:
            raise missing(f"tools[{index}].type")
        check_enum(tool, "type", ("function", "custom"), param=f"tools[{index}].type")
        if tool["type"] == "function":
            function = tool.get("function")
            if not isinstance(function, dict):
                raise missing(f"tools[{index}].function")
            name = require_string(function, "name", what=f"tools[{index}].function.name")
            names.add(name)
            if function.get("strict") is True and function.get("parameters") is not None:
                check_strict_schema(
                    function["parameters"],
                    kind="function",
                    name=name,
                    param=f"tools[{index}].function.parameters",
                    code="invalid_function_parameters",
                )
    choice = body.get("tool_choice")
    if isinstance(choice, dict):
        chosen = (choice.get("function") or {}).get("name")
        if chosen not in names:
            raise ApiError(
                400,
                f"Invalid value for 'tool_choice': no function named '{chosen}' "
                "was specified in the 'tools' parameter.",
                param="tool_choice",
            )
    elif choice is not None:
        check_enum(body, "tool_choice", ("none", "auto", "required"))


def _check_response_format(body: dict[str, Any]) -> None:
    response_format = body.get("response_format")
    if response_format is None:
        return
    if not isinstance(response_format, dict):
        raise wrong_type("response_format", "an object", response_format)
    if "type" not in response_format:
        raise missing("response_format.type")
    check_enum(response_format, "type", ("text", "json_object", "json_schema"), param="response_format.type")
    if response_format["type"] == "json_schema":
        schema = response_format.get("json_schema")
        if not isinstance(schema, dict):
            raise missing("response_format.json_schema")
        name = require_string(schema, "name", what="response_format.json_schema.name")
        if schema.get("strict") is True:
            check_strict_schema(
                schema.get("schema"), kind="response_format", name=name, param="response_format", code=None
            )
