"""Function tools made from Python functions or pydantic models: their definitions for the Chat
Completions and Responses APIs, and the parsing of the arguments a model writes for them.

The loop that sends tool calls back and forth is elsewhere; a `FunctionTool` only knows its own
definition, how to read its arguments, and how to call its function with them.
"""

from __future__ import annotations

import copy
import functools
import inspect
import re
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

import pydantic
from pydantic.fields import FieldInfo

from ._exceptions import OpenwireError, ToolDefinitionError, tool_arguments_error
from ._pydantic import dumps
from ._strict_schema import json_schema_of, rewrite, schema_name, strict_json_schema

if TYPE_CHECKING:
    from .types.chat.params import ChatCompletionFunctionToolParam, FunctionDefinition
    from .types.responses.tool_params import FunctionToolParam

__all__ = ["FunctionTool", "function_tool", "pydantic_function_tool"]

R = TypeVar("R")

_NAME = re.compile(r"[a-zA-Z0-9_-]{1,64}")


class FunctionTool(Generic[R]):
    """A function the model may call: its definition, the pydantic model of its arguments, and the
    Python function (if any) to call with them. Made by `function_tool` or `pydantic_function_tool`;
    immutable.

    ```python
    tool = function_tool(get_weather)
    completion = client.chat.completions.create(model=..., messages=..., tools=[tool.for_chat()])
    for call in completion.choices[0].message.tool_calls or []:
        output = tool.call(call.function.arguments)  # the text to send back in a tool message
    ```

    Attributes:
        name: the name the model calls the tool by.
        description: what the tool does, for the model (`None`: no description is sent).
        parameters: the JSON schema of the arguments (the strict form when `strict`).
        strict: whether the API is asked to make the arguments follow `parameters` exactly.
        model: the pydantic model the arguments are validated as.
        function: what `call` / `acall` run with the arguments; `None` for a tool that is only parsed.
    """

    __slots__ = ("_plan", "description", "function", "model", "name", "parameters", "strict")

    name: str
    description: str | None
    parameters: dict[str, Any]
    strict: bool
    model: type[pydantic.BaseModel]
    function: Callable[..., R] | None
    _plan: tuple[tuple[str, str, bool], ...]

    def __init__(
        self,
        *,
        name: str,
        description: str | None,
        parameters: dict[str, Any],
        strict: bool,
        model: type[pydantic.BaseModel],
        function: Callable[..., R] | None,
    ) -> None:
        _check_name(name)
        set_slot = object.__setattr__  # the class refuses plain assignment, to stay immutable
        set_slot(self, "name", name)
        set_slot(self, "description", description)
        set_slot(self, "parameters", parameters)
        set_slot(self, "strict", strict)
        set_slot(self, "model", model)
        set_slot(self, "function", function)
        set_slot(self, "_plan", _call_plan(function, model) if function is not None else ())

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"FunctionTool is immutable; make another one instead of setting {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"FunctionTool is immutable; {name!r} cannot be deleted")

    def __repr__(self) -> str:
        return f"FunctionTool(name={self.name!r}, callable={self.function is not None})"

    def for_chat(self) -> ChatCompletionFunctionToolParam:
        """The tool as Chat Completions takes it, in `tools=[...]`."""
        function: FunctionDefinition = {"name": self.name}
        if self.description is not None:
            function["description"] = self.description
        function["parameters"] = copy.deepcopy(self.parameters)
        function["strict"] = self.strict
        return {"type": "function", "function": function}

    def for_responses(self) -> FunctionToolParam:
        """The tool as the Responses API takes it, in `tools=[...]`."""
        tool: FunctionToolParam = {"type": "function", "name": self.name}
        if self.description is not None:
            tool["description"] = self.description
        tool["parameters"] = copy.deepcopy(self.parameters)
        tool["strict"] = self.strict
        return tool

    def parse_arguments(self, arguments: str) -> pydantic.BaseModel:
        """The arguments the model wrote (a JSON object, as text), validated as `model`.

        An empty text means no arguments (`{}`): some servers send that for a tool without
        parameters. Raises `ToolArgumentsError` when the text is not JSON or does not fit, with
        what was wrong on its `.errors`; its message is worth sending back to the model as the
        tool's output, so that it can try again.
        """
        text = arguments if arguments.strip() else "{}"
        try:
            return self.model.model_validate_json(text)
        except pydantic.ValidationError as error:
            raise tool_arguments_error(self.name, arguments, error) from None

    def call(self, arguments: str) -> str:
        """Parse `arguments`, call `function` with them and give back its result as the text to
        send to the model (see `output_text`).

        The arguments are passed by keyword (positional-only parameters by position), as the
        values the arguments model holds: a parameter typed as a model gets that model. What the
        function raises propagates unchanged. An `async def` function needs `acall`.
        """
        function = self._function()
        if _is_async(function):
            raise OpenwireError(
                f"The tool {self.name!r} runs an async function; call it with `await tool.acall(...)` "
                "(from an AsyncClient's loop), not tool.call(...)."
            )
        args, kwargs = self._arguments(arguments)
        result = function(*args, **kwargs)
        if inspect.isawaitable(result):
            if inspect.iscoroutine(result):
                result.close()  # never awaited: close it rather than leave a warning behind
            raise OpenwireError(
                f"The tool {self.name!r} returned an awaitable; call it with `await tool.acall(...)`."
            )
        return self.output_text(result)

    async def acall(self, arguments: str) -> str:
        """`call` for async code: awaits an `async def` function (or the awaitable a function
        returns).

        A plain function is called directly, on the event loop: one that blocks (on network or
        disk) blocks the loop meanwhile. Give such work its own async function that runs it in a
        thread, `await anyio.to_thread.run_sync(blocking, ...)`, and make the tool from that.
        """
        function = self._function()
        args, kwargs = self._arguments(arguments)
        result = function(*args, **kwargs)
        if inspect.isawaitable(result):
            result = await result
        return self.output_text(result)

    def output_text(self, result: object) -> str:
        """A function's result as the text sent back to the model: a `str` as it is, `None` as
        `""` (the function ran and had nothing to say), anything else as JSON (models with every
        field, dataclasses, dicts, lists, dates as ISO 8601)."""
        if isinstance(result, str):
            return result
        if result is None:
            return ""
        try:
            return dumps(result, exclude_unset=False).decode()
        except ValueError as error:
            raise OpenwireError(
                f"The tool {self.name!r} returned a {type(result).__name__}, which cannot be written as "
                f"JSON ({error}); return a str, or a model, dict or list of JSON values."
            ) from error

    def _function(self) -> Callable[..., R]:
        if self.function is None:
            raise OpenwireError(
                f"The tool {self.name!r} has no function to call (it was made from a model); "
                "read its arguments with tool.parse_arguments(...) instead."
            )
        return self.function

    def _arguments(self, arguments: str) -> tuple[list[Any], dict[str, Any]]:
        parsed = self.parse_arguments(arguments)
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        for field, parameter, positional in self._plan:
            value = getattr(parsed, field)
            if positional:
                args.append(value)
            else:
                kwargs[parameter] = value
        return args, kwargs


