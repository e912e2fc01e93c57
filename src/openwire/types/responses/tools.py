"""The tools a Response was given, and its tool choice, as the server echoes them back.

Each tool's own fields are typed; the deeper configuration objects (search filters, container
settings, grammar formats, ...) are kept as plain dicts, exactly as sent.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Tag

from openwire._models import BaseModel, UnknownVariant, by_type, variant_of

__all__ = [
    "ApplyPatchTool",
    "CodeInterpreterTool",
    "ComputerTool",
    "ComputerUsePreviewTool",
    "CustomTool",
    "FileSearchTool",
    "FunctionTool",
    "ImageGenerationTool",
    "LocalShellTool",
    "MCPTool",
    "NamespaceTool",
    "ProgrammaticToolCallingTool",
    "ShellTool",
    "Tool",
    "ToolChoice",
    "ToolChoiceAllowed",
    "ToolChoiceApplyPatch",
    "ToolChoiceCustom",
    "ToolChoiceFunction",
    "ToolChoiceMCP",
    "ToolChoiceMode",
    "ToolChoiceProgrammaticToolCalling",
    "ToolChoiceShell",
    "ToolChoiceTypes",
    "ToolSearchTool",
    "WebSearchPreviewTool",
    "WebSearchTool",
]

ToolCallerKind = Literal["direct", "programmatic"] | str
"""A way a tool may be called: by the model (`direct`) or from a program it writes (`programmatic`)."""


class FunctionTool(BaseModel):
    """A function the model may call; the caller runs it."""

    type: Literal["function"] = "function"
    """Always `function`."""
    name: str
    """The function's name."""
    description: str | None = None
    """What the function does, for the model."""
    parameters: dict[str, Any] | None = None
    """The JSON schema of the function's arguments."""
    output_schema: dict[str, Any] | None = None
    """The JSON schema of what the function returns, if declared."""
    strict: bool | None = None
    """Whether the model's arguments must follow the schema exactly."""
    defer_loading: bool | None = None
    """Whether the tool is loaded only once a tool search finds it."""
    allowed_callers: list[ToolCallerKind] | None = None
    """How the tool may be called: directly, from a program, or both."""


class CustomTool(BaseModel):
    """A tool that takes free-form text input (optionally constrained by a grammar)."""

    type: Literal["custom"] = "custom"
    """Always `custom`."""
    name: str
    """The tool's name."""
    description: str | None = None
    """What the tool does, for the model."""
    format: dict[str, Any] | None = None
    """The input format: free text, or a grammar (`{"type": "grammar", ...}`)."""
    defer_loading: bool | None = None
    """Whether the tool is loaded only once a tool search finds it."""
    allowed_callers: list[ToolCallerKind] | None = None
    """How the tool may be called: directly, from a program, or both."""


class NamespaceTool(BaseModel):
    """A named group of function and custom tools."""

    type: Literal["namespace"] = "namespace"
    """Always `namespace`."""
    name: str
    """The namespace's name."""
    description: str | None = None
    """What the tools of the namespace are for."""
    tools: list[Tool] | None = None
    """The tools in the namespace."""


class FileSearchTool(BaseModel):
    """Search of uploaded files in vector stores, run by the server."""

    type: Literal["file_search"] = "file_search"
    """Always `file_search`."""
    vector_store_ids: list[str] | None = None
    """The vector stores to search."""
    max_num_results: int | None = None
    """How many results a search returns at most."""
    ranking_options: dict[str, Any] | None = None
    """How results are ranked (ranker, score threshold, ...)."""
    filters: dict[str, Any] | None = None
    """Which files to search, by their attributes."""


class WebSearchTool(BaseModel):
    """Web search, run by the server."""

    type: Literal["web_search", "web_search_2025_08_26"] | str = "web_search"
    """`web_search` (or a dated version)."""
    external_web_access: bool | None = None
    """Whether the search may fetch live pages (rather than cached content only)."""
    filters: dict[str, Any] | None = None
    """Which sites to search (`allowed_domains`)."""
    user_location: dict[str, Any] | None = None
    """The user's approximate location, to make results local."""
    search_context_size: Literal["low", "medium", "high"] | str | None = None
    """How much of the search results the model sees: `low`, `medium` or `high`."""


class WebSearchPreviewTool(BaseModel):
    """The preview version of web search, run by the server."""

    type: Literal["web_search_preview", "web_search_preview_2025_03_11"] | str = "web_search_preview"
    """`web_search_preview` (or a dated version)."""
    user_location: dict[str, Any] | None = None
    """The user's approximate location, to make results local."""
    search_context_size: Literal["low", "medium", "high"] | str | None = None
    """How much of the search results the model sees: `low`, `medium` or `high`."""
    search_content_types: list[str] | None = None
    """The kinds of content to search."""


class ComputerTool(BaseModel):
    """Control of a computer, carried out by the caller."""

    type: Literal["computer"] = "computer"
    """Always `computer`."""


