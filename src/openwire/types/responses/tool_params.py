"""The tools a Responses request offers the model (`tools`), and how it picks one (`tool_choice`).

Values the API takes from a fixed set are typed `Literal[...] | str`, so values newer than this version
of openwire still type-check; `type` tags stay exact, so type checkers tell the tools apart.
"""

# No `from __future__ import annotations` here: it would turn `Required[...]` into strings, and the
# TypedDicts would no longer know at runtime which keys are required. Names defined further down the
# module are written as strings instead.

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, TypeAlias

from typing_extensions import Required, TypedDict

__all__ = [
    "ApplyPatchToolParam",
    "CodeInterpreterContainerAutoParam",
    "CodeInterpreterToolParam",
    "ComparisonFilterParam",
    "CompoundFilterParam",
    "ComputerToolParam",
    "ComputerUsePreviewToolParam",
    "ContainerAutoParam",
    "ContainerNetworkPolicyAllowlistParam",
    "ContainerNetworkPolicyDisabledParam",
    "ContainerNetworkPolicyDomainSecretParam",
    "ContainerNetworkPolicyParam",
    "ContainerReferenceParam",
    "CustomGrammarFormatParam",
    "CustomTextFormatParam",
    "CustomToolFormatParam",
    "CustomToolParam",
    "FileSearchFilterParam",
    "FileSearchHybridSearchParam",
    "FileSearchRankingOptionsParam",
    "FileSearchToolParam",
    "FunctionToolParam",
    "ImageGenerationInputMaskParam",
    "ImageGenerationToolParam",
    "InlineSkillParam",
    "InlineSkillSourceParam",
    "LocalEnvironmentParam",
    "LocalShellToolParam",
    "LocalSkillParam",
    "McpToolApprovalFilterParam",
    "McpToolFilterParam",
    "McpToolParam",
    "NamespaceToolParam",
    "ProgrammaticToolCallingToolParam",
    "ShellToolParam",
    "SkillReferenceParam",
    "ToolCallerParam",
    "ToolChoiceAllowedParam",
    "ToolChoiceApplyPatchParam",
    "ToolChoiceCustomParam",
    "ToolChoiceFunctionParam",
    "ToolChoiceMcpParam",
    "ToolChoiceOptionsParam",
    "ToolChoiceParam",
    "ToolChoiceProgrammaticToolCallingParam",
    "ToolChoiceShellParam",
    "ToolChoiceTypesParam",
    "ToolParam",
    "ToolSearchToolParam",
    "WebSearchApproximateLocationParam",
    "WebSearchFiltersParam",
    "WebSearchPreviewToolParam",
    "WebSearchPreviewUserLocationParam",
    "WebSearchToolParam",
]

ToolCallerParam: TypeAlias = Literal["direct", "programmatic"] | str
"""Who may call a tool: the model itself (`direct`) or code it runs (`programmatic` tool calling)."""


# Function and custom tools


class FunctionToolParam(TypedDict, total=False):
    """A function in your code that the model may call with JSON arguments."""

    type: Required[Literal["function"]]
    """Always `function`."""
    name: Required[str]
    """The function's name, as calls to it will name it."""
    description: str | None
    """What the function does, for the model to decide when and how to call it."""
    parameters: Mapping[str, object] | None
    """The arguments, as a JSON Schema object."""
    output_schema: Mapping[str, object] | None
    """A JSON Schema of the JSON value your outputs for this function hold, as strings."""
    strict: bool | None
    """Make the arguments follow `parameters` exactly (a subset of JSON Schema is supported)."""
    defer_loading: bool
    """Leave the function out of the model's context until tool search loads it."""
    allowed_callers: Sequence[ToolCallerParam] | None
    """Who may call the function: the model directly, programmatic tool calling, or both."""