@overload
def function_tool(
    fn: Callable[..., R], /, *, name: str | None = None, description: str | None = None, strict: bool = True
) -> FunctionTool[R]: ...
@overload
def function_tool(
    fn: None = None, /, *, name: str | None = None, description: str | None = None, strict: bool = True
) -> Callable[[Callable[..., R]], FunctionTool[R]]: ...
def function_tool(
    fn: Callable[..., Any] | None = None,
    /,
    *,
    name: str | None = None,
    description: str | None = None,
    strict: bool = True,
) -> FunctionTool[Any] | Callable[[Callable[..., Any]], FunctionTool[Any]]:
    """A tool made from a Python function: its parameters become the tool's arguments.

    ```python
    @function_tool
    def get_weather(city: str, unit: Literal["C", "F"] = "C") -> str:
        \"\"\"The weather in a city now.

        Args:
            city: the city's name, in English.
            unit: the temperature scale.
        \"\"\"

    @function_tool(name="lookup", strict=False)
    def search(query: str) -> list[str]: ...

    tool = function_tool(client_side_object.method)  # a bound method: `self` is not an argument
    ```

    Every parameter needs a type annotation (strict mode needs the type of every argument);
    `Annotated[int, Field(description=...)]` and defaults are honoured, and annotations written
    as strings (`from __future__ import annotations`) are resolved. The description is
    `description=` or the docstring's first paragraph; a parameter's description is its
    `Field(description=...)` or its entry in the docstring (Google `Args:`, Sphinx `:param x:`,
    NumPy `Parameters` sections). The name is `name=` or the function's name.

    With `strict=True` the parameters are the strict schema (see `strict_json_schema`): a
    parameter of a type strict mode cannot express (a `dict`, `Any`, a tuple) raises
    `StrictSchemaError`; `strict=False` sends pydantic's schema as it is.

    Raises `ToolDefinitionError` for `*args` / `**kwargs`, a parameter without annotation, a name
    the API does not accept (a lambda's: pass `name=`), or something that is not callable.
    """
    if fn is None:

        def decorate(function: Callable[..., R]) -> FunctionTool[R]:
            return _make_tool(function, name, description, strict)

        return decorate
    return _make_tool(fn, name, description, strict)


