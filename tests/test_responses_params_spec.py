"""The request parameter types of the Responses and Conversations APIs against the OpenAPI spec.

Every TypedDict is checked against its schema: the same keys, the same required keys, `None` allowed
exactly where the spec allows `null`, every value of the spec's enums accepted (`type` and `role` tags
exactly, other values as `Literal[...] | str`), and every member of the spec's unions present.

The spec is read from `../shared/spec/openapi.yaml` (next to the repository); these tests skip when it
is absent. The type checkers' view of realistic requests is in `tests/typing/test_responses_params.py`.
"""

from __future__ import annotations

import collections.abc
import importlib
import inspect
import json
import pkgutil
import types
import typing
from typing import Any

import pytest
import typing_extensions

from _spec import deref, load_spec, operation_params, resolve, schema_at, typed_dict_keys
from openwire._models import BaseModel
from openwire._pydantic import dumps
from openwire.types import conversations, responses
from openwire.types import responses as r
from openwire.types.conversations import params as conversation_params
from openwire.types.responses import content_params, input_params, params, tool_call_params, tool_params

MODULES = [content_params, input_params, tool_call_params, tool_params, params, conversation_params]


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return load_spec()


# (spec location, parameter TypedDict). Keys and required keys must match the spec exactly, and so
# must the values each key allows (see `test_param_values_match_spec`).
PARAM_TYPES: list[tuple[tuple[str | int, ...], type]] = [
    # The request bodies and their options
    (("CreateResponse",), r.ResponseCreateParams),
    (("ConversationParam-2",), r.ResponseConversationParam),
    (("ContextManagementParam",), r.ContextManagementParam),
    (("ResponseStreamOptions",), r.ResponseStreamOptionsParam),
    (("Reasoning",), r.ReasoningParam),
    (("Prompt",), r.ResponsePromptParam),
    (("ResponseTextParam",), r.ResponseTextConfigParam),
    (("TextResponseFormatJsonSchema",), r.ResponseFormatTextJSONSchemaConfigParam),
    (("TokenCountsBody",), r.InputTokenCountParams),
    (("CompactResponseMethodPublicBody",), r.ResponseCompactParams),
    (("CreateConversationBody",), conversations.ConversationCreateParams),
    (("UpdateConversationBody",), conversations.ConversationUpdateParams),
    # Content parts
    (("InputTextContentParam",), r.ResponseInputTextParam),
    (("InputImageContentParamAutoParam",), r.ResponseInputImageParam),
    (("InputFileContentParam",), r.ResponseInputFileParam),
    (("OutputTextContent",), r.ResponseOutputTextParam),
    (("RefusalContent",), r.ResponseOutputRefusalParam),
    (("FileCitationBody",), r.ResponseOutputTextFileCitationParam),
    (("UrlCitationBody",), r.ResponseOutputTextURLCitationParam),
    (("ContainerFileCitationBody",), r.ResponseOutputTextContainerFileCitationParam),
    (("FilePath",), r.ResponseOutputTextFilePathParam),
    (("LogProb",), r.ResponseOutputTextLogprobParam),
    (("TopLogProb",), r.ResponseOutputTextTopLogprobParam),
    # Input items
    (("EasyInputMessage",), r.EasyInputMessageParam),
    (("InputMessage",), r.ResponseInputMessageParam),
    (("OutputMessage",), r.ResponseOutputMessageParam),
    (("FunctionToolCall",), r.ResponseFunctionToolCallParam),
    (("FunctionCallOutputItemParam",), r.ResponseFunctionCallOutputParam),
    (("CustomToolCall",), r.ResponseCustomToolCallParam),
    (("CustomToolCallOutput",), r.ResponseCustomToolCallOutputParam),
    (("ToolSearchCallItemParam",), r.ResponseToolSearchCallParam),
    (("ToolSearchOutputItemParam",), r.ResponseToolSearchOutputParam),
    (("AdditionalToolsItemParam",), r.ResponseAdditionalToolsParam),
    (("ProgramItemParam",), r.ResponseProgramParam),
    (("ProgramOutputItemParam",), r.ResponseProgramOutputParam),
    (("ReasoningItem",), r.ResponseReasoningItemParam),
    (("SummaryTextContent",), r.ReasoningSummaryTextParam),
    (("ReasoningTextContent",), r.ReasoningTextParam),
    (("CompactionSummaryItemParam",), r.ResponseCompactionItemParam),
    (("CompactionTriggerItemParam",), r.ResponseCompactionTriggerParam),
    (("ItemReferenceParam",), r.ItemReferenceParam),
    # Built-in tool call items
    (("DirectToolCallCallerParam",), r.ToolCallCallerDirectParam),
    (("ProgramToolCallCallerParam",), r.ToolCallCallerProgramParam),
    (("FileSearchToolCall",), r.ResponseFileSearchToolCallParam),
    (("FileSearchToolCall", "results", "[]"), r.FileSearchResultParam),
    (("WebSearchToolCall",), r.ResponseWebSearchCallParam),
    (("WebSearchActionSearch",), r.WebSearchActionSearchParam),
    (("WebSearchActionSearch", "sources", "[]"), r.WebSearchActionSearchSourceParam),
    (("WebSearchActionOpenPage",), r.WebSearchActionOpenPageParam),
    (("WebSearchActionFind",), r.WebSearchActionFindParam),
    (("ComputerToolCall",), r.ResponseComputerToolCallParam),
    (("ComputerCallSafetyCheckParam",), r.ComputerCallSafetyCheckParam),
    (("ComputerCallOutputItemParam",), r.ResponseComputerCallOutputParam),
    (("ComputerScreenshotImage",), r.ComputerScreenshotParam),
    (("ClickParam",), r.ComputerActionClickParam),
    (("DoubleClickAction",), r.ComputerActionDoubleClickParam),
    (("DragParam",), r.ComputerActionDragParam),
    (("CoordParam",), r.ComputerCoordinateParam),
    (("KeyPressAction",), r.ComputerActionKeypressParam),
    (("MoveParam",), r.ComputerActionMoveParam),
    (("ScreenshotParam",), r.ComputerActionScreenshotParam),
    (("ScrollParam",), r.ComputerActionScrollParam),
    (("TypeParam",), r.ComputerActionTypeParam),
    (("WaitParam",), r.ComputerActionWaitParam),
    (("ImageGenToolCall",), r.ResponseImageGenerationCallParam),
    (("CodeInterpreterToolCall",), r.ResponseCodeInterpreterToolCallParam),
    (("CodeInterpreterOutputLogs",), r.CodeInterpreterOutputLogsParam),
    (("CodeInterpreterOutputImage",), r.CodeInterpreterOutputImageParam),
    (("LocalShellToolCall",), r.ResponseLocalShellCallParam),
    (("LocalShellExecAction",), r.LocalShellExecActionParam),
    (("LocalShellToolCallOutput",), r.ResponseLocalShellCallOutputParam),
    (("FunctionShellCallItemParam",), r.ResponseShellCallParam),
    (("FunctionShellActionParam",), r.ShellActionParam),
    (("FunctionShellCallOutputItemParam",), r.ResponseShellCallOutputParam),
    (("FunctionShellCallOutputContentParam",), r.ShellCallOutputContentParam),
    (("FunctionShellCallOutputTimeoutOutcomeParam",), r.ShellCallTimeoutOutcomeParam),
    (("FunctionShellCallOutputExitOutcomeParam",), r.ShellCallExitOutcomeParam),
    (("ApplyPatchToolCallItemParam",), r.ResponseApplyPatchCallParam),
    (("ApplyPatchCreateFileOperationParam",), r.ApplyPatchCreateFileOperationParam),
    (("ApplyPatchDeleteFileOperationParam",), r.ApplyPatchDeleteFileOperationParam),
    (("ApplyPatchUpdateFileOperationParam",), r.ApplyPatchUpdateFileOperationParam),
    (("ApplyPatchToolCallOutputItemParam",), r.ResponseApplyPatchCallOutputParam),
    (("MCPListTools",), r.ResponseMcpListToolsParam),
    (("MCPListToolsTool",), r.McpListToolsToolParam),
    (("MCPApprovalRequest",), r.ResponseMcpApprovalRequestParam),
    (("MCPApprovalResponse",), r.ResponseMcpApprovalResponseParam),
    (("MCPToolCall",), r.ResponseMcpCallParam),
    (("MCPProtocolError",), r.McpProtocolErrorParam),
    (("MCPToolExecutionError",), r.McpToolExecutionErrorParam),
    (("HTTPError",), r.McpHTTPErrorParam),
    # Tools
    (("FunctionToolParam",), r.FunctionToolParam),
    (("CustomToolParam",), r.CustomToolParam),
    (("CustomTextFormatParam",), r.CustomTextFormatParam),
    (("CustomGrammarFormatParam",), r.CustomGrammarFormatParam),
    (("NamespaceToolParam",), r.NamespaceToolParam),
    (("ToolSearchToolParam",), r.ToolSearchToolParam),
    (("ProgrammaticToolCallingParam",), r.ProgrammaticToolCallingToolParam),
    (("FileSearchTool",), r.FileSearchToolParam),
    (("RankingOptions",), r.FileSearchRankingOptionsParam),
    (("HybridSearchOptions",), r.FileSearchHybridSearchParam),
    (("ComparisonFilter",), r.ComparisonFilterParam),
    (("CompoundFilter",), r.CompoundFilterParam),
    (("ComputerTool",), r.ComputerToolParam),
    (("ComputerUsePreviewTool",), r.ComputerUsePreviewToolParam),
    (("WebSearchTool",), r.WebSearchToolParam),
    (("WebSearchTool", "filters"), r.WebSearchFiltersParam),
    (("WebSearchApproximateLocation",), r.WebSearchApproximateLocationParam),
    (("WebSearchPreviewTool",), r.WebSearchPreviewToolParam),
    (("ApproximateLocation",), r.WebSearchPreviewUserLocationParam),
    (("MCPTool",), r.McpToolParam),
    (("MCPToolFilter",), r.McpToolFilterParam),
    (("MCPTool", "require_approval", 0, 0), r.McpToolApprovalFilterParam),
    (("CodeInterpreterTool",), r.CodeInterpreterToolParam),
    (("AutoCodeInterpreterToolParam",), r.CodeInterpreterContainerAutoParam),
    (("ContainerNetworkPolicyDisabledParam",), r.ContainerNetworkPolicyDisabledParam),
    (("ContainerNetworkPolicyAllowlistParam",), r.ContainerNetworkPolicyAllowlistParam),
    (("ContainerNetworkPolicyDomainSecretParam",), r.ContainerNetworkPolicyDomainSecretParam),
    (("ContainerAutoParam",), r.ContainerAutoParam),
    (("ContainerReferenceParam",), r.ContainerReferenceParam),
    (("LocalEnvironmentParam",), r.LocalEnvironmentParam),
    (("SkillReferenceParam",), r.SkillReferenceParam),
    (("InlineSkillParam",), r.InlineSkillParam),
    (("InlineSkillSourceParam",), r.InlineSkillSourceParam),
    (("LocalSkillParam",), r.LocalSkillParam),
    (("ImageGenTool",), r.ImageGenerationToolParam),
    (("ImageGenTool", "input_image_mask"), r.ImageGenerationInputMaskParam),
    (("LocalShellToolParam",), r.LocalShellToolParam),
    (("FunctionShellToolParam",), r.ShellToolParam),
    (("ApplyPatchToolParam",), r.ApplyPatchToolParam),
    # Tool choice
    (("ToolChoiceAllowed",), r.ToolChoiceAllowedParam),
    (("ToolChoiceTypes",), r.ToolChoiceTypesParam),
    (("ToolChoiceFunction",), r.ToolChoiceFunctionParam),
    (("ToolChoiceMCP",), r.ToolChoiceMcpParam),
    (("ToolChoiceCustom",), r.ToolChoiceCustomParam),
    (("SpecificProgrammaticToolCallingParam",), r.ToolChoiceProgrammaticToolCallingParam),
    (("SpecificApplyPatchParam",), r.ToolChoiceApplyPatchParam),
    (("SpecificFunctionShellParam",), r.ToolChoiceShellParam),
]