class CustomToolParam(TypedDict, total=False):
    """A tool the model calls with free text, or text following a grammar."""

    type: Required[Literal["custom"]]
    """Always `custom`."""
    name: Required[str]
    """The tool's name, as calls to it will name it."""
    description: str
    """What the tool does."""
    format: "CustomToolFormatParam"
    """The format of the input: unconstrained text (the default) or a grammar."""
    defer_loading: bool
    """Leave the tool out of the model's context until tool search loads it."""
    allowed_callers: Sequence[ToolCallerParam] | None
    """Who may call the tool: the model directly, programmatic tool calling, or both."""


class CustomTextFormatParam(TypedDict, total=False):
    """Unconstrained text input for a custom tool."""

    type: Required[Literal["text"]]
    """Always `text`."""


class CustomGrammarFormatParam(TypedDict, total=False):
    """Input for a custom tool that follows a grammar."""

    type: Required[Literal["grammar"]]
    """Always `grammar`."""
    syntax: Required[Literal["lark", "regex"] | str]
    """The syntax of `definition`: `lark` or `regex`."""
    definition: Required[str]
    """The grammar."""


CustomToolFormatParam: TypeAlias = CustomTextFormatParam | CustomGrammarFormatParam
"""The input format of a custom tool."""


class NamespaceToolParam(TypedDict, total=False):
    """Function and custom tools grouped under one name (calls name the namespace too)."""

    type: Required[Literal["namespace"]]
    """Always `namespace`."""
    name: Required[str]
    """The namespace's name, like `crm`."""
    description: Required[str]
    """What the tools of the namespace are for, shown to the model."""
    tools: Required[Iterable[FunctionToolParam | CustomToolParam]]
    """The tools in the namespace."""


class ToolSearchToolParam(TypedDict, total=False):
    """Let the model search deferred tools (`defer_loading`) and load the ones it needs."""

    type: Required[Literal["tool_search"]]
    """Always `tool_search`."""
    execution: Literal["server", "client"] | str
    """Who runs the search: the API (`server`) or your code (`client`)."""
    description: str | None
    """What the search does, shown to the model (client-run search)."""
    parameters: Mapping[str, object] | None
    """The search's arguments as a JSON Schema object (client-run search)."""


class ProgrammaticToolCallingToolParam(TypedDict, total=False):
    """Let the model write a program that calls tools (those whose `allowed_callers` permit it)."""

    type: Required[Literal["programmatic_tool_calling"]]
    """Always `programmatic_tool_calling`."""


# File search


class FileSearchToolParam(TypedDict, total=False):
    """Search uploaded files in vector stores."""

    type: Required[Literal["file_search"]]
    """Always `file_search`."""
    vector_store_ids: Required[Sequence[str]]
    """The vector stores to search."""
    max_num_results: int
    """The most results to return, from 1 to 50."""
    ranking_options: "FileSearchRankingOptionsParam"
    """How results are ranked."""
    filters: "FileSearchFilterParam | None"
    """Only search files whose attributes pass this filter."""


class FileSearchRankingOptionsParam(TypedDict, total=False):
    """How file search ranks its results."""

    ranker: Literal["auto", "default-2024-11-15"] | str
    """The ranker."""
    score_threshold: float
    """From 0 to 1: leave out results scoring below this (higher returns fewer, more relevant ones)."""
    hybrid_search: "FileSearchHybridSearchParam"
    """How semantic and keyword matches are weighed against each other in hybrid search."""


class FileSearchHybridSearchParam(TypedDict, total=False):
    """The weights of reciprocal rank fusion in hybrid search."""

    embedding_weight: Required[float]
    """The weight of semantic (embedding) matches."""
    text_weight: Required[float]
    """The weight of keyword (text) matches."""


class ComparisonFilterParam(TypedDict, total=False):
    """Compare one attribute of a file with a value."""

    type: Required[Literal["eq", "ne", "gt", "gte", "lt", "lte", "in", "nin"]]
    """The comparison: equal, not equal, greater (or equal), less (or equal), in, not in."""
    key: Required[str]
    """The attribute to compare."""
    value: Required[str | float | bool | Sequence[str | float]]
    """The value to compare with (a list for `in` and `nin`)."""