def pydantic_function_tool(
    model: type[pydantic.BaseModel], /, *, name: str | None = None, description: str | None = None
) -> FunctionTool[None]:
    """A strict tool whose arguments are `model`, with no function: read the calls with
    `tool.parse_arguments(call.arguments)`, which gives a `model`.

    ```python
    class CreateTicket(BaseModel):
        \"\"\"Open a support ticket.\"\"\"

        title: str
        priority: Literal["low", "high"]

    tool = pydantic_function_tool(CreateTicket)
    ```

    The name is `name=` or the class's name (`Page[Item]` gives `Page_Item_`); the description
    is `description=` or the first paragraph of the class's own docstring (`None` without one).
    Raises `StrictSchemaError` for a model strict mode cannot express.
    """
    given: object = model  # checked: an instance or a plain class is an easy slip
    if not (isinstance(given, type) and issubclass(given, pydantic.BaseModel)):
        raise ToolDefinitionError(
            f"pydantic_function_tool() takes a pydantic model class, not {model!r}; "
            "for a function use function_tool()."
        )
    # The class's own docstring only: an undocumented model would otherwise read BaseModel's.
    own_doc = model.__dict__.get("__doc__")
    return FunctionTool[None](
        name=name if name is not None else schema_name(model),
        description=description if description is not None else _first_paragraph(own_doc),
        parameters=strict_json_schema(model),
        strict=True,
        model=model,
        function=None,
    )


def _make_tool(
    fn: Callable[..., R], name: str | None, description: str | None, strict: bool
) -> FunctionTool[R]:
    if not callable(fn):
        raise ToolDefinitionError(f"function_tool() takes a function, not {type(fn).__name__} {fn!r}.")
    tool_name = name if name is not None else _function_name(fn)
    _check_name(tool_name)
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError) as error:
        raise ToolDefinitionError(f"The signature of {tool_name}() cannot be read ({error}).") from None
    doc = inspect.getdoc(_documented(fn))
    hints = _type_hints(fn, tool_name)
    described = _parameter_docs(doc)
    taken = set(signature.parameters)
    fields: dict[str, Any] = {}
    for parameter in signature.parameters.values():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            stars = "*" if parameter.kind is parameter.VAR_POSITIONAL else "**"
            raise ToolDefinitionError(
                f"{tool_name}() takes {stars}{parameter.name}, which a tool cannot: the model writes "
                "named arguments as JSON. List the parameters one by one, or take one model."
            )
        if parameter.name not in hints:
            raise ToolDefinitionError(
                f"The parameter {parameter.name!r} of {tool_name}() has no type annotation; annotate it "
                "(the tool's schema needs the type of every argument)."
            )
        annotation = hints[parameter.name]
        default = ... if parameter.default is parameter.empty else parameter.default
        field_name = _field_name(parameter.name, taken)
        options: dict[str, Any] = {}
        if field_name != parameter.name:
            options["alias"] = parameter.name
        doc_text = described.get(parameter.name)
        if doc_text and not _has_description(annotation):
            options["description"] = doc_text
        if isinstance(default, FieldInfo):  # `x: int = Field(5, ge=0)`: its settings win over ours
            annotation = typing.Annotated[annotation, pydantic.Field(**options)] if options else annotation
            fields[field_name] = (annotation, default)
        else:
            fields[field_name] = (annotation, pydantic.Field(default, **options) if options else default)
    model: type[pydantic.BaseModel] = pydantic.create_model(
        _model_name(tool_name),
        __config__=pydantic.ConfigDict(protected_namespaces=()),  # a parameter may be `model_name`
        **fields,
    )
    if strict:
        hint = " (or pass strict=False to function_tool)"
        parameters = rewrite(json_schema_of(model), tool_name, hint=hint)
    else:
        parameters = model.model_json_schema()
    return FunctionTool(
        name=tool_name,
        description=description if description is not None else _first_paragraph(doc),
        parameters=parameters,
        strict=strict,
        model=model,
        function=fn,
    )


