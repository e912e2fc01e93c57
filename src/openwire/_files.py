"""Multipart form bodies: upload parameters and the form fields that travel with them.

A file parameter takes bytes, a path (`os.PathLike`), an open binary file, or a
`(filename, content[, content_type])` tuple. Whatever it gets becomes an `Upload` (filename, bytes,
content type) while the request is built, so that a missing path or a text-mode file fails before
anything is sent, and a retried request sends the same bytes again. `AsyncClient` does that reading
in a worker thread (`read_uploads_async`), never on the event loop.
"""

from __future__ import annotations

import inspect
import io
import mimetypes
import os
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import IO, Any, NamedTuple, TypeAlias

from ._exceptions import FileMissingError, InvalidFileError
from ._types import NotGiven

__all__ = [
    "FileContent",
    "FileTypes",
    "Upload",
    "multipart_fields",
    "read_uploads",
    "read_uploads_async",
    "sniff",
    "to_upload",
]

FileContent: TypeAlias = bytes | os.PathLike[str] | IO[bytes]
"""The content of an upload: bytes, a path to read, or a file open in binary mode."""

FileTypes: TypeAlias = (
    FileContent | tuple[str | None, FileContent] | tuple[str | None, FileContent, str | None]
)
"""What a file parameter takes: content alone, or `(filename, content[, content_type])`.

Without a filename openwire uses the file's own name, or for bare bytes `upload.<ext>` with the
extension recognized from the content (`upload.wav`, `upload.png`), so the server can tell the format.
"""

_ACCEPTED = (
    "bytes, a path (pathlib.Path), a file opened in binary mode (open(path, 'rb')), "
    "or a (filename, content[, content_type]) tuple"
)

# Content types by extension for the formats the API takes; the `mimetypes` database differs
# between systems (`audio/x-wav` here, `audio/wav` there), so these are fixed.
_TYPES = {
    "flac": "audio/flac",
    "m4a": "audio/mp4",
    "mp3": "audio/mpeg",
    "mp4": "audio/mp4",
    "mpeg": "audio/mpeg",
    "mpga": "audio/mpeg",
    "oga": "audio/ogg",
    "ogg": "audio/ogg",
    "opus": "audio/ogg",
    "wav": "audio/wav",
    "webm": "audio/webm",
    "gif": "image/gif",
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
}


class Upload(NamedTuple):
    """One file, ready for the form: what httpx sends as `(filename, content, content_type)`."""

    filename: str
    content: bytes
    content_type: str


def sniff(content: bytes) -> str | None:
    """The file extension the first bytes of `content` announce (`"wav"`, `"png"`, ...), or None.

    Knows the audio formats the transcription endpoints take (WAV, MP3, FLAC, OGG, WebM, MP4/M4A)
    and the image formats the image endpoints take (PNG, JPEG, WebP, GIF).
    """
    head = content[:16]
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if head[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:4] == b"\x1a\x45\xdf\xa3":  # EBML, the container of WebM
        return "webm"
    if head[4:8] == b"ftyp":  # ISO base media: the brand says audio-only (M4A) or not
        return "m4a" if head[8:11] in (b"M4A", b"M4B") else "mp4"
    if head[:3] == b"ID3":
        return "mp3"
    # An MPEG audio frame: 11 sync bits, then a layer that is not "reserved" (which AAC's ADTS uses).
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06:
        return "mp3"
    return None


def to_upload(value: object, name: str, caller: str) -> Upload:
    """Read one file parameter into an `Upload`, or raise `InvalidFileError` / `FileMissingError`.

    Blocking: reads paths and files. `name` and `caller` (`"audio.transcriptions.create"`) only
    serve the error messages.
    """
    filename: str | None
    content_type: str | None = None
    if isinstance(value, tuple):
        if not 2 <= len(value) <= 3 or not all(isinstance(v, (str, type(None))) for v in value[::2]):
            raise InvalidFileError(
                f"{caller}() got a tuple for {name!r} that is not (filename, content) or "
                "(filename, content, content_type): filename and content_type are str (or None). To "
                "upload several files, pass a list."
            )
        filename = value[0]
        data, own_name = _read(value[1], name, caller)
        if len(value) == 3:
            content_type = value[2]
        if filename is None:
            filename = _filename(own_name, data)
    else:
        data, own_name = _read(value, name, caller)
        filename = _filename(own_name, data)
    if content_type is None:
        content_type = _content_type(filename, data)
    return Upload(filename, data, content_type)


def read_uploads(params: Mapping[str, Any], names: Collection[str], caller: str) -> dict[str, Any]:
    """`params` with each file parameter in `names` read into an `Upload` (a list stays a list)."""
    out = dict(params)
    for name in names:
        value = out.get(name)
        if value is not None and not isinstance(value, NotGiven):
            out[name] = _uploads(value, name, caller)
    return out


async def read_uploads_async(
    params: Mapping[str, Any], names: Collection[str], caller: str
) -> Mapping[str, Any]:
    """`read_uploads` for `AsyncClient`: paths and files are read in a worker thread."""
    if not any(_needs_io(params.get(name)) for name in names):
        return params
    import anyio.to_thread

    return await anyio.to_thread.run_sync(read_uploads, params, names, caller)