class CompoundFilterParam(TypedDict, total=False):
    """Combine filters with `and` or `or`."""

    type: Required[Literal["and", "or"]]
    """How the filters combine."""
    filters: Required[Iterable["ComparisonFilterParam | CompoundFilterParam"]]
    """The filters to combine (compound filters nest)."""


FileSearchFilterParam: TypeAlias = ComparisonFilterParam | CompoundFilterParam
"""A filter on file attributes: one comparison, or several combined."""


# Computer use


class ComputerToolParam(TypedDict, total=False):
    """Let the model operate a computer (screenshots in, mouse and keyboard actions out)."""

    type: Required[Literal["computer"]]
    """Always `computer`."""


class ComputerUsePreviewToolParam(TypedDict, total=False):
    """Let the model operate a computer (the preview tool, with its screen described here)."""

    type: Required[Literal["computer_use_preview"]]
    """Always `computer_use_preview`."""
    environment: Required[Literal["windows", "mac", "linux", "ubuntu", "browser"] | str]
    """The kind of computer."""
    display_width: Required[int]
    """The screen's width, in pixels."""
    display_height: Required[int]
    """The screen's height, in pixels."""


# Web search


class WebSearchToolParam(TypedDict, total=False):
    """Search the web for sources while answering."""

    type: Required[Literal["web_search", "web_search_2025_08_26"]]
    """`web_search`, or a dated version of it."""
    external_web_access: bool
    """Fetch live pages (the default); `False` searches only what is cached."""
    filters: "WebSearchFiltersParam | None"
    """Limits on what the search may return."""
    user_location: "WebSearchApproximateLocationParam | None"
    """Where the user roughly is, to localize the search."""
    search_context_size: Literal["low", "medium", "high"] | str
    """How much of the context window the search results may take (`medium` by default)."""


class WebSearchFiltersParam(TypedDict, total=False):
    """Limits on what a web search returns."""

    allowed_domains: Sequence[str] | None
    """Only search these domains (and their subdomains), like `openai.com`."""


class WebSearchApproximateLocationParam(TypedDict, total=False):
    """The user's rough location: give any of its fields."""

    type: Literal["approximate"]
    """Always `approximate`."""
    country: str | None
    """The two-letter ISO country code, like `US`."""
    region: str | None
    """The region, like `California`."""
    city: str | None
    """The city, like `San Francisco`."""
    timezone: str | None
    """The IANA time zone, like `America/Los_Angeles`."""


class WebSearchPreviewToolParam(TypedDict, total=False):
    """Search the web for sources while answering (the preview tool)."""

    type: Required[Literal["web_search_preview", "web_search_preview_2025_03_11"]]
    """`web_search_preview`, or a dated version of it."""
    user_location: "WebSearchPreviewUserLocationParam | None"
    """Where the user roughly is, to localize the search."""
    search_context_size: Literal["low", "medium", "high"] | str
    """How much of the context window the search results may take (`medium` by default)."""
    search_content_types: Sequence[Literal["text", "image"] | str]
    """The kinds of content the search may return."""


class WebSearchPreviewUserLocationParam(TypedDict, total=False):
    """The user's rough location, for the preview web search tool."""

    type: Required[Literal["approximate"]]
    """Always `approximate`."""
    country: str | None
    """The two-letter ISO country code, like `US`."""
    region: str | None
    """The region, like `California`."""
    city: str | None
    """The city, like `San Francisco`."""
    timezone: str | None
    """The IANA time zone, like `America/Los_Angeles`."""


# MCP


