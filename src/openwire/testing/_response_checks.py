"""Request checks for the Responses API and conversations, answering as the API does (status 400
with `param` and `code` set): the input items, tools, text format, reasoning, moderation."""

from __future__ import annotations

from typing import Any

from ._checks import (
    check_bool,
    check_enum,
    check_metadata,
    check_moderation,
    check_number,
    check_string,
    missing,
    require_string,
    wrong_type,
)
from ._strict import check_strict_schema
from ._wire import ApiError, Request

__all__ = [
    "INPUT_ITEM_TYPES",
    "check_compact",
    "check_include",
    "check_include_query",
    "check_input_items",
    "check_item_list",
    "check_response",
    "check_token_count",
]


INPUT_ITEM_TYPES = (
    "message",
    "function_call",
    "function_call_output",
    "reasoning",
    "item_reference",
    "compaction",
    "compaction_trigger",
    "custom_tool_call",
    "custom_tool_call_output",
    "file_search_call",
    "web_search_call",
    "computer_call",
    "computer_call_output",
    "code_interpreter_call",
    "image_generation_call",
    "local_shell_call",
    "local_shell_call_output",
    "shell_call",
    "shell_call_output",
    "apply_patch_call",
    "apply_patch_call_output",
    "mcp_list_tools",
    "mcp_approval_request",
    "mcp_approval_response",
    "mcp_call",
    "tool_search_call",
    "tool_search_output",
    "additional_tools",
    "program",
    "program_output",
)
_RESPONSE_ROLES = ("user", "assistant", "system", "developer")
_RESPONSE_PART_TYPES = {
    "user": ("input_text", "input_image", "input_file"),
    "system": ("input_text", "input_image", "input_file"),
    "developer": ("input_text", "input_image", "input_file"),
    "assistant": ("output_text", "refusal", "input_text"),
}
RESPONSE_TOOL_TYPES = (
    "function",
    "custom",
    "file_search",
    "web_search",
    "web_search_preview",
    "web_search_2025_08_26",
    "web_search_preview_2025_03_11",
    "computer",
    "computer_use_preview",
    "code_interpreter",
    "image_generation",
    "local_shell",
    "shell",
    "mcp",
    "apply_patch",
    "tool_search",
    "namespace",
    "programmatic_tool_calling",
)
INCLUDE_VALUES = (
    "file_search_call.results",
    "web_search_call.results",
    "web_search_call.action.sources",
    "message.input_image.image_url",
    "computer_call_output.output.image_url",
    "code_interpreter_call.outputs",
    "reasoning.encrypted_content",
    "message.output_text.logprobs",
)
_EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")
_SUMMARIES = ("auto", "concise", "detailed")


def check_response(body: dict[str, Any]) -> None:
    """Check a `POST /responses` request as the API would."""
    require_string(body, "model")
    _check_response_context(body)
    for key in ("stream", "store", "background", "parallel_tool_calls"):
        check_bool(body, key)
    check_number(body, "temperature", 0, 2)
    check_number(body, "top_p", 0, 1)
    check_number(body, "top_logprobs", 0, 20, integer=True)
    check_number(body, "max_output_tokens", 16, integer=True)
    check_number(body, "max_tool_calls", 1, integer=True)
    check_enum(body, "truncation", ("auto", "disabled"))
    instructions = body.get("instructions")
    if instructions is not None and not isinstance(instructions, str):
        raise wrong_type("instructions", "a string", instructions)
    if body.get("stream_options") is not None and body.get("stream") is not True:
        raise ApiError(
            400,
            "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
            param="stream_options",
            code="invalid_value",
        )
    if body.get("background") is True and body.get("store") is False:
        raise ApiError(
            400,
            "Background responses must be stored: 'background' requires 'store' to be true.",
            param="background",
            code="invalid_value",
        )
    check_metadata(body)
    check_include(body.get("include"), "include")
    _check_response_tools(body)
    _check_text(body)
    _check_reasoning(body)
    check_moderation(body)
    check_string(body, "user")


