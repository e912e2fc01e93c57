"""Batches: `POST /batches` from an uploaded JSONL file, retrieve, list, cancel.

A batch runs "in the background" by the clock: created at `t`, with the server's batch delay `d`,
a look at it at `t + x` finds the share `x / d` of its lines done (all of them once `d` has
passed; with `d = 0`, the first look after creating it finds it completed). Each line runs through
the server's own endpoint handlers, as a request to its `url` would, so a batch answers exactly
what the endpoint answers; lines a test scripted to fail (`LocalServer.fail_batch_lines`) answer
the scripted error instead. The output and error files are written in the API's format when the
batch ends.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._checks import check_metadata, missing, wrong_type
from ._files import MAX_FILE
from ._stored import page
from ._wire import ApiError, Request, Response, error_response, json_response

if TYPE_CHECKING:
    from ._state import State

__all__ = [
    "ENDPOINTS",
    "advance_all",
    "cancel_batch",
    "create_batch",
    "expire_batches",
    "list_batches",
    "retrieve_batch",
]

ENDPOINTS = (
    "/v1/responses",
    "/v1/chat/completions",
    "/v1/embeddings",
    "/v1/completions",
    "/v1/moderations",
    "/v1/images/generations",
    "/v1/images/edits",
    "/v1/videos",
)
MAX_LINES = 50_000
_log = logging.getLogger("openwire.testing")


@dataclass
class StoredBatch:
    """A batch: the object the API shows, its valid input lines, and how far it has got."""

    batch: dict[str, Any]
    lines: list[dict[str, Any]]
    started: float
    delay: float
    root: str
    done: int = 0
    outputs: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    """Held while lines run, so two looks at once do not run a line twice."""


def _problem(code: str, message: str, line: int | None = None, param: str | None = None) -> dict[str, Any]:
    return {"code": code, "message": message, "param": param, "line": line}


def _read_lines(data: bytes, endpoint: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The input file's lines, and the problems that refuse the batch (as the API lists them)."""
    lines: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    seen: set[str] = set()
    if len(data) > 200 * 1000 * 1000:
        return [], [_problem("file_too_large", "The input file is larger than 200 MB.")]
    for number, raw in enumerate(data.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
        except ValueError:
            problems.append(_problem("invalid_json_line", "This line is not valid JSON.", number))
            continue
        if not isinstance(line, dict):
            problems.append(_problem("invalid_json_line", "This line is not a JSON object.", number))
            continue
        custom_id = line.get("custom_id")
        if not isinstance(custom_id, str) or not custom_id:
            problems.append(
                _problem("missing_required_parameter", "custom_id is missing.", number, "custom_id")
            )
        elif custom_id in seen:
            problems.append(
                _problem(
                    "duplicate_custom_id", f"The custom_id {custom_id!r} is used twice.", number, "custom_id"
                )
            )
        else:
            seen.add(custom_id)
        if line.get("method") != "POST":
            problems.append(_problem("invalid_method", "method must be POST.", number, "method"))
        if line.get("url") != endpoint:
            problems.append(
                _problem(
                    "mismatched_endpoint",
                    f"The url {line.get('url')!r} does not match the batch's endpoint {endpoint!r}.",
                    number,
                    "url",
                )
            )
        if not isinstance(line.get("body"), dict):
            problems.append(_problem("invalid_body", "body must be a JSON object.", number, "body"))
        lines.append(line)
    if not lines and not problems:
        problems.append(_problem("empty_file", "The input file has no requests."))
    if len(lines) > MAX_LINES:
        problems.append(_problem("too_many_requests", f"The input file has more than {MAX_LINES} requests."))
    return ([] if problems else lines), problems[:1000]


def create_batch(state: State, request: Request, body: dict[str, Any]) -> Response:
    """`POST /batches`: `input_file_id` (purpose `batch`), `endpoint`, `completion_window` (`24h`)."""
    for name in ("input_file_id", "endpoint", "completion_window"):
        if name not in body:
            raise missing(name)
    endpoint = body["endpoint"]
    if endpoint not in ENDPOINTS:
        raise ApiError(
            400,
            f"Invalid value for 'endpoint': {endpoint!r}. Expected one of {', '.join(ENDPOINTS)}.",
            param="endpoint",
            code="invalid_value",
        )
    if body["completion_window"] != "24h":
        raise ApiError(
            400, "Invalid value for 'completion_window': only '24h' is supported.", param="completion_window"
        )
    check_metadata(body)
    file_id = body["input_file_id"]
    if not isinstance(file_id, str):
        raise wrong_type("input_file_id", "a string", file_id)
    stored_file = state.bulk.find(state, file_id, "input_file_id")
    if stored_file.file["purpose"] != "batch":
        raise ApiError(
            400,
            f"The file {file_id} has purpose {stored_file.file['purpose']!r}; a batch's input file must be "
            "uploaded with purpose 'batch'.",
            param="input_file_id",
        )
    lines, problems = _read_lines(stored_file.data, endpoint)
    created = state.now()
    batch: dict[str, Any] = {
        "id": state.next_id("batch_"),
        "object": "batch",
        "endpoint": endpoint,
        "model": None,
        "errors": None,
        "input_file_id": file_id,
        "completion_window": "24h",
        "status": "in_progress",
        "output_file_id": None,
        "error_file_id": None,
        "created_at": created,
        "in_progress_at": created,
        "expires_at": created + 86_400,
        "finalizing_at": None,
        "completed_at": None,
        "failed_at": None,
        "expired_at": None,
        "cancelling_at": None,
        "cancelled_at": None,
        "request_counts": {"total": len(lines), "completed": 0, "failed": 0},
        "metadata": body.get("metadata"),
    }
    if problems:
        batch.update(status="failed", failed_at=created, in_progress_at=None)
        batch["errors"] = {"object": "list", "data": problems}
    models = {line["body"].get("model") for line in lines if isinstance(line.get("body"), dict)}
    if len(models) == 1:
        batch["model"] = models.pop()
    with state.lock:
        stored = StoredBatch(batch, lines, time.monotonic(), state.bulk.batch_delay, request.root)
        state.bulk.batches[batch["id"]] = stored
    return json_response(
        {**batch, "status": "validating", "in_progress_at": None, "failed_at": None, "errors": None}
    )


def _find(state: State, batch_id: str) -> StoredBatch:
    with state.lock:
        found: StoredBatch | None = state.bulk.batches.get(batch_id)
    if found is None:
        raise ApiError(404, f"No batch found with id '{batch_id}'.", param="batch_id", code="not_found")
    return found


def retrieve_batch(state: State, request: Request, args: tuple[str, ...]) -> Response:
    """`GET /batches/{id}`: the batch as far as it has got by now."""
    found = _find(state, args[0])
    advance(state, found)
    with state.lock:
        return json_response(found.batch)


def list_batches(state: State, request: Request, args: tuple[str, ...]) -> Response:
    """`GET /batches`: newest first, as far as each has got."""
    advance_all(state)
    with state.lock:
        items = [dict(stored.batch) for stored in state.bulk.batches.values()]
    return page(request, items, default_order="desc")


def cancel_batch(state: State, request: Request, args: tuple[str, ...]) -> Response:
    """`POST /batches/{id}/cancel`: `cancelling` now, `cancelled` (with what it had done) at the
    next look."""
    found = _find(state, args[0])
    advance(state, found)
    with found.lock, state.lock:
        status = found.batch["status"]
        if status in ("completed", "failed", "expired", "cancelled"):
            raise ApiError(
                400,
                f"Cannot cancel batch {args[0]}: it has already ended ({status}).",
                code="invalid_batch_status",
            )
        if status != "cancelling":
            found.batch.update(status="cancelling", cancelling_at=state.now())
        return json_response(found.batch)


def advance_all(state: State, *, finish: bool = False) -> None:
    """Bring every batch up to now (or, with `finish`, to its end)."""
    with state.lock:
        batches = list(state.bulk.batches.values())
    for stored in batches:
        advance(state, stored, finish=finish)


def expire_batches(state: State) -> list[str]:
    """End every running batch as expired: lines not run yet go to its error file as
    `batch_expired`. Returns the ids expired."""
    expired = []
    with state.lock:
        batches = list(state.bulk.batches.values())
    for stored in batches:
        with stored.lock:
            if stored.batch["status"] not in ("in_progress", "cancelling"):
                continue
            for line in stored.lines[stored.done :]:
                stored.errors.append(
                    {
                        "id": state.next_id("batch_req_"),
                        "custom_id": line["custom_id"],
                        "response": None,
                        "error": {
                            "code": "batch_expired",
                            "message": "This request could not be executed before the completion window "
                            "expired.",
                        },
                    }
                )
            stored.done = len(stored.lines)
            _end(state, stored, "expired")
            expired.append(stored.batch["id"])
    return expired


def advance(state: State, stored: StoredBatch, *, finish: bool = False) -> None:
    """Run the lines that are due by now, and end the batch once all have run (or once a
    cancellation has been seen)."""
    with stored.lock:
        status = stored.batch["status"]
        if status == "cancelling":
            _end(state, stored, "cancelled")
            return
        if status != "in_progress":
            return
        total = len(stored.lines)
        elapsed = time.monotonic() - stored.started
        due = (
            total
            if finish or stored.delay <= 0 or elapsed >= stored.delay
            else int(total * elapsed / stored.delay)
        )
        for line in stored.lines[stored.done : due]:
            output, ok = _run(state, stored, line)
            (stored.outputs if ok else stored.errors).append(output)
            with state.lock:
                counts = stored.batch["request_counts"]
                counts["completed" if ok else "failed"] += 1
            stored.done += 1
        if stored.done >= total:
            _end(state, stored, "completed")


def _end(state: State, stored: StoredBatch, status: str) -> None:
    """Write the output and error files and give the batch its final status (holding its lock)."""
    batch = stored.batch
    now = state.now()
    for kind, rows in (("output", stored.outputs), ("error", stored.errors)):
        if rows:
            data = b"".join(json.dumps(row, separators=(",", ":")).encode() + b"\n" for row in rows)
            file = state.bulk.keep(
                state, f"batch_{batch['id']}_{kind}.jsonl", data[:MAX_FILE], "batch_output"
            )
            batch[f"{kind}_file_id"] = file["id"]
    with state.lock:
        batch.update(status=status, finalizing_at=batch["finalizing_at"] or now)
        batch[f"{status}_at"] = now


def _run(state: State, stored: StoredBatch, line: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """One line, answered by the endpoint's handler (or by a scripted failure): its output row and
    whether it succeeded."""
    request_id = "req_" + state.next_id("", 32).lower()
    with state.lock:
        failure = next((f for f in state.bulk.line_failures if f.take(line)), None)
    if failure is not None:
        response = error_response(failure.status, failure.message, type=failure.type, code=failure.code)
    elif line["body"].get("stream") is True:
        response = error_response(
            400, "Streaming is not supported in batches: leave out 'stream'.", param="stream"
        )
    else:
        response = _dispatch(state, stored, line)
    try:
        body = json.loads(response.body)
    except ValueError:
        body = {
            "error": {"message": "The endpoint answered something other than JSON.", "type": "server_error"}
        }
    row = {
        "id": state.next_id("batch_req_"),
        "custom_id": line["custom_id"],
        "response": {"status_code": response.status, "request_id": request_id, "body": body},
        "error": None,
    }
    return row, response.status == 200


def _dispatch(state: State, stored: StoredBatch, line: dict[str, Any]) -> Response:
    # Imported here: the routes import this module.
    from ._app import _ROUTES

    url = str(line["url"])
    path = url[len("/v1") :] if url.startswith("/v1/") else url
    request = Request(
        "POST",
        path,
        headers={"content-type": "application/json"},
        body=json.dumps(line["body"]).encode(),
        root=stored.root,
    )
    for method, pattern, handler in _ROUTES:
        match = pattern.fullmatch(path)
        if method != "POST" or match is None:
            continue
        try:
            return handler(state, request, match.groups())
        except ApiError as error:
            return error.response()
        except Exception as exc:  # a scripted responder that raised, or a bug: that line fails
            _log.exception("The local server failed on a batch line for %s", url)
            return error_response(
                500, f"The local server failed: {type(exc).__name__}: {exc}", type="server_error"
            )
    return error_response(
        404, f"Invalid URL (POST {url}): this local server has no such endpoint.", code="unknown_url"
    )


def fail_lines(
    state: State,
    match: Callable[[dict[str, Any]], bool],
    *,
    status: int,
    message: str,
    code: str | None,
    type: str,
    times: int | None,
) -> None:
    """Script batch lines to fail (see `LocalServer.fail_batch_lines`)."""
    from ._files import LineFailure

    with state.lock:
        state.bulk.line_failures.append(LineFailure(match, status, message, code, type, times))