class McpToolParam(TypedDict, total=False):
    """The tools of a remote MCP server or of a service connector; give one of `server_url`,
    `connector_id` or `tunnel_id`."""

    type: Required[Literal["mcp"]]
    """Always `mcp`."""
    server_label: Required[str]
    """A label for the server, which calls to its tools carry."""
    server_url: str
    """The server's URL."""
    connector_id: (
        Literal[
            "connector_dropbox",
            "connector_gmail",
            "connector_googlecalendar",
            "connector_googledrive",
            "connector_microsoftteams",
            "connector_outlookcalendar",
            "connector_outlookemail",
            "connector_sharepoint",
        ]
        | str
    )
    """A service connector (Dropbox, Gmail, Google Drive, SharePoint, ...) instead of a server URL."""
    tunnel_id: str
    """A Secure MCP Tunnel to reach the server through, instead of a server URL."""
    authorization: str
    """An OAuth access token for the server or connector (your application obtains it)."""
    server_description: str
    """What the server is for, to give the model context."""
    headers: Mapping[str, str] | None
    """HTTP headers to send to the server, for example to authenticate."""
    allowed_tools: "Sequence[str] | McpToolFilterParam | None"
    """Only these tools of the server: a list of names, or a filter."""
    allowed_callers: Sequence[ToolCallerParam] | None
    """Who may call the server's tools: the model directly, programmatic tool calling, or both."""
    require_approval: "McpToolApprovalFilterParam | Literal['always', 'never'] | str | None"
    """Which tools need your approval before each call: `always`, `never`, or per tool."""
    defer_loading: bool
    """Leave the server's tools out of the model's context until tool search loads them."""


class McpToolFilterParam(TypedDict, total=False):
    """A selection of an MCP server's tools."""

    tool_names: Sequence[str]
    """The tools, by name."""
    read_only: bool
    """Only the tools the server marks as read-only."""


class McpToolApprovalFilterParam(TypedDict, total=False):
    """Which tools of an MCP server need approval, and which do not."""

    always: McpToolFilterParam
    """The tools that always need approval."""
    never: McpToolFilterParam
    """The tools that never need approval."""


# Code interpreter, containers and skills


class CodeInterpreterToolParam(TypedDict, total=False):
    """Let the model run Python code in a container."""

    type: Required[Literal["code_interpreter"]]
    """Always `code_interpreter`."""
    container: Required["str | CodeInterpreterContainerAutoParam"]
    """A container, by id, or one the API creates for the request."""
    allowed_callers: Sequence[ToolCallerParam] | None
    """Who may call the tool: the model directly, programmatic tool calling, or both."""


class CodeInterpreterContainerAutoParam(TypedDict, total=False):
    """A container the API creates for the code interpreter (or reuses from this conversation)."""

    type: Required[Literal["auto"]]
    """Always `auto`."""
    file_ids: Sequence[str]
    """Uploaded files to make available to the code."""
    memory_limit: Literal["1g", "4g", "16g", "64g"] | str | None
    """The container's memory limit."""
    network_policy: "ContainerNetworkPolicyParam"
    """Whether the container may reach the network, and where."""


class ContainerNetworkPolicyDisabledParam(TypedDict, total=False):
    """No outbound network access."""

    type: Required[Literal["disabled"]]
    """Always `disabled`."""


class ContainerNetworkPolicyAllowlistParam(TypedDict, total=False):
    """Outbound network access to listed domains only."""

    type: Required[Literal["allowlist"]]
    """Always `allowlist`."""
    allowed_domains: Required[Sequence[str]]
    """The domains the container may reach."""
    domain_secrets: Iterable["ContainerNetworkPolicyDomainSecretParam"]
    """Secrets to inject into requests to some of the allowed domains."""


class ContainerNetworkPolicyDomainSecretParam(TypedDict, total=False):
    """A secret injected into requests to one domain."""

    domain: Required[str]
    """The domain."""
    name: Required[str]
    """The secret's name."""
    value: Required[str]
    """The secret's value."""


ContainerNetworkPolicyParam: TypeAlias = (
    ContainerNetworkPolicyDisabledParam | ContainerNetworkPolicyAllowlistParam
)
"""A container's network access."""


class ContainerAutoParam(TypedDict, total=False):
    """A container the API creates for the shell tool."""

    type: Required[Literal["container_auto"]]
    """Always `container_auto`."""
    file_ids: Sequence[str]
    """Uploaded files to make available in the container."""
    memory_limit: Literal["1g", "4g", "16g", "64g"] | str | None
    """The container's memory limit."""
    network_policy: ContainerNetworkPolicyParam
    """Whether the container may reach the network, and where."""
    skills: Iterable["SkillReferenceParam | InlineSkillParam"]
    """Skills to install in the container: uploaded ones by id, or inline."""


