"""`function_tool` and `pydantic_function_tool`: tool definitions made from Python functions and
models, their arguments parsed and their functions called.

This module is written under `from __future__ import annotations`, so every annotation below is a
string that `function_tool` has to resolve.
"""

from __future__ import annotations

import functools
import json
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, Field

from openwire._exceptions import (
    InvalidInputError,
    OpenwireError,
    StrictSchemaError,
    ToolArgumentsError,
    ToolDefinitionError,
)
from openwire._tools import FunctionTool, function_tool, pydantic_function_tool
from test_strict_schema import assert_strict


class Weather(BaseModel):
    city: str
    degrees: float
    unit: Literal["C", "F"] = "C"


def get_weather(city: str, unit: Literal["C", "F"] = "C") -> Weather:
    """The weather in a city now.

    Looked up in a table.

    Args:
        city: the city's name,
            in English.
        unit (str): the temperature scale.

    Returns:
        The weather.
    """
    return Weather(city=city, degrees=21.5, unit=unit)


def sphinx_style(query: str, limit: int = 10) -> list[str]:
    """Search the catalogue
    for a text.

    :param query: what to look for.
    :param int limit: at most this many
        results.
    :returns: the titles found.
    """
    return [query] * limit


def numpy_style(a: int, b: Annotated[int, Field(description="The second number.")], c: int = 0) -> int:
    """Add numbers.

    Parameters
    ----------
    a : int
        The first number,
        never negative.
    b : int
        Overridden by the Field description.
    c : int, optional
        A third.

    Returns
    -------
    int
    """
    return a + b + c


# --- definitions ----------------------------------------------------------------------------------


def test_a_function_becomes_a_strict_tool() -> None:
    tool = function_tool(get_weather)
    assert isinstance(tool, FunctionTool)
    assert tool.name == "get_weather"
    assert tool.description == "The weather in a city now."
    assert tool.strict is True
    assert tool.function is get_weather
    assert tool.model.__name__ == "GetWeatherArguments"
    assert assert_strict(tool.parameters) == {
        "properties": {
            "city": {"description": "the city's name, in English.", "title": "City", "type": "string"},
            "unit": {
                "description": "the temperature scale.",
                "enum": ["C", "F"],
                "title": "Unit",
                "type": "string",
            },
        },
        "required": ["city", "unit"],
        "title": "GetWeatherArguments",
        "type": "object",
        "additionalProperties": False,
    }


def test_sphinx_docstrings() -> None:
    tool = function_tool(sphinx_style)
    assert tool.description == "Search the catalogue for a text."
    properties = assert_strict(tool.parameters)["properties"]
    assert properties["query"]["description"] == "what to look for."
    assert properties["limit"]["description"] == "at most this many results."


def test_numpy_docstrings_and_annotated_field_descriptions() -> None:
    tool = function_tool(numpy_style)
    assert tool.description == "Add numbers."
    properties = assert_strict(tool.parameters)["properties"]
    assert properties["a"]["description"] == "The first number, never negative."
    assert properties["b"]["description"] == "The second number."  # the Field wins over the docstring
    assert properties["c"]["description"] == "A third."


def test_without_a_docstring_there_is_no_description() -> None:
    def bare(x: int) -> int:
        return x

    tool = function_tool(bare)
    assert tool.description is None
    assert "description" not in tool.for_chat()["function"]
    assert "description" not in tool.for_responses()
    assert "description" not in tool.parameters["properties"]["x"]


def test_a_docstring_with_only_a_section_has_no_description() -> None:
    def only_args(x: int) -> int:
        """Args:
        x: the number.
        """
        return x

    assert function_tool(only_args).description is None


def test_decorator_forms_and_overrides() -> None:
    @function_tool
    def plain(x: int) -> int:
        """Plain."""
        return x

    @function_tool(name="renamed", description="Given here.", strict=False)
    def other(x: int) -> int:
        """Ignored."""
        return x

    assert plain.name == "plain"
    assert plain.call('{"x": 3}') == "3"
    assert (other.name, other.description, other.strict) == ("renamed", "Given here.", False)
    assert function_tool(name="third")(get_weather).name == "third"


