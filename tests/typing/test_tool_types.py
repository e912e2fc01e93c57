"""The type of a tool follows its function: checked by `mypy --strict tests/typing` and pyright.

Nothing here is sent: the functions are only type-checked (pytest collects no tests from them).
"""

from __future__ import annotations

from pydantic import BaseModel
from typing_extensions import assert_type

from openwire import FunctionTool, function_tool, pydantic_function_tool


def describe(x: int) -> str:
    """Say a number."""
    return str(x)


async def fetch(url: str) -> bytes:
    return url.encode()


class Ticket(BaseModel):
    title: str


def check_function_tool_types() -> None:
    tool = function_tool(describe)
    assert_type(tool, FunctionTool[str])
    assert_type(function_tool(describe, name="say", strict=False), FunctionTool[str])
    assert_type(function_tool(name="say")(describe), FunctionTool[str])

    @function_tool
    def count(items: list[str]) -> int:
        return len(items)

    assert_type(count, FunctionTool[int])

    @function_tool(description="Nothing back.")
    def log(text: str) -> None: ...

    assert_type(log, FunctionTool[None])
    assert_type(pydantic_function_tool(Ticket), FunctionTool[None])

    assert_type(tool.call("{}"), str)
    assert_type(tool.parse_arguments("{}"), BaseModel)
    assert_type(tool.name, str)
    assert_type(tool.description, str | None)
    function_tool(42)  # type: ignore[call-overload]
    pydantic_function_tool(describe)  # type: ignore[arg-type]


async def check_async_tool_types() -> None:
    tool = function_tool(fetch)
    assert_type(await tool.acall("{}"), str)
