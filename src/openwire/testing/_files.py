"""Files and uploads: `POST /files` (multipart), list, retrieve, delete and read them back; uploads
made of parts (`POST /uploads`, `/parts`, `/complete` with its MD5 check, `/cancel`).

What they keep lives in `Bulk` (`state.bulk`), with the batches of `_batches.py`.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._checks import missing, wrong_type
from ._wire import ApiError, Request, Response, UploadedFile, json_response

if TYPE_CHECKING:
    from ._state import State

__all__ = [
    "Bulk",
    "LineFailure",
    "add_part",
    "cancel_upload",
    "complete_upload",
    "create_file",
    "create_upload",
    "delete_file",
    "file_content",
    "list_files",
    "retrieve_file",
]

PURPOSES = ("assistants", "batch", "fine-tune", "vision", "user_data", "evals")
MAX_FILE = 512 * 1024 * 1024
MAX_PART = 64 * 1024 * 1024
MAX_UPLOAD = 8 * 1024**3


@dataclass
class StoredFile:
    """A file: the object the API shows and its bytes."""

    file: dict[str, Any]
    data: bytes


@dataclass
class StoredUpload:
    """An upload: the object the API shows and its parts' bytes by part id."""

    upload: dict[str, Any]
    parts: dict[str, bytes] = field(default_factory=dict)
    expires_after: dict[str, Any] | None = None
    """The expiry of the file it makes (not shown on the upload)."""


@dataclass
class LineFailure:
    """A scripted failure of batch lines: those `match` accepts answer `status` (for `times` lines,
    or every one while `times` is None)."""

    match: Callable[[dict[str, Any]], bool]
    status: int
    message: str
    code: str | None
    type: str
    times: int | None

    def take(self, line: dict[str, Any]) -> bool:
        """Whether this failure applies to `line` (using one of its `times` if so)."""
        if self.times is not None and self.times <= 0:
            return False
        if not self.match(line):
            return False
        if self.times is not None:
            self.times -= 1
        return True


class Bulk:
    """The files, uploads and batches the server keeps, and how batches run (all under
    `state.lock`)."""

    def __init__(self) -> None:
        self.files: OrderedDict[str, StoredFile] = OrderedDict()
        self.uploads: dict[str, StoredUpload] = {}
        self.batches: OrderedDict[str, Any] = OrderedDict()  # id -> _batches.StoredBatch
        self.batch_delay = 0.0
        self.line_failures: list[LineFailure] = []

    def keep(
        self, state: State, filename: str, data: bytes, purpose: str, expires_after: Any = None
    ) -> dict[str, Any]:
        """Store a file and return its object."""
        created = state.now()
        file_id = state.next_id("file-")
        file: dict[str, Any] = {
            "id": file_id,
            "object": "file",
            "bytes": len(data),
            "created_at": created,
            "expires_at": created + expires_after["seconds"] if expires_after else None,
            "filename": filename,
            "purpose": purpose,
            "status": "processed",
            "status_details": None,
        }
        with state.lock:
            self.files[file_id] = StoredFile(file, data)
        return file

    def find(self, state: State, file_id: str, param: str = "file_id") -> StoredFile:
        """A stored file, or the API's 404."""
        with state.lock:
            found = self.files.get(file_id)
        if found is None:
            raise ApiError(404, f"No such File object: {file_id}", param=param, code="file_not_found")
        return found


def _field(fields: dict[str, list[str]], name: str) -> str | None:
    values = fields.get(name)
    return values[-1] if values else None


def _expires_after(anchor: str | None, seconds: str | int | None) -> dict[str, Any] | None:
    if anchor is None and seconds is None:
        return None
    if anchor != "created_at":
        raise ApiError(
            400,
            "Invalid 'expires_after.anchor': the only anchor is 'created_at'.",
            param="expires_after.anchor",
        )
    try:
        value = int(seconds)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise wrong_type("expires_after.seconds", "an integer", seconds) from None
    if not 3600 <= value <= 2_592_000:
        raise ApiError(
            400,
            "Invalid 'expires_after.seconds': it must be from 3600 (1 hour) to 2592000 (30 days).",
            param="expires_after.seconds",
            code="invalid_value",
        )
    return {"anchor": anchor, "seconds": value}