def check_token_count(body: dict[str, Any]) -> None:
    """Check a `POST /responses/input_tokens` request (the model is optional there)."""
    if body.get("model") is not None:
        require_string(body, "model")
    _check_response_context(body)
    _check_response_tools(body)
    _check_text(body)
    _check_reasoning(body)


def check_compact(body: dict[str, Any]) -> None:
    """Check a `POST /responses/compact` request (no conversation there)."""
    require_string(body, "model")
    _check_response_context({key: value for key, value in body.items() if key != "conversation"})
    instructions = body.get("instructions")
    if instructions is not None and not isinstance(instructions, str):
        raise wrong_type("instructions", "a string", instructions)


def check_item_list(body: dict[str, Any], key: str, *, required: bool) -> list[Any]:
    """A conversation's `items`: up to 20 input items at a time."""
    items = body.get(key)
    if items is None:
        if required:
            raise missing(key)
        return []
    if not isinstance(items, list):
        raise wrong_type(key, "an array", items)
    if required and not items:
        raise ApiError(
            400,
            f"Invalid '{key}': empty array. Expected an array with minimum length 1, but got an empty "
            "array instead.",
            param=key,
            code="empty_array",
        )
    if len(items) > 20:
        raise ApiError(
            400,
            f"Invalid '{key}': array too long. Expected an array with maximum length 20, but got an "
            f"array with length {len(items)} instead.",
            param=key,
            code="array_above_max_length",
        )
    check_input_items(items, key)
    return items


def _check_response_context(body: dict[str, Any]) -> None:
    """`input`, `previous_response_id` and `conversation`: what the response continues from."""
    previous = body.get("previous_response_id")
    if previous is not None and not isinstance(previous, str):
        raise wrong_type("previous_response_id", "a string", previous)
    conversation = body.get("conversation")
    if conversation is not None:
        if isinstance(conversation, dict):
            require_string(conversation, "id", what="conversation.id")
        elif not isinstance(conversation, str):
            raise wrong_type("conversation", "a string or an object", conversation)
        if body.get("previous_response_id") is not None:
            raise ApiError(
                400,
                "Mutually exclusive parameters: send either 'previous_response_id' or 'conversation', "
                "not both.",
                param="conversation",
                code="mutually_exclusive_parameters",
            )
    raw = body.get("input")
    if raw is None:
        if body.get("previous_response_id") is None and conversation is None:
            raise missing("input")
        return
    if isinstance(raw, str):
        return
    if not isinstance(raw, list):
        raise wrong_type("input", "a string or an array of input items", raw)
    check_input_items(raw, "input")


def check_input_items(items: list[Any], where: str) -> None:
    """Check the items of an `input` (or of a conversation's `items`) one by one."""
    for index, item in enumerate(items):
        at = f"{where}[{index}]"
        if not isinstance(item, dict):
            raise wrong_type(at, "an object", item)
        kind = item.get("type", "message")  # a message may leave out its type
        check_enum({"type": kind}, "type", INPUT_ITEM_TYPES, param=f"{at}.type")
        if kind == "message":
            _check_input_message(item, at)
        elif kind == "function_call":
            for key in ("call_id", "name", "arguments"):
                require_string(item, key, what=f"{at}.{key}")
        elif kind == "function_call_output":
            require_string(item, "call_id", what=f"{at}.call_id")
            output = item.get("output")
            if output is None:
                raise missing(f"{at}.output")
            if not isinstance(output, (str, list)):
                raise wrong_type(f"{at}.output", "a string or an array of content parts", output)
        elif kind == "item_reference":
            require_string(item, "id", what=f"{at}.id")


def _check_input_message(item: dict[str, Any], where: str) -> None:
    if "role" not in item:
        raise missing(f"{where}.role")
    role = item["role"]
    check_enum({"role": role}, "role", _RESPONSE_ROLES, param=f"{where}.role")
    if "content" not in item or item["content"] is None:
        raise missing(f"{where}.content")
    content = item["content"]
    if isinstance(content, list):
        for number, part in enumerate(content):
            at = f"{where}.content[{number}]"
            if not isinstance(part, dict) or "type" not in part:
                raise missing(f"{at}.type")
            check_enum(part, "type", _RESPONSE_PART_TYPES[role], param=f"{at}.type")
            if part["type"] in ("input_text", "output_text"):
                require_string(part, "text", what=f"{at}.text")
    elif not isinstance(content, str):
        raise wrong_type(f"{where}.content", "a string or an array of content parts", content)