def _check_name(name: str) -> None:
    if not _NAME.fullmatch(name):
        raise ToolDefinitionError(
            f"{name!r} is not a name the API accepts for a tool: 1 to 64 of a-z, A-Z, 0-9, _ and -; "
            "pass name=..."
        )


def _function_name(fn: Callable[..., Any]) -> str:
    while isinstance(fn, functools.partial):
        fn = fn.func
    name = getattr(fn, "__name__", None)
    return str(name if name is not None else type(fn).__name__)


def _documented(fn: Callable[..., Any]) -> Callable[..., Any]:
    """What holds `fn`'s docstring and annotations: itself, the function a partial wraps, or the
    `__call__` method of a callable object."""
    while isinstance(fn, functools.partial):
        fn = fn.func
    if inspect.isroutine(fn) or inspect.isclass(fn):
        return fn
    return type(fn).__call__


def _type_hints(fn: Callable[..., Any], tool_name: str) -> dict[str, Any]:
    target = _documented(fn)
    if inspect.isclass(target):
        target = target.__init__
    try:
        return typing.get_type_hints(target, include_extras=True)
    except (NameError, TypeError) as error:
        raise ToolDefinitionError(
            f"The annotations of {tool_name}() cannot be resolved ({error}); define the types they "
            "name at module level, where the function's module can see them."
        ) from None


def _is_async(fn: Callable[..., Any]) -> bool:
    # A callable object's `__call__` may be the coroutine function.
    return inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(_documented(fn))


def _field_name(parameter: str, taken: set[str]) -> str:
    """The arguments model's name for a parameter: the parameter's own, unless pydantic would
    take it for a private attribute (`_x`) or it would hide a `BaseModel` attribute (`json`,
    `copy`); then another name, the parameter's staying the field's alias (its JSON key)."""
    if not parameter.startswith("_") and not hasattr(pydantic.BaseModel, parameter):
        return parameter
    candidate = f"arg_{parameter.lstrip('_')}"
    while candidate in taken or hasattr(pydantic.BaseModel, candidate):
        candidate += "_"
    taken.add(candidate)
    return candidate


def _call_plan(
    function: Callable[..., Any], model: type[pydantic.BaseModel]
) -> tuple[tuple[str, str, bool], ...]:
    """For each argument: the model's field, the parameter it goes to, and whether it goes by
    position (positional-only parameters)."""
    by_key = {info.alias or field: field for field, info in model.model_fields.items()}
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return tuple((field, key, False) for key, field in by_key.items())
    return tuple(
        (by_key[parameter.name], parameter.name, parameter.kind is parameter.POSITIONAL_ONLY)
        for parameter in parameters
        if parameter.name in by_key
    )


def _model_name(tool_name: str) -> str:
    words = re.split(r"[_-]+", tool_name)
    return "".join(word[:1].upper() + word[1:] for word in words) + "Arguments"