def _purpose(value: object) -> str:
    if value is None:
        raise missing("purpose")
    if value not in PURPOSES:
        raise ApiError(
            400,
            f"Invalid value for 'purpose': {value!r}. Expected one of {', '.join(PURPOSES)}.",
            param="purpose",
            code="invalid_value",
        )
    return str(value)


def create_file(
    state: State, request: Request, fields: dict[str, list[str]], files: dict[str, list[UploadedFile]]
) -> Response:
    """`POST /files` (multipart): `file` and `purpose`, optionally `expires_after[anchor|seconds]`."""
    uploaded = files.get("file")
    if not uploaded:
        raise missing("file")
    purpose = _purpose(_field(fields, "purpose"))
    expires = _expires_after(
        _field(fields, "expires_after[anchor]"), _field(fields, "expires_after[seconds]")
    )
    file = uploaded[0]
    if len(file.data) > MAX_FILE:
        raise ApiError(
            400, "File is too large: files may be up to 512 MB; use the Uploads API.", param="file"
        )
    if purpose == "batch" and not file.filename.endswith(".jsonl"):
        raise ApiError(
            400,
            f"Invalid file format for Batch API. Must be .jsonl (got {file.filename!r}).",
            param="file",
            code="invalid_file_format",
        )
    return json_response(state.bulk.keep(state, file.filename, file.data, purpose, expires))


def list_files(state: State, request: Request, args: tuple[str, ...]) -> Response:
    """`GET /files`: newest first unless `order=asc`; `purpose` filters; up to 10,000 a page."""
    purpose = request.query_value("purpose")
    with state.lock:
        items = [f.file for f in state.bulk.files.values() if purpose is None or f.file["purpose"] == purpose]
    from ._stored import page  # here: `_state` imports this module, and `_stored` imports `_state`

    return page(request, items, default_order="desc", default_limit=10_000, max_limit=10_000)


def retrieve_file(state: State, request: Request, args: tuple[str, ...]) -> Response:
    """`GET /files/{id}`."""
    return json_response(state.bulk.find(state, args[0]).file)


def delete_file(state: State, request: Request, args: tuple[str, ...]) -> Response:
    """`DELETE /files/{id}`."""
    state.bulk.find(state, args[0])
    with state.lock:
        state.bulk.files.pop(args[0], None)
    return json_response({"id": args[0], "object": "file", "deleted": True})


def file_content(state: State, request: Request, args: tuple[str, ...]) -> Response:
    """`GET /files/{id}/content`: the bytes as they were uploaded (or written by a batch)."""
    data = state.bulk.find(state, args[0]).data
    return Response(
        200, [("content-type", "application/octet-stream"), ("content-length", str(len(data)))], [data]
    )


# -- uploads --------------------------------------------------------------------------------------


def _find_upload(state: State, upload_id: str) -> StoredUpload:
    with state.lock:
        found = state.bulk.uploads.get(upload_id)
    if found is None:
        raise ApiError(404, f"No such Upload object: {upload_id}", param="upload_id", code="not_found")
    return found


def _pending(found: StoredUpload) -> None:
    status = found.upload["status"]
    if status != "pending":
        raise ApiError(
            400,
            f"Upload {found.upload['id']} is {status}: parts can be added, and it can be completed or "
            "cancelled, only while it is pending.",
            code="invalid_upload_status",
        )