def multipart_fields(
    body: Mapping[str, Any], caller: str, file_fields: Collection[str] = ()
) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    """Split a request body into form fields and files, encoded the way the API expects.

    `file_fields` names the file parameters (without it, values that look like files are taken as
    files). A list of files is sent as `name[]` parts, a list of values as repeated `name[]` fields,
    an object as `name[key]` fields, booleans as `true` / `false`; `None` is left out.
    """
    data: dict[str, Any] = {}
    files: list[tuple[str, Any]] = []
    for name, value in body.items():
        if value is None:
            continue
        if name in file_fields or (not file_fields and _is_file(value)):
            uploads = _uploads(value, name, caller)
            if isinstance(uploads, list):
                files.extend((f"{name}[]", upload) for upload in uploads)
            else:
                files.append((name, uploads))
        else:
            _add_form_value(data, name, value)
    return data, files


def _uploads(value: object, name: str, caller: str) -> Upload | list[Upload]:
    if isinstance(value, list):
        if not value:
            raise InvalidFileError(f"{caller}() got an empty list for {name!r}; pass at least one file.")
        return [to_upload(item, name, caller) for item in value]
    return to_upload(value, name, caller)


def _read(content: object, name: str, caller: str) -> tuple[bytes, str | None]:
    """The bytes of one upload's content, and the name of the file they came from (if any)."""
    if isinstance(content, bytes):
        return content, None
    if isinstance(content, (bytearray, memoryview)):
        return bytes(content), None
    if isinstance(content, str):
        shown = content if len(content) <= 60 else content[:57] + "..."
        raise InvalidFileError(
            f"{caller}() got a str for {name!r}: a file parameter takes {_ACCEPTED}. To upload the file "
            f"at that path, pass pathlib.Path({shown!r}); to upload the text itself, pass it .encode()d."
        )
    if isinstance(content, os.PathLike):
        return _read_path(Path(os.fsdecode(content)), name, caller)
    if isinstance(content, io.TextIOBase):
        raise _text_mode(name, caller)
    read = getattr(content, "read", None)
    if callable(read):
        if getattr(content, "closed", False) is True:
            raise InvalidFileError(
                f"{caller}() got a closed file for {name!r}; keep it open until the call returns "
                "(call inside the `with open(...)` block)."
            )
        data = read()
        if isinstance(data, str):
            raise _text_mode(name, caller)
        if inspect.iscoroutine(data):
            data.close()
            raise InvalidFileError(
                f"{caller}() got an async file for {name!r}; pass the bytes, a path, or a file "
                "opened with open(path, 'rb')."
            )
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise InvalidFileError(
                f"{caller}(): reading the file given for {name!r} gave {type(data).__name__}, not bytes."
            )
        own = getattr(content, "name", None)
        return bytes(data), os.fsdecode(own) if isinstance(own, (str, bytes)) else None
    raise InvalidFileError(f"{caller}() got {type(content).__name__} for {name!r}; pass {_ACCEPTED}.")


def _read_path(path: Path, name: str, caller: str) -> tuple[bytes, str]:
    try:
        return path.read_bytes(), path.name
    except FileNotFoundError:
        where = "" if path.is_absolute() else f" (relative to the working directory {os.getcwd()})"
        raise FileMissingError(
            f"{caller}(): there is no file at {str(path)!r}{where}, given for {name!r}. Check the path."
        ) from None
    except IsADirectoryError:
        raise InvalidFileError(
            f"{caller}(): {str(path)!r}, given for {name!r}, is a directory; pass the path of a file."
        ) from None
    except PermissionError:
        if path.is_dir():  # Windows reports a directory as a permission problem
            raise InvalidFileError(
                f"{caller}(): {str(path)!r}, given for {name!r}, is a directory; pass the path of a file."
            ) from None
        raise


def _text_mode(name: str, caller: str) -> InvalidFileError:
    return InvalidFileError(
        f"{caller}() got a file opened in text mode for {name!r}; uploads are bytes: open it with "
        "open(path, 'rb')."
    )


def _filename(own_name: str | None, data: bytes) -> str:
    """The file's own name (with the sniffed extension added if it has none), else `upload.<ext>`."""
    base = os.path.basename(own_name) if own_name else ""
    if base and "." in base.strip("."):
        return base
    extension = sniff(data)
    stem = base or "upload"
    return f"{stem}.{extension}" if extension else stem


def _content_type(filename: str, data: bytes) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    known = _TYPES.get(extension) or (mimetypes.guess_type(filename)[0] if extension else None)
    if known:
        return known
    sniffed = sniff(data)
    return _TYPES[sniffed] if sniffed else "application/octet-stream"


def _needs_io(value: object) -> bool:
    """Whether reading this file parameter touches the disk (or a file object)."""
    if isinstance(value, list):
        return any(_needs_io(item) for item in value)
    if isinstance(value, tuple):
        return len(value) >= 2 and _needs_io(value[1])
    return isinstance(value, os.PathLike) or callable(getattr(value, "read", None))


def _is_file(value: object) -> bool:
    content = value[1] if isinstance(value, tuple) and 2 <= len(value) <= 3 else value
    return isinstance(content, (bytes, bytearray, memoryview, os.PathLike, io.IOBase))


def _add_form_value(data: dict[str, Any], key: str, value: object) -> None:
    if value is None or isinstance(value, NotGiven):
        return
    if isinstance(value, Mapping):
        for sub, item in value.items():
            _add_form_value(data, f"{key}[{sub}]", item)
    elif isinstance(value, (list, tuple)):
        data[f"{key}[]"] = [_form_value(item) for item in value if item is not None]
    else:
        data[key] = _form_value(value)


def _form_value(value: object) -> str | bytes:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (bytes, str)):
        return value
    return str(value)