class ComputerUsePreviewTool(BaseModel):
    """The preview version of computer control, carried out by the caller."""

    type: Literal["computer_use_preview"] = "computer_use_preview"
    """Always `computer_use_preview`."""
    environment: Literal["windows", "mac", "linux", "ubuntu", "browser"] | str | None = None
    """The kind of computer: `windows`, `mac`, `linux`, `ubuntu` or `browser`."""
    display_width: int | None = None
    """The screen's width in pixels."""
    display_height: int | None = None
    """The screen's height in pixels."""


class MCPTool(BaseModel):
    """The tools of a remote MCP server (or a connector), called by the server."""

    type: Literal["mcp"] = "mcp"
    """Always `mcp`."""
    server_label: str
    """The label the server goes by in tool calls."""
    server_url: str | None = None
    """The server's address."""
    connector_id: str | None = None
    """The connector used instead of a server URL (`connector_gmail`, ...)."""
    tunnel_id: str | None = None
    """The tunnel the server is reached through."""
    authorization: str | None = None
    """The OAuth access token used with the server or connector."""
    server_description: str | None = None
    """What the server is for, for the model."""
    headers: dict[str, str] | None = None
    """HTTP headers sent to the server."""
    allowed_tools: list[str] | dict[str, Any] | None = None
    """The server's tools the model may use: names, or a filter."""
    allowed_callers: list[ToolCallerKind] | None = None
    """How the tools may be called: directly, from a program, or both."""
    require_approval: Literal["always", "never"] | str | dict[str, Any] | None = None
    """Which calls need approval first: `always`, `never`, or a filter of tools."""
    defer_loading: bool | None = None
    """Whether the tools are loaded only once a tool search finds them."""


class CodeInterpreterTool(BaseModel):
    """Running Python code in a container, done by the server."""

    type: Literal["code_interpreter"] = "code_interpreter"
    """Always `code_interpreter`."""
    container: str | dict[str, Any] | None = None
    """The container: an id, or settings for a new one (`{"type": "auto", ...}`)."""
    allowed_callers: list[ToolCallerKind] | None = None
    """How the tool may be called: directly, from a program, or both."""


class ImageGenerationTool(BaseModel):
    """Generating images, done by the server."""

    type: Literal["image_generation"] = "image_generation"
    """Always `image_generation`."""
    model: str | None = None
    """The image model."""
    action: Literal["generate", "edit", "auto"] | str | None = None
    """Whether to generate a new image, edit one, or decide (`auto`)."""
    quality: Literal["low", "medium", "high", "auto"] | str | None = None
    """The image quality."""
    size: str | None = None
    """The image size (`1024x1024`, ... or `auto`)."""
    output_format: Literal["png", "webp", "jpeg"] | str | None = None
    """The image file format."""
    output_compression: int | None = None
    """The compression level of `webp` and `jpeg` images (0-100)."""
    moderation: Literal["auto", "low"] | str | None = None
    """How strictly generated images are moderated."""
    background: Literal["transparent", "opaque", "auto"] | str | None = None
    """The image background."""
    input_fidelity: Literal["high", "low"] | str | None = None
    """How closely edits keep the input images' features."""
    input_image_mask: dict[str, Any] | None = None
    """The mask of the area to edit (`image_url` or `file_id`)."""
    partial_images: int | None = None
    """How many partial images a stream sends while generating (0-3)."""


class LocalShellTool(BaseModel):
    """Running commands on the local machine, done by the caller."""

    type: Literal["local_shell"] = "local_shell"
    """Always `local_shell`."""


class ShellTool(BaseModel):
    """Running shell commands, in a hosted container or by the caller."""

    type: Literal["shell"] = "shell"
    """Always `shell`."""
    environment: dict[str, Any] | None = None
    """Where commands run (a container, or locally)."""
    allowed_callers: list[ToolCallerKind] | None = None
    """How the tool may be called: directly, from a program, or both."""


class ApplyPatchTool(BaseModel):
    """Creating, changing and deleting files with diffs, done by the caller."""

    type: Literal["apply_patch"] = "apply_patch"
    """Always `apply_patch`."""
    allowed_callers: list[ToolCallerKind] | None = None
    """How the tool may be called: directly, from a program, or both."""


class ToolSearchTool(BaseModel):
    """Searching the deferred tools for ones to load."""

    type: Literal["tool_search"] = "tool_search"
    """Always `tool_search`."""
    execution: Literal["server", "client"] | str | None = None
    """Who runs the search: the `server` or the `client`."""
    description: str | None = None
    """What the search is for, for the model."""
    parameters: dict[str, Any] | None = None
    """The JSON schema of the search's arguments (when the client runs it)."""


class ProgrammaticToolCallingTool(BaseModel):
    """Letting the model write programs that call the other tools."""

    type: Literal["programmatic_tool_calling"] = "programmatic_tool_calling"
    """Always `programmatic_tool_calling`."""