# (operationId, TypedDict): the JSON body's properties and the query parameters of an operation.
OPERATION_PARAMS: list[tuple[str, type]] = [
    ("getResponse", r.ResponseRetrieveParams),
    ("listInputItems", r.InputItemListParams),
    ("createConversationItems", conversations.ItemCreateParams),
    ("listConversationItems", conversations.ItemListParams),
    ("getConversationItem", conversations.ItemRetrieveParams),
]

# Schemas the spec uses for both what the API returns and what it takes, where one TypedDict serves
# both: the keys must match; the required keys may be fewer than the spec says, as named here.
ALSO_MATCHES: list[tuple[tuple[str | int, ...], type, set[str]]] = [
    (("InputTextContent",), r.ResponseInputTextParam, set()),
    # The spec's own "Image input" example of `POST /responses` leaves `detail` out (`auto`).
    (("InputImageContent",), r.ResponseInputImageParam, {"detail"}),
    (("InputFileContent",), r.ResponseInputFileParam, set()),
    # The spec's "Functions" example leaves `strict` out; `FunctionToolParam` (the same keys, as the
    # spec types a function inside a namespace tool) requires neither.
    (("FunctionTool",), r.FunctionToolParam, {"parameters", "strict"}),
    (("DirectToolCallCaller",), r.ToolCallCallerDirectParam, set()),
    (("ProgramToolCallCaller",), r.ToolCallCallerProgramParam, set()),
]