def _has_description(annotation: object) -> bool:
    if typing.get_origin(annotation) is not typing.Annotated:
        return False
    return any(
        isinstance(item, FieldInfo) and item.description is not None
        for item in typing.get_args(annotation)[1:]
    )


# --- docstrings --------------------------------------------------------------------------------

_GOOGLE_SECTION = re.compile(r"(Args|Arguments|Parameters|Params|Keyword Args|Keyword Arguments):")
_GOOGLE_ENTRY = re.compile(r"\*{0,2}(\w+)\s*(?:\([^)]*\))?\s*:\s*(.*)")
_SPHINX_ENTRY = re.compile(r":param\s+(?:[^:]*\s)?(\w+)\s*:\s*(.*)")
_NUMPY_ENTRY = re.compile(r"(\w+(?:\s*,\s*\w+)*)\s*(?::.*)?")
_SECTION = re.compile(
    r"(Args|Arguments|Parameters|Params|Keyword Args|Keyword Arguments|Other Parameters|Returns?|Yields?"
    r"|Raises|Examples?|Notes?|Attributes|See Also|Warnings?|Todo|References):"
)


def _first_paragraph(doc: str | None) -> str | None:
    """A docstring's first paragraph as one line, up to its first blank line or section."""
    if not doc:
        return None
    lines = inspect.cleandoc(doc).splitlines()
    kept: list[str] = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or _starts_section(lines, index):
            break
        kept.append(stripped)
    return " ".join(kept) or None


def _starts_section(lines: list[str], index: int) -> bool:
    stripped = lines[index].strip()
    if _SECTION.fullmatch(stripped) or stripped.startswith(":"):
        return True
    return index + 1 < len(lines) and _is_underline(lines[index + 1])


def _is_underline(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= 3 and set(stripped) == {"-"}


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _parameter_docs(doc: str | None) -> dict[str, str]:
    """Each parameter's description in a Google (`Args:`), Sphinx (`:param x:`) or NumPy
    (`Parameters` / `----------`) docstring, continuation lines joined into one line."""
    if not doc:
        return {}
    lines = inspect.cleandoc(doc).splitlines()
    found: dict[str, list[str]] = {}
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if (
            stripped in ("Parameters", "Other Parameters")
            and index + 1 < len(lines)
            and _is_underline(lines[index + 1])
        ):
            index = _numpy_section(lines, index + 2, _indent(line), found)
        elif _GOOGLE_SECTION.fullmatch(stripped):
            index = _google_section(lines, index + 1, _indent(line), found)
        elif match := _SPHINX_ENTRY.fullmatch(stripped):
            parts = found.setdefault(match.group(1), [match.group(2)])
            index += 1
            while index < len(lines) and lines[index].strip() and _indent(lines[index]) > _indent(line):
                parts.append(lines[index].strip())
                index += 1
        else:
            index += 1
    return {name: " ".join(part for part in parts if part) for name, parts in found.items()}


def _google_section(lines: list[str], index: int, base: int, found: dict[str, list[str]]) -> int:
    entry_indent: int | None = None
    current: list[str] | None = None
    while index < len(lines):
        line = lines[index]
        if line.strip() and _indent(line) <= base:
            break  # the next section
        if line.strip():
            indent = _indent(line)
            if entry_indent is None:
                entry_indent = indent
            match = _GOOGLE_ENTRY.fullmatch(line.strip()) if indent == entry_indent else None
            if match:
                current = found.setdefault(match.group(1), [match.group(2)])
            elif current is not None:
                current.append(line.strip())
        index += 1
    return index


def _numpy_section(lines: list[str], index: int, base: int, found: dict[str, list[str]]) -> int:
    current: list[list[str]] = []
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if index + 1 < len(lines) and stripped and _is_underline(lines[index + 1]):
            break  # the next section's heading
        if stripped and _indent(line) <= base:
            match = _NUMPY_ENTRY.fullmatch(stripped)
            if match is None:
                break
            current = [found.setdefault(name.strip(), []) for name in match.group(1).split(",")]
        elif stripped:
            for parts in current:
                parts.append(stripped)
        index += 1
    return index