def test_defaults_are_kept_for_parsing() -> None:
    tool = function_tool(get_weather)
    # strict mode makes the model write every argument; a non-strict server may leave some out
    assert json.loads(tool.call('{"city": "Oslo"}')) == {"city": "Oslo", "degrees": 21.5, "unit": "C"}
    parsed = tool.parse_arguments('{"city": "Oslo"}')
    assert parsed.model_dump() == {"city": "Oslo", "unit": "C"}


class Thermostat:
    def __init__(self) -> None:
        self.target = 20

    def set_target(self, degrees: int) -> str:
        """Set the target temperature."""
        self.target = degrees
        return f"set to {degrees}"


def test_a_bound_method_works_without_self() -> None:
    thermostat = Thermostat()
    tool = function_tool(thermostat.set_target)
    assert tool.name == "set_target"
    assert tool.description == "Set the target temperature."
    assert list(tool.parameters["properties"]) == ["degrees"]
    assert tool.call('{"degrees": 23}') == "set to 23"
    assert thermostat.target == 23


def test_callable_objects_and_partials() -> None:
    class Adder:
        def __call__(self, a: int, b: int) -> int:
            """Add two numbers."""
            return a + b

    adder = function_tool(Adder())
    assert (adder.name, adder.description) == ("Adder", "Add two numbers.")
    assert adder.call('{"a": 1, "b": 2}') == "3"
    partial = function_tool(functools.partial(sphinx_style, limit=2))
    assert partial.name == "sphinx_style"
    assert partial.call('{"query": "q", "limit": 3}') == '["q","q","q"]'


def test_positional_only_parameters_are_passed_by_position() -> None:
    def divide(a: float, b: float, /, *, exact: bool = False) -> float:
        return a / b

    assert function_tool(divide).call('{"a": 6, "b": 3, "exact": true}') == "2.0"


def test_parameters_named_like_model_attributes() -> None:
    def awkward(json: str, _private: int, model_name: str, copy: bool) -> dict[str, Any]:
        return {"json": json, "_private": _private, "model_name": model_name, "copy": copy}

    tool = function_tool(awkward)
    assert list(assert_strict(tool.parameters)["properties"]) == ["json", "_private", "model_name", "copy"]
    arguments = '{"json": "j", "_private": 1, "model_name": "m", "copy": true}'
    assert json.loads(tool.call(arguments)) == json.loads(arguments)


def test_the_tool_is_immutable_and_says_what_it_is() -> None:
    tool = function_tool(get_weather)
    with pytest.raises(AttributeError, match="immutable"):
        tool.name = "other"
    with pytest.raises(AttributeError, match="immutable"):
        del tool.description
    assert repr(tool) == "FunctionTool(name='get_weather', callable=True)"
    assert not hasattr(tool, "__dict__")


def test_for_chat_and_for_responses() -> None:
    tool = function_tool(get_weather)
    chat = tool.for_chat()
    assert chat == {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "The weather in a city now.",
            "parameters": tool.parameters,
            "strict": True,
        },
    }
    assert tool.for_responses() == {
        "type": "function",
        "name": "get_weather",
        "description": "The weather in a city now.",
        "parameters": tool.parameters,
        "strict": True,
    }
    # what is handed out is a copy: changing it leaves the tool as it was
    parameters: dict[str, Any] = chat["function"]["parameters"]  # type: ignore[assignment]
    parameters["properties"].clear()
    assert "city" in tool.parameters["properties"]
    assert tool.for_chat()["function"]["parameters"] == tool.parameters


# --- definitions that cannot be tools ----------------------------------------------------------------


def test_definition_errors() -> None:
    def star_args(*items: int) -> None: ...
    def star_kwargs(**options: int) -> None: ...
    def untyped(x, y: int) -> None: ...  # type: ignore[no-untyped-def]

    with pytest.raises(ToolDefinitionError, match=r"star_args\(\) takes \*items, which a tool cannot"):
        function_tool(star_args)
    with pytest.raises(ToolDefinitionError, match=r"takes \*\*options"):
        function_tool(star_kwargs)
    with pytest.raises(ToolDefinitionError, match=r"'x' of untyped\(\) has no type annotation; annotate it"):
        function_tool(untyped)
    with pytest.raises(ToolDefinitionError, match=r"'<lambda>' is not a name the API accepts.*name="):
        function_tool(lambda x: x)
    with pytest.raises(ToolDefinitionError, match="'a b' is not a name"):
        function_tool(get_weather, name="a b")
    with pytest.raises(ToolDefinitionError, match="is not a name"):
        function_tool(get_weather, name="x" * 65)
    with pytest.raises(ToolDefinitionError, match="takes a function, not str"):
        function_tool("get_weather")  # type: ignore[call-overload]
    assert issubclass(ToolDefinitionError, InvalidInputError)