# (union alias, spec location of the union): the same `type` tags on both sides.
UNIONS: list[tuple[object, tuple[str | int, ...]]] = [
    (r.ResponseInputItemParam, ("InputItem",)),
    (r.ResponseItemParam, ("Item",)),
    (r.ResponseInputContentParam, ("InputContent",)),
    (r.ResponseInputContentParam, ("FunctionCallOutputItemParam", "output", 1, "[]")),
    (r.ResponseInputContentParam, ("FunctionAndCustomToolCallOutput",)),
    (r.ResponseOutputMessageContentParam, ("OutputMessageContent",)),
    (r.ResponseOutputTextAnnotationParam, ("Annotation",)),
    (r.ResponsePromptVariableParam, ("ResponsePromptVariables", "{}")),
    (r.ToolCallCallerParam, ("ToolCallCallerParam",)),
    (r.ComputerActionParam, ("ComputerAction",)),
    (r.ApplyPatchOperationParam, ("ApplyPatchOperationParam",)),
    (r.McpCallErrorParam, ("MCPToolCallError",)),
    (r.ToolParam, ("Tool",)),
    (r.ToolChoiceParam, ("ToolChoiceParam",)),
    (r.CustomToolFormatParam, ("CustomToolParam", "format")),
    (r.FileSearchFilterParam, ("Filters",)),
    (r.ContainerNetworkPolicyParam, ("ContainerAutoParam", "network_policy")),
    (r.ResponseFormatTextConfigParam, ("TextResponseFormatConfiguration",)),
]