class ContainerReferenceParam(TypedDict, total=False):
    """An existing container, by id."""

    type: Required[Literal["container_reference"]]
    """Always `container_reference`."""
    container_id: Required[str]
    """The container's id."""


class LocalEnvironmentParam(TypedDict, total=False):
    """Your own machine: your code runs the shell commands."""

    type: Required[Literal["local"]]
    """Always `local`."""
    skills: Iterable["LocalSkillParam"]
    """Skills available on the machine."""


class SkillReferenceParam(TypedDict, total=False):
    """A skill uploaded through the skills API, by id."""

    type: Required[Literal["skill_reference"]]
    """Always `skill_reference`."""
    skill_id: Required[str]
    """The skill's id."""
    version: str
    """A version number, or `latest`; the skill's default version if left out."""


class InlineSkillParam(TypedDict, total=False):
    """A skill given with the request, as a zip archive."""

    type: Required[Literal["inline"]]
    """Always `inline`."""
    name: Required[str]
    """The skill's name."""
    description: Required[str]
    """What the skill does."""
    source: Required["InlineSkillSourceParam"]
    """The skill's files."""


class InlineSkillSourceParam(TypedDict, total=False):
    """The files of an inline skill."""

    type: Required[Literal["base64"]]
    """Always `base64`."""
    media_type: Required[Literal["application/zip"] | str]
    """Always `application/zip`."""
    data: Required[str]
    """The zip archive, base64-encoded."""


class LocalSkillParam(TypedDict, total=False):
    """A skill in a directory of your machine."""

    name: Required[str]
    """The skill's name."""
    description: Required[str]
    """What the skill does."""
    path: Required[str]
    """The directory holding the skill."""


# Image generation


class ImageGenerationToolParam(TypedDict, total=False):
    """Let the model generate or edit images."""

    type: Required[Literal["image_generation"]]
    """Always `image_generation`."""
    model: (
        Literal["gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2", "gpt-image-2-2026-04-21"]
        | str
    )
    """The image model (`gpt-image-1` by default)."""
    quality: Literal["low", "medium", "high", "auto"] | str
    """The image quality (`auto` by default)."""
    size: Literal["1024x1024", "1024x1536", "1536x1024", "auto"] | str
    """The size as `WIDTHxHEIGHT`, or `auto` (the default)."""
    output_format: Literal["png", "webp", "jpeg"] | str
    """The image format (`png` by default)."""
    output_compression: int
    """From 0 to 100: the compression of `webp` and `jpeg` images (100 by default)."""
    moderation: Literal["auto", "low"] | str
    """How strictly generated images are moderated (`auto` by default)."""
    background: Literal["transparent", "opaque", "auto"] | str
    """The background: `transparent` needs `png` or `webp` (`auto` by default)."""
    input_fidelity: Literal["high", "low"] | str | None
    """How closely edits keep the details (faces, logos) of input images."""
    input_image_mask: "ImageGenerationInputMaskParam"
    """A mask for inpainting: where the edit may change the image."""
    partial_images: int
    """From 0 (the default) to 3: partial images to stream while generating."""
    action: Literal["generate", "edit", "auto"] | str
    """Generate a new image, edit one, or let the model decide (`auto`, the default)."""


class ImageGenerationInputMaskParam(TypedDict, total=False):
    """An inpainting mask: by URL or by file id."""

    image_url: str
    """The mask's URL, or its data as a base64 `data:` URL."""
    file_id: str
    """The id of an uploaded mask."""


# Shell and patches


class LocalShellToolParam(TypedDict, total=False):
    """Let the model run shell commands on your machine (your code runs them)."""

    type: Required[Literal["local_shell"]]
    """Always `local_shell`."""


class ShellToolParam(TypedDict, total=False):
    """Let the model run shell commands, in a hosted container or on your machine."""

    type: Required[Literal["shell"]]
    """Always `shell`."""
    environment: ContainerAutoParam | LocalEnvironmentParam | ContainerReferenceParam | None
    """Where the commands run: a new container, an existing one, or your machine."""
    allowed_callers: Sequence[ToolCallerParam] | None
    """Who may call the tool: the model directly, programmatic tool calling, or both."""