def test_an_annotation_that_cannot_be_resolved() -> None:
    class Local(BaseModel):
        x: int

    def uses_local(item: Local) -> None: ...

    # under `from __future__ import annotations` the name "Local" is looked up in the module
    with pytest.raises(ToolDefinitionError, match=r"annotations of uses_local\(\) cannot be resolved"):
        function_tool(uses_local)


def test_strict_mode_errors_name_the_parameter_and_suggest_strict_false() -> None:
    def takes_dict(options: dict[str, int]) -> None: ...

    with pytest.raises(StrictSchemaError, match=r"^takes_dict.options: .*\(or pass strict=False"):
        function_tool(takes_dict)
    loose = function_tool(takes_dict, strict=False)
    assert loose.strict is False
    assert loose.parameters["properties"]["options"]["additionalProperties"] == {"type": "integer"}
    assert loose.for_chat()["function"]["strict"] is False


# --- arguments ------------------------------------------------------------------------------------


def test_argument_errors_carry_what_went_wrong() -> None:
    tool = function_tool(get_weather)
    with pytest.raises(ToolArgumentsError, match="'get_weather' were not valid JSON") as caught:
        tool.parse_arguments('{"city": ')
    assert caught.value.tool_name == "get_weather"
    assert caught.value.arguments == '{"city": '
    assert caught.value.errors == []

    with pytest.raises(
        ToolArgumentsError, match="did not fit its parameters: unit: Input should be"
    ) as caught:
        tool.call('{"city": "Oslo", "unit": "K"}')
    assert caught.value.errors == ["unit: Input should be 'C' or 'F'"]

    with pytest.raises(ToolArgumentsError, match="city: Field required") as caught:
        tool.call("{}")
    assert caught.value.errors == ["city: Field required"]

    with pytest.raises(ToolArgumentsError, match="Input should be an object"):
        tool.call("[1, 2]")


def test_a_wrong_type_is_reported_by_location() -> None:
    def nested(weather: Weather) -> None: ...

    with pytest.raises(ToolArgumentsError) as caught:
        function_tool(nested).parse_arguments('{"weather": {"city": "Oslo", "degrees": "warm"}}')
    assert caught.value.errors == [
        "weather.degrees: Input should be a valid number, unable to parse string as a number"
    ]


def test_empty_arguments_mean_none() -> None:
    def ping() -> str:
        return "pong"

    tool = function_tool(ping)
    assert assert_strict(tool.parameters)["properties"] == {}
    assert tool.call("") == "pong"
    assert tool.call("  ") == "pong"
    assert tool.call("{}") == "pong"


# --- results --------------------------------------------------------------------------------------


def test_results_become_text() -> None:
    def text() -> str:
        return "plain text"

    def nothing() -> None:
        return None

    def mapping() -> dict[str, Any]:
        return {"a": [1, None], "b": Weather(city="Rome", degrees=30)}

    def number() -> int:
        return 42

    def unserializable() -> object:
        return object()

    assert function_tool(text).call("{}") == "plain text"
    assert function_tool(nothing).call("{}") == ""
    assert function_tool(get_weather).call('{"city": "Rome", "unit": "F"}') == (
        '{"city":"Rome","degrees":21.5,"unit":"F"}'
    )
    assert json.loads(function_tool(mapping).call("{}")) == {
        "a": [1, None],
        "b": {"city": "Rome", "degrees": 30, "unit": "C"},  # a model the tool made: every field
    }
    assert function_tool(number).call("") == "42"
    with pytest.raises(OpenwireError, match="returned a object, which cannot be written as JSON"):
        function_tool(unserializable).call("{}")