# Names the spec requires without declaring them as properties: not keys.
UNDECLARED_REQUIRED: dict[tuple[str | int, ...], set[str]] = {
    # The output's `id` is the call's `call_id`; the schema's `required` also lists `call_id`.
    ("LocalShellToolCallOutput",): {"call_id"},
    # The response's `approval_request_id` is required; the schema's `required` also lists `request_id`.
    ("MCPApprovalResponse",): {"request_id"},
}

# Checked by `test_streaming_variants`.
VARIANTS = {
    r.ResponseParseParams,
    r.ResponseCreateParamsBase,
    r.ResponseCreateParamsNonStreaming,
    r.ResponseCreateParamsStreaming,
    r.ResponseRetrieveParamsBase,
    r.ResponseRetrieveParamsNonStreaming,
    r.ResponseRetrieveParamsStreaming,
}


def _ids(cases: list[Any]) -> list[str]:
    return [c[1].__name__ + "-" + ".".join(map(str, c[0])) for c in cases]


# Keys and required keys


@pytest.mark.parametrize(("location", "params"), PARAM_TYPES, ids=_ids(PARAM_TYPES))
def test_param_type_matches_spec(spec: dict[str, Any], location: tuple[str | int, ...], params: type) -> None:
    name, *path = location
    properties, required = resolve(spec, schema_at(spec, str(name), *path))
    undeclared = UNDECLARED_REQUIRED.get(location, set())
    assert required - set(properties) == undeclared
    required -= undeclared
    keys, required_keys = typed_dict_keys(params)
    assert keys == set(properties), f"{params.__name__}: {sorted(keys ^ set(properties))}"
    assert required_keys == required, f"{params.__name__}: {sorted(required_keys ^ required)}"


@pytest.mark.parametrize(
    ("location", "params", "optional"), ALSO_MATCHES, ids=_ids([(loc, t) for loc, t, _ in ALSO_MATCHES])
)
def test_shared_schemas(
    spec: dict[str, Any], location: tuple[str | int, ...], params: type, optional: set[str]
) -> None:
    name, *path = location
    properties, required = resolve(spec, schema_at(spec, str(name), *path))
    keys, required_keys = typed_dict_keys(params)
    assert keys == set(properties), f"{params.__name__}: {sorted(keys ^ set(properties))}"
    assert optional <= required, "only keys the spec requires can be relaxed"
    assert required_keys == required - optional