def check_include(include: object, param: str) -> None:
    """`include`: a list of the extra fields the API knows."""
    if include is None:
        return
    if not isinstance(include, list):
        raise wrong_type(param, "an array", include)
    for index, value in enumerate(include):
        check_enum({"include": value}, "include", INCLUDE_VALUES, param=f"{param}[{index}]")


def check_include_query(request: Request) -> list[str]:
    """The `include` query parameter (`include=...` or `include[]=...`, repeated), checked."""
    values = [value for key, value in request.query if key in ("include", "include[]")]
    check_include(values, "include")
    return values


def _check_response_tools(body: dict[str, Any]) -> None:
    tools = body.get("tools")
    choice = body.get("tool_choice")
    if tools is not None and not isinstance(tools, list):
        raise wrong_type("tools", "an array", tools)
    names = set()
    for index, tool in enumerate(tools or []):
        if not isinstance(tool, dict) or "type" not in tool:
            raise missing(f"tools[{index}].type")
        check_enum(tool, "type", RESPONSE_TOOL_TYPES, param=f"tools[{index}].type")
        if tool["type"] in ("function", "custom"):
            name = require_string(tool, "name", what=f"tools[{index}].name")
            names.add(name)
            strict = tool["type"] == "function" and tool.get("strict") is True
            if strict and tool.get("parameters") is not None:
                check_strict_schema(
                    tool["parameters"],
                    kind="function",
                    name=name,
                    param=f"tools[{index}].parameters",
                    code="invalid_function_parameters",
                )
    if choice is None or isinstance(choice, str):
        check_enum(body, "tool_choice", ("none", "auto", "required"))
        if choice == "required" and not tools:
            raise ApiError(
                400,
                "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
                param="tool_choice",
            )
        return
    if not isinstance(choice, dict):
        raise wrong_type("tool_choice", "a string or an object", choice)
    if choice.get("type") in ("function", "custom"):
        chosen = choice.get("name")
        if chosen not in names:
            raise ApiError(
                400,
                f"Invalid value for 'tool_choice': no tool named '{chosen}' was specified in the 'tools' "
                "parameter.",
                param="tool_choice.name",
                code="invalid_value",
            )
    elif choice.get("type") == "allowed_tools":
        check_enum(choice, "mode", ("auto", "required"), param="tool_choice.mode")
        if not isinstance(choice.get("tools"), list):
            raise missing("tool_choice.tools")


def _check_text(body: dict[str, Any]) -> None:
    text = body.get("text")
    if text is None:
        return
    if not isinstance(text, dict):
        raise wrong_type("text", "an object", text)
    check_enum(text, "verbosity", ("low", "medium", "high"), param="text.verbosity")
    fmt = text.get("format")
    if fmt is None:
        return
    if not isinstance(fmt, dict):
        raise wrong_type("text.format", "an object", fmt)
    if "type" not in fmt:
        raise missing("text.format.type")
    check_enum(fmt, "type", ("text", "json_schema", "json_object"), param="text.format.type")
    if fmt["type"] == "json_schema":
        name = require_string(fmt, "name", what="text.format.name")
        if not isinstance(fmt.get("schema"), dict):
            raise missing("text.format.schema")
        if fmt.get("strict") is True:
            check_strict_schema(
                fmt["schema"],
                kind="response_format",
                name=name,
                param="text.format.schema",
                code="invalid_json_schema",
            )


def _check_reasoning(body: dict[str, Any]) -> None:
    reasoning = body.get("reasoning")
    if reasoning is None:
        return
    if not isinstance(reasoning, dict):
        raise wrong_type("reasoning", "an object", reasoning)
    check_enum(reasoning, "effort", _EFFORTS, param="reasoning.effort")
    check_enum(reasoning, "summary", _SUMMARIES, param="reasoning.summary")