_KnownTool = (
    Annotated[FunctionTool, Tag("function")]
    | Annotated[FileSearchTool, Tag("file_search")]
    | Annotated[ComputerTool, Tag("computer")]
    | Annotated[ComputerUsePreviewTool, Tag("computer_use_preview")]
    | Annotated[WebSearchTool, Tag("web_search")]
    | Annotated[WebSearchTool, Tag("web_search_2025_08_26")]
    | Annotated[MCPTool, Tag("mcp")]
    | Annotated[CodeInterpreterTool, Tag("code_interpreter")]
    | Annotated[ProgrammaticToolCallingTool, Tag("programmatic_tool_calling")]
    | Annotated[ImageGenerationTool, Tag("image_generation")]
    | Annotated[LocalShellTool, Tag("local_shell")]
    | Annotated[ShellTool, Tag("shell")]
    | Annotated[CustomTool, Tag("custom")]
    | Annotated[NamespaceTool, Tag("namespace")]
    | Annotated[ToolSearchTool, Tag("tool_search")]
    | Annotated[WebSearchPreviewTool, Tag("web_search_preview")]
    | Annotated[WebSearchPreviewTool, Tag("web_search_preview_2025_03_11")]
    | Annotated[ApplyPatchTool, Tag("apply_patch")]
    | Annotated[UnknownVariant, Tag("unknown")]
)

Tool = Annotated[_KnownTool, by_type()]
"""A tool the model was given, by its `type` (`FunctionTool`, `FileSearchTool`, `MCPTool`, ...), or (for a
`type` openwire does not know yet) `UnknownVariant`."""


# -- tool choice ---------------------------------------------------------------------------------------

ToolChoiceMode = Literal["none", "auto", "required"] | str
"""Whether the model may call tools: `none`, `auto` (it decides) or `required` (at least one)."""


class ToolChoiceAllowed(BaseModel):
    """The model may use only some of its tools."""

    type: Literal["allowed_tools"] = "allowed_tools"
    """Always `allowed_tools`."""
    mode: Literal["auto", "required"] | str | None = None
    """Whether the model may pick among them (`auto`) or must call one (`required`)."""
    tools: list[dict[str, Any]] | None = None
    """The tools it may use, each as a tool reference (`{"type": "function", "name": ...}`)."""


class ToolChoiceTypes(BaseModel):
    """The model must use a built-in tool."""

    type: (
        Literal[
            "file_search",
            "web_search_preview",
            "computer",
            "computer_use_preview",
            "computer_use",
            "web_search_preview_2025_03_11",
            "image_generation",
            "code_interpreter",
        ]
        | str
    )
    """Which built-in tool (`file_search`, `web_search_preview`, `image_generation`, ...)."""


class ToolChoiceFunction(BaseModel):
    """The model must call a given function."""

    type: Literal["function"] = "function"
    """Always `function`."""
    name: str
    """The function's name."""


class ToolChoiceCustom(BaseModel):
    """The model must call a given custom tool."""

    type: Literal["custom"] = "custom"
    """Always `custom`."""
    name: str
    """The custom tool's name."""


class ToolChoiceMCP(BaseModel):
    """The model must use a tool of a given MCP server."""

    type: Literal["mcp"] = "mcp"
    """Always `mcp`."""
    server_label: str
    """The label of the MCP server."""
    name: str | None = None
    """The tool of that server, if a particular one."""


class ToolChoiceProgrammaticToolCalling(BaseModel):
    """The model must write a program that calls tools."""

    type: Literal["programmatic_tool_calling"] = "programmatic_tool_calling"
    """Always `programmatic_tool_calling`."""


class ToolChoiceApplyPatch(BaseModel):
    """The model must use the apply-patch tool."""

    type: Literal["apply_patch"] = "apply_patch"
    """Always `apply_patch`."""


class ToolChoiceShell(BaseModel):
    """The model must use the shell tool."""

    type: Literal["shell"] = "shell"
    """Always `shell`."""


_HOSTED = frozenset(
    {
        "file_search",
        "web_search_preview",
        "computer",
        "computer_use_preview",
        "computer_use",
        "web_search_preview_2025_03_11",
        "image_generation",
        "code_interpreter",
    }
)
_known_choice = variant_of(
    "allowed_tools", "function", "custom", "mcp", "programmatic_tool_calling", "apply_patch", "shell"
)


def _choice_variant(value: Any) -> str:
    kind = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    return "hosted" if kind in _HOSTED else _known_choice(value)


ToolChoice = (
    ToolChoiceMode
    | Annotated[
        Annotated[ToolChoiceAllowed, Tag("allowed_tools")]
        | Annotated[ToolChoiceTypes, Tag("hosted")]
        | Annotated[ToolChoiceFunction, Tag("function")]
        | Annotated[ToolChoiceCustom, Tag("custom")]
        | Annotated[ToolChoiceMCP, Tag("mcp")]
        | Annotated[ToolChoiceProgrammaticToolCalling, Tag("programmatic_tool_calling")]
        | Annotated[ToolChoiceApplyPatch, Tag("apply_patch")]
        | Annotated[ToolChoiceShell, Tag("shell")]
        | Annotated[UnknownVariant, Tag("unknown")],
        by_type(_choice_variant, not_by_type=("hosted",)),
    ]
)
"""How the model was told to use its tools: a mode (`none`, `auto`, `required`), or an object naming
the tool or tools (`ToolChoiceFunction`, `ToolChoiceAllowed`, `ToolChoiceTypes`, ...), or
`UnknownVariant`."""