def create_upload(state: State, request: Request, body: dict[str, Any]) -> Response:
    """`POST /uploads`: `filename`, `purpose`, `bytes`, `mime_type`; open for an hour."""
    for name in ("filename", "purpose", "bytes", "mime_type"):
        if name not in body:
            raise missing(name)
    size = body["bytes"]
    if not isinstance(size, int) or isinstance(size, bool):
        raise wrong_type("bytes", "an integer", size)
    if not 0 <= size <= MAX_UPLOAD:
        raise ApiError(
            400, "Invalid 'bytes': an upload is at most 8 GB.", param="bytes", code="invalid_value"
        )
    for name in ("filename", "mime_type"):
        if not isinstance(body[name], str) or not body[name]:
            raise wrong_type(name, "a non-empty string", body[name])
    purpose = _purpose(body["purpose"])
    expires = body.get("expires_after")
    if expires is not None:
        if not isinstance(expires, dict):
            raise wrong_type("expires_after", "an object", expires)
        expires = _expires_after(expires.get("anchor"), expires.get("seconds"))
    created = state.now()
    upload = {
        "id": state.next_id("upload_"),
        "object": "upload",
        "bytes": size,
        "created_at": created,
        "expires_at": created + 3600,
        "filename": body["filename"],
        "purpose": purpose,
        "status": "pending",
        "file": None,
    }
    with state.lock:
        state.bulk.uploads[upload["id"]] = StoredUpload(upload, {}, expires)
    return json_response(upload)


def add_part(
    state: State,
    request: Request,
    upload_id: str,
    fields: dict[str, list[str]],
    files: dict[str, list[UploadedFile]],
) -> Response:
    """`POST /uploads/{id}/parts` (multipart `data`, at most 64 MB)."""
    found = _find_upload(state, upload_id)
    data = files.get("data")
    if not data:
        raise missing("data")
    if len(data[0].data) > MAX_PART:
        raise ApiError(400, "A part is at most 64 MB.", param="data", code="invalid_value")
    part_id = state.next_id("part_")
    part = {
        "id": part_id,
        "object": "upload.part",
        "created_at": state.now(),
        "upload_id": upload_id,
    }
    with state.lock:
        _pending(found)
        found.parts[part_id] = data[0].data
    return json_response(part)


def complete_upload(state: State, request: Request, upload_id: str, body: dict[str, Any]) -> Response:
    """`POST /uploads/{id}/complete`: `part_ids` in order (their bytes must add up to `bytes`), and
    an optional `md5` the joined bytes must have."""
    found = _find_upload(state, upload_id)
    part_ids = body.get("part_ids")
    if part_ids is None:
        raise missing("part_ids")
    if not isinstance(part_ids, list) or not all(isinstance(p, str) for p in part_ids):
        raise wrong_type("part_ids", "an array of strings", part_ids)
    md5 = body.get("md5")
    if md5 is not None and not isinstance(md5, str):
        raise wrong_type("md5", "a string", md5)
    with state.lock:
        _pending(found)
        unknown = [p for p in part_ids if p not in found.parts]
        if unknown:
            raise ApiError(
                400,
                f"Part(s) not in upload {upload_id}: {', '.join(unknown)}.",
                param="part_ids",
                code="invalid_value",
            )
        data = b"".join(found.parts[p] for p in part_ids)
    upload = found.upload
    if len(data) != upload["bytes"]:
        raise ApiError(
            400,
            f"The parts add up to {len(data)} bytes, but the upload was created for {upload['bytes']} bytes.",
            param="part_ids",
            code="invalid_value",
        )
    if md5 is not None and hashlib.md5(data, usedforsecurity=False).hexdigest() != md5.lower():
        raise ApiError(
            400,
            "The md5 checksum does not match the bytes uploaded: a part is missing, repeated or "
            "out of order.",
            param="md5",
            code="checksum_mismatch",
        )
    file = state.bulk.keep(state, upload["filename"], data, upload["purpose"], found.expires_after)
    with state.lock:
        found.upload = {**upload, "status": "completed", "file": file}
        found.parts.clear()
        return json_response(found.upload)


def cancel_upload(state: State, request: Request, upload_id: str) -> Response:
    """`POST /uploads/{id}/cancel`: a pending upload is cancelled and its parts dropped."""
    found = _find_upload(state, upload_id)
    with state.lock:
        _pending(found)
        found.upload = {**found.upload, "status": "cancelled"}
        found.parts.clear()
        return json_response(found.upload)
