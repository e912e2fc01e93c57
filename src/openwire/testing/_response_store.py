"""Stored responses: retrieve (whole, or replayed as a stream from a sequence number), delete,
cancel, list input items; and the progress of background responses.

A background response is worked out when it is created but shows its end only once it gets there:
it is `queued` when created, `in_progress` on the next `polls` retrieves (`State.background_polls`,
1 by default), and completed on the retrieve after that. A stream of it (`stream: true` on create,
or a replay with `GET ...?stream=true`) runs it to its end, as a client waiting on it would see.
"""

from __future__ import annotations

from typing import Any

from ._items import find_response
from ._response_checks import check_include_query
from ._responses import finish, snapshot
from ._state import State, StoredResponse
from ._stored import page
from ._wire import ApiError, Request, Response, json_response, sse

__all__ = [
    "cancel_response",
    "delete_response",
    "finish_background",
    "list_input_items",
    "retrieve_response",
    "stored_snapshots",
]

_RUNNING = ("queued", "in_progress")
_BEFORE_OUTPUT = ("response.created", "response.queued", "response.in_progress")


def retrieve_response(state: State, request: Request, response_id: str) -> Response:
    """`GET /responses/{id}`: the response as it stands (a background response moves on a step),
    or with `stream=true` its events after `starting_after`."""
    stored = find_response(state, response_id)
    check_include_query(request)
    if request.query_value("stream") == "true":
        return _replay(state, request, stored)
    with state.lock:
        _advance(state, stored)
        return json_response(snapshot(stored))


def _advance(state: State, stored: StoredResponse) -> None:
    """One retrieve's worth of progress for a running background response."""
    if stored.status not in _RUNNING:
        return
    if stored.polls_left is None:
        stored.status = "in_progress"
    elif stored.polls_left > 0:
        stored.polls_left -= 1
        stored.status = "in_progress"
    else:
        finish(state, stored)


def _replay(state: State, request: Request, stored: StoredResponse) -> Response:
    """The stored events after `starting_after` (all of them without it): how a client resumes a
    broken stream without losing or repeating an event."""
    raw = request.query_value("starting_after")
    after = -1
    if raw is not None:
        try:
            after = int(raw)
        except ValueError:
            raise ApiError(
                400,
                f"Invalid 'starting_after': expected an integer sequence number, got {raw!r}.",
                param="starting_after",
                code="invalid_type",
            ) from None
    with state.lock:
        if stored.status in _RUNNING:
            finish(state, stored)
        events = stored.events
        if stored.status == "cancelled":  # it stopped before writing anything
            events = [event for event in events if event["type"] in _BEFORE_OUTPUT]
    return sse([event for event in events if event["sequence_number"] > after], named=True)


def delete_response(state: State, request: Request, response_id: str) -> Response:
    """`DELETE /responses/{id}`."""
    find_response(state, response_id)
    with state.lock:
        state.responses.pop(response_id, None)
    return json_response({"id": response_id, "object": "response", "deleted": True})


def cancel_response(state: State, request: Request, response_id: str) -> Response:
    """`POST /responses/{id}/cancel`: stop a queued or running background response (cancelling
    one already cancelled changes nothing)."""
    stored = find_response(state, response_id)
    with state.lock:
        if not stored.background:
            raise ApiError(
                400,
                f"Response '{response_id}' cannot be cancelled: only responses created with "
                "background=true can be.",
                param="response_id",
                code="invalid_value",
            )
        if stored.status in _RUNNING:
            stored.status = "cancelled"
        elif stored.status != "cancelled":
            raise ApiError(
                400,
                f"Cannot cancel response '{response_id}': it is already {stored.status}.",
                param="response_id",
                code="invalid_value",
            )
        return json_response(snapshot(stored))


def list_input_items(state: State, request: Request, response_id: str) -> Response:
    """`GET /responses/{id}/input_items`: the items the request sent (newest first by default)."""
    stored = find_response(state, response_id)
    check_include_query(request)
    return page(request, list(stored.input_items), default_order="desc")


def finish_background(state: State, response_id: str | None = None) -> list[str]:
    """Bring one running background response (or all of them) to its end; the ids finished."""
    with state.lock:
        if response_id is not None and response_id not in state.responses:
            raise LookupError(f"the local server has no stored response {response_id!r}")
        chosen = [state.responses[response_id]] if response_id else list(state.responses.values())
        done = []
        for stored in chosen:
            if stored.status in _RUNNING:
                finish(state, stored)
                done.append(stored.response["id"])
        return done


def stored_snapshots(state: State) -> dict[str, dict[str, Any]]:
    """Every stored response as it stands, by id."""
    with state.lock:
        return {key: snapshot(stored) for key, stored in state.responses.items()}