def test_a_model_parameter_receives_the_model() -> None:
    seen: list[Any] = []

    def record(weather: Weather, when: str | None) -> None:
        seen.append((weather, when))

    tool = function_tool(record)
    assert tool.call('{"weather": {"city": "Oslo", "degrees": -3, "unit": "C"}, "when": null}') == ""
    assert seen == [(Weather(city="Oslo", degrees=-3, unit="C"), None)]
    assert assert_strict(tool.parameters)["required"] == ["weather", "when"]


def test_what_the_function_raises_propagates_unchanged() -> None:
    class Boom(Exception):
        pass

    def explode(x: int) -> None:
        raise Boom(x)

    with pytest.raises(Boom):
        function_tool(explode).call('{"x": 1}')


async def fetch(url: str, retries: int = 1) -> dict[str, Any]:
    """Fetch a page."""
    return {"url": url, "retries": retries}


@pytest.mark.anyio
async def test_async_functions_are_awaited_by_acall() -> None:
    tool = function_tool(fetch)
    assert tool.description == "Fetch a page."
    assert json.loads(await tool.acall('{"url": "https://a.test"}')) == {
        "url": "https://a.test",
        "retries": 1,
    }
    # a plain function through acall is called directly
    assert await function_tool(get_weather).acall('{"city": "Oslo", "unit": "C"}') == (
        '{"city":"Oslo","degrees":21.5,"unit":"C"}'
    )


def test_an_async_function_through_call_says_to_use_acall() -> None:
    with pytest.raises(OpenwireError, match=r"runs an async function; call it with `await tool.acall"):
        function_tool(fetch).call('{"url": "u"}')

    def returns_awaitable(x: int) -> Any:
        return fetch("u")

    with pytest.raises(OpenwireError, match="returned an awaitable"):
        function_tool(returns_awaitable).call('{"x": 1}')


# --- tools made from models ------------------------------------------------------------------------


class CreateTicket(BaseModel):
    """Open a support ticket.

    Only for real problems.
    """

    title: str
    priority: Literal["low", "high"] = "low"


class Undocumented(BaseModel):
    x: int


def test_pydantic_function_tool() -> None:
    tool = pydantic_function_tool(CreateTicket)
    assert (tool.name, tool.description, tool.strict) == ("CreateTicket", "Open a support ticket.", True)
    assert tool.model is CreateTicket
    assert tool.function is None
    assert repr(tool) == "FunctionTool(name='CreateTicket', callable=False)"
    assert assert_strict(tool.parameters)["required"] == ["title", "priority"]
    parsed = tool.parse_arguments('{"title": "Broken", "priority": "high"}')
    assert parsed == CreateTicket(title="Broken", priority="high")
    assert tool.for_responses()["name"] == "CreateTicket"
    with pytest.raises(OpenwireError, match=r"has no function to call.*parse_arguments"):
        tool.call('{"title": "x", "priority": "low"}')

    bare = pydantic_function_tool(Undocumented, name="bare")
    assert bare.name == "bare"
    assert bare.description is None  # not BaseModel's own docstring
    assert pydantic_function_tool(Undocumented, description="Given.").description == "Given."
    with pytest.raises(ToolDefinitionError, match="takes a pydantic model class"):
        pydantic_function_tool(Weather(city="x", degrees=1))  # type: ignore[arg-type]


def test_a_field_as_default_keeps_its_settings() -> None:
    def scaled(x: int = Field(5, ge=0), copy: int = Field(1, description="Its own.")) -> int:
        """Scale.

        Args:
            x: from the docstring.
            copy: also from the docstring.
        """
        return x * copy

    tool = function_tool(scaled)
    properties = assert_strict(tool.parameters)["properties"]
    assert properties["x"] == {
        "description": "from the docstring.",
        "minimum": 0,
        "title": "X",
        "type": "integer",
    }
    assert properties["copy"]["description"] == "Its own."
    assert tool.call('{"x": 2, "copy": 3}') == "6"
    assert tool.call("{}") == "5"
    with pytest.raises(ToolArgumentsError, match="x: Input should be greater than or equal to 0"):
        tool.call('{"x": -1, "copy": 1}')