class ApplyPatchToolParam(TypedDict, total=False):
    """Let the model create, delete and update files with patches (your code applies them)."""

    type: Required[Literal["apply_patch"]]
    """Always `apply_patch`."""
    allowed_callers: Sequence[ToolCallerParam] | None
    """Who may call the tool: the model directly, programmatic tool calling, or both."""


ToolParam: TypeAlias = (
    FunctionToolParam
    | FileSearchToolParam
    | ComputerToolParam
    | ComputerUsePreviewToolParam
    | WebSearchToolParam
    | McpToolParam
    | CodeInterpreterToolParam
    | ProgrammaticToolCallingToolParam
    | ImageGenerationToolParam
    | LocalShellToolParam
    | ShellToolParam
    | CustomToolParam
    | NamespaceToolParam
    | ToolSearchToolParam
    | WebSearchPreviewToolParam
    | ApplyPatchToolParam
)
"""A tool the model may use, told apart by its `type`."""


# Tool choice

ToolChoiceOptionsParam: TypeAlias = Literal["none", "auto", "required"]
"""`none`: answer without tools; `auto`: the model decides; `required`: call at least one tool."""


class ToolChoiceAllowedParam(TypedDict, total=False):
    """Let the model use only some of the tools (keeping `tools` the same helps prompt caching)."""

    type: Required[Literal["allowed_tools"]]
    """Always `allowed_tools`."""
    mode: Required[Literal["auto", "required"] | str]
    """`auto`: use an allowed tool or answer; `required`: call one or more allowed tools."""
    tools: Required[Iterable[Mapping[str, object]]]
    """The allowed tools, like `{"type": "function", "name": "get_weather"}` or `{"type": "mcp",
    "server_label": "deepwiki"}`."""


class ToolChoiceTypesParam(TypedDict, total=False):
    """Make the model use a built-in tool."""

    type: Required[
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
    ]
    """The built-in tool."""


class ToolChoiceFunctionParam(TypedDict, total=False):
    """Make the model call a given function."""

    type: Required[Literal["function"]]
    """Always `function`."""
    name: Required[str]
    """The function's name."""


class ToolChoiceMcpParam(TypedDict, total=False):
    """Make the model call a tool of a given MCP server."""

    type: Required[Literal["mcp"]]
    """Always `mcp`."""
    server_label: Required[str]
    """The server's label."""
    name: str | None
    """The tool to call; any of the server's tools if left out."""


class ToolChoiceCustomParam(TypedDict, total=False):
    """Make the model call a given custom tool."""

    type: Required[Literal["custom"]]
    """Always `custom`."""
    name: Required[str]
    """The custom tool's name."""


class ToolChoiceProgrammaticToolCallingParam(TypedDict, total=False):
    """Make the model call tools through a program."""

    type: Required[Literal["programmatic_tool_calling"]]
    """Always `programmatic_tool_calling`."""


class ToolChoiceApplyPatchParam(TypedDict, total=False):
    """Make the model use the apply patch tool."""

    type: Required[Literal["apply_patch"]]
    """Always `apply_patch`."""


class ToolChoiceShellParam(TypedDict, total=False):
    """Make the model use the shell tool."""

    type: Required[Literal["shell"]]
    """Always `shell`."""


ToolChoiceParam: TypeAlias = (
    ToolChoiceOptionsParam
    | str
    | ToolChoiceAllowedParam
    | ToolChoiceTypesParam
    | ToolChoiceFunctionParam
    | ToolChoiceMcpParam
    | ToolChoiceCustomParam
    | ToolChoiceProgrammaticToolCallingParam
    | ToolChoiceApplyPatchParam
    | ToolChoiceShellParam
)
"""Which tool the model uses: `none`, `auto`, `required`, a subset of the tools, a built-in tool, or
a named function, MCP tool or custom tool."""