@pytest.mark.parametrize(("operation_id", "params"), OPERATION_PARAMS, ids=[op for op, _ in OPERATION_PARAMS])
def test_operation_params_match_spec(spec: dict[str, Any], operation_id: str, params: type) -> None:
    assert typed_dict_keys(params) == operation_params(spec, operation_id)


def test_every_param_type_is_checked() -> None:
    checked = {t for _, t in PARAM_TYPES} | {t for _, t in OPERATION_PARAMS} | VARIANTS
    defined = {
        cls
        for module in MODULES
        for _, cls in inspect.getmembers(module, typing_extensions.is_typeddict)
        if cls.__module__ == module.__name__
    }
    assert defined - checked == set()


def test_streaming_variants() -> None:
    for whole, base_required in ((r.ResponseCreateParams, set()), (r.ResponseRetrieveParams, set())):
        keys, required = typed_dict_keys(whole)
        assert required == base_required
        assert "stream" in keys
    create_keys = typed_dict_keys(r.ResponseCreateParams)[0]
    for variant in (r.ResponseCreateParamsNonStreaming, r.ResponseCreateParamsStreaming):
        assert typed_dict_keys(variant)[0] == create_keys
    assert typed_dict_keys(r.ResponseCreateParamsBase)[0] == create_keys - {"stream"}
    assert typed_dict_keys(r.ResponseParseParams)[0] == create_keys - {"stream", "tools"}
    assert typed_dict_keys(r.ResponseCreateParamsStreaming)[1] == {"stream"}
    assert typed_dict_keys(r.ResponseCreateParamsNonStreaming)[1] == set()
    retrieve_keys = typed_dict_keys(r.ResponseRetrieveParams)[0]
    for variant in (r.ResponseRetrieveParamsNonStreaming, r.ResponseRetrieveParamsStreaming):
        assert typed_dict_keys(variant)[0] == retrieve_keys
    assert typed_dict_keys(r.ResponseRetrieveParamsStreaming)[1] == {"stream"}
    assert typed_dict_keys(r.ResponseRetrieveParamsNonStreaming)[1] == set()


# The values each key allows

EXACT_KEYS = {"type", "role"}  # tags: exactly the spec's values, so type checkers tell kinds apart
_QUALIFIERS = {typing_extensions.Required, typing_extensions.NotRequired}
_SEQUENCES = {collections.abc.Sequence, collections.abc.Iterable, collections.abc.Mapping, list}


def members(annotation: object) -> list[object]:
    """The members of a union (flattened), without `Required[...]`; other types as one member."""
    while typing.get_origin(annotation) in _QUALIFIERS:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in members(arg)]
    return [annotation]


def literal_values(annotation: object) -> set[object]:
    return {
        v for m in members(annotation) if typing.get_origin(m) is typing.Literal for v in typing.get_args(m)
    }


def item_annotation(annotation: object) -> object | None:
    """What a list (a `Sequence` or `Iterable`) in `annotation` holds, if it holds anything."""
    for member in members(annotation):
        if typing.get_origin(member) in _SEQUENCES - {collections.abc.Mapping}:
            return typing.get_args(member)[0]
    return None


