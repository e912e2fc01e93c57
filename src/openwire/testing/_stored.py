"""Stored chat completions (`store: true`): list, retrieve, update metadata, delete, list messages."""

from __future__ import annotations

from typing import Any

from ._checks import check_enum, check_number
from ._state import State, StoredCompletion
from ._wire import ApiError, Request, Response, json_response

__all__ = [
    "delete_completion",
    "list_completions",
    "list_messages",
    "page",
    "retrieve_completion",
    "update_completion",
]


def _find(state: State, completion_id: str) -> StoredCompletion:
    with state.lock:
        stored = state.completions.get(completion_id)
    if stored is None:
        raise ApiError(
            404,
            f"No chat completion found with id '{completion_id}'. "
            "Only completions created with store=true are kept.",
            param="completion_id",
            code="not_found",
        )
    return stored


def page(
    request: Request,
    items: list[dict[str, Any]],
    *,
    default_order: str = "asc",
    default_limit: int = 20,
    max_limit: int = 100,
) -> Response:
    """A cursor page of `items` (oldest first) as asked by `after`, `limit` and `order` (chat's
    lists default to oldest first; the Responses API's, conversations', files' and batches' to
    newest first)."""
    query: dict[str, Any] = dict(request.query)
    try:
        limit = int(query.get("limit", default_limit))
    except ValueError:
        raise ApiError(
            400, "Invalid 'limit': expected an integer.", param="limit", code="invalid_type"
        ) from None
    check_number({"limit": limit}, "limit", 1, max_limit, integer=True)
    check_enum(query, "order", ("asc", "desc"))
    if query.get("order", default_order) == "desc":
        items = items[::-1]
    after = query.get("after")
    if after:
        ids = [item["id"] for item in items]
        if after not in ids:
            raise ApiError(
                404, f"No object found with id '{after}' to list after.", param="after", code="not_found"
            )
        items = items[ids.index(after) + 1 :]
    shown = items[:limit]
    return json_response(
        {
            "object": "list",
            "data": shown,
            # Strings even for an empty page: the spec makes both required strings, never null.
            "first_id": shown[0]["id"] if shown else "",
            "last_id": shown[-1]["id"] if shown else "",
            "has_more": len(items) > limit,
        }
    )


def list_completions(state: State, request: Request) -> Response:
    """`GET /chat/completions`: filter by `model` and `metadata[key]=value`, then page."""
    model = request.query_value("model")
    wanted = {
        key[len("metadata[") : -1]: value
        for key, value in request.query
        if key.startswith("metadata[") and key.endswith("]")
    }
    with state.lock:
        stored = sorted(state.completions.values(), key=lambda s: (s.completion["created"], s.order))
    items = [
        s.completion
        for s in stored
        if (model is None or s.completion["model"] == model)
        and all(s.metadata.get(k) == v for k, v in wanted.items())
    ]
    return page(request, items)


def retrieve_completion(state: State, request: Request, completion_id: str) -> Response:
    """`GET /chat/completions/{id}`."""
    return json_response(_find(state, completion_id).completion)


def update_completion(state: State, request: Request, completion_id: str, body: dict[str, Any]) -> Response:
    """`POST /chat/completions/{id}`: replace the metadata (the only field that can change)."""
    stored = _find(state, completion_id)
    if "metadata" not in body:
        raise ApiError(
            400,
            "Missing required parameter: 'metadata'.",
            param="metadata",
            code="missing_required_parameter",
        )
    metadata = body["metadata"] or {}
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise ApiError(
            400, "Invalid 'metadata': expected an object of strings.", param="metadata", code="invalid_type"
        )
    with state.lock:
        stored.metadata = dict(metadata)
        stored.completion = {**stored.completion, "metadata": stored.metadata}
    return json_response(stored.completion)


def delete_completion(state: State, request: Request, completion_id: str) -> Response:
    """`DELETE /chat/completions/{id}`."""
    _find(state, completion_id)
    with state.lock:
        state.completions.pop(completion_id, None)
    return json_response({"object": "chat.completion.deleted", "id": completion_id, "deleted": True})


def list_messages(state: State, request: Request, completion_id: str) -> Response:
    """`GET /chat/completions/{id}/messages`: the messages the completion was asked with."""
    return page(request, list(_find(state, completion_id).messages))