def spec_branches(spec: dict[str, Any], schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The alternatives of a schema, flattening `anyOf` / `oneOf` and following `$ref`."""
    schema = deref(spec, schema)
    alternatives = schema.get("anyOf") or schema.get("oneOf")
    if alternatives and "properties" not in schema:
        return [b for alternative in alternatives for b in spec_branches(spec, alternative)]
    return [schema]


def spec_nullable(spec: dict[str, Any], schema: dict[str, Any]) -> bool:
    return any(b.get("type") == "null" for b in spec_branches(spec, schema))


def type_hints(params: type) -> dict[str, object]:
    return typing.get_type_hints(params, include_extras=True)


@pytest.mark.parametrize(("location", "params"), PARAM_TYPES, ids=_ids(PARAM_TYPES))
def test_param_values_match_spec(spec: dict[str, Any], location: tuple[str | int, ...], params: type) -> None:
    """`None` where the spec allows `null` (and only there), and every value of the spec's enums."""
    name, *path = location
    properties, _ = resolve(spec, schema_at(spec, str(name), *path))
    hints = type_hints(params)
    for key, schema in properties.items():
        annotation = hints[key]
        nullable = spec_nullable(spec, schema)
        assert (type(None) in members(annotation)) == nullable, f"{params.__name__}.{key}: null is {nullable}"
        branches = [b for b in spec_branches(spec, schema) if b.get("type") != "null"]
        arrays = [b["items"] for b in branches if b.get("type") == "array"]
        item = item_annotation(annotation)
        if arrays and item is not None and not literal_values(annotation):
            # A list of enum values (`include`, `allowed_callers`, ...): check what it holds.
            branches = [b for array in arrays for b in spec_branches(spec, array)]
            annotation = item
        enum = {v for b in branches for v in b.get("enum", ())}
        if not enum:
            continue
        values = literal_values(annotation)
        where = f"{params.__name__}.{key}"
        if key in EXACT_KEYS:
            assert values == enum, where
            assert str not in members(annotation), f"{where} is a tag: exact values only"
            continue
        assert str in members(annotation), f"{where}: newer values should pass (`Literal[...] | str`)"
        open_ended = any(b.get("type") == "string" and "enum" not in b for b in branches)
        assert open_ended or enum <= values, f"{where} lacks {sorted(enum - values)}"


def test_includable_values(spec: dict[str, Any]) -> None:
    assert literal_values(r.ResponseIncludable) == set(spec["components"]["schemas"]["IncludeEnum"]["enum"])
    assert str in members(r.ResponseIncludable)


# The unions


def union_tags(alias: object) -> set[str]:
    """The `type` tags of the TypedDicts of a union (`Literal` strings only: `None` is left out)."""
    tags: set[str] = set()
    for member in members(alias):
        if typing_extensions.is_typeddict(member):
            hint = type_hints(member)["type"]  # type: ignore[arg-type]
            tags |= {v for v in literal_values(hint) if isinstance(v, str)}
    return tags


def spec_tags(spec: dict[str, Any], schema: dict[str, Any]) -> set[str]:
    tags: set[str] = set()
    for branch in spec_branches(spec, schema):
        if "properties" not in branch:
            continue  # a string alternative (`tool_choice: "auto"`, a prompt variable) or a recursion
        tag = branch["properties"].get("type", {})
        tags |= {v for b in spec_branches(spec, tag) for v in b.get("enum", ())}
    return tags


@pytest.mark.parametrize(("alias", "location"), UNIONS, ids=[".".join(map(str, loc)) for _, loc in UNIONS])
def test_union_has_every_member(spec: dict[str, Any], alias: object, location: tuple[str | int, ...]) -> None:
    name, *path = location
    assert union_tags(alias) == spec_tags(spec, schema_at(spec, str(name), *path))


def test_output_items_can_be_sent_back() -> None:
    """A response's output items (models) go into `input` as they are, with the fields the server sent."""
    assert BaseModel in members(r.ResponseInputItemParam)
    assert BaseModel not in members(r.ResponseItemParam)
    assert typing.get_origin(r.ResponseInputParam) is list

    class Item(BaseModel):
        type: str
        id: str
        status: str | None = None

    sent = b'{"type":"function_call","id":"fc_1","call_id":"call_1","name":"f","arguments":"{}"}'
    body: r.ResponseCreateParams = {"model": "m", "input": [Item.model_validate_json(sent)]}
    assert json.loads(dumps(body))["input"] == [json.loads(sent)]


# The packages


@pytest.mark.parametrize("package", [responses, conversations], ids=lambda p: p.__name__)
def test_packages_export_every_name(package: types.ModuleType) -> None:
    # Every public module of the package: the parameter types and the response models.
    modules = [
        importlib.import_module(f"{package.__name__}.{info.name}")
        for info in pkgutil.iter_modules(package.__path__)
        if not info.name.startswith("_")
    ]
    expected = {name for module in modules for name in module.__all__}
    assert set(package.__all__) == expected
    for name in package.__all__:
        assert getattr(package, name) is getattr(next(m for m in modules if name in m.__all__), name), name


def test_the_chat_moderation_param_is_reused() -> None:
    from openwire.types.chat.params import ModerationParam

    assert type_hints(r.ResponseCreateParams)["moderation"] == ModerationParam | None
    assert params.ModerationParam is ModerationParam
