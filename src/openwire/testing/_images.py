"""`POST /images/generations`, `/images/edits` and `/images/variations`: real PNGs, as base64 or as
links to `GET /files-served/{name}` on this server.

Every image is a PNG whatever `output_format` asks for (the answer says `"output_format": "png"`).
gpt-image models always answer with `b64_json`, as the API does, report token `usage`, and can
stream (`stream: true`): `partial_images` lighter partial images, then the final one.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from ._checks import check_enum, check_number, check_string, require_string, wrong_type
from ._media import color_for, png, png_size
from ._state import State
from ._text import count_tokens
from ._wire import ApiError, Request, Response, UploadedFile, json_response, sse

__all__ = ["create_image", "edit_image", "image_variation"]

_SIZES = {
    "dall-e-2": ("256x256", "512x512", "1024x1024"),
    "dall-e-3": ("1024x1024", "1792x1024", "1024x1792"),
}
_SIZE = re.compile(r"^(\d{1,4})x(\d{1,4})$")
_MAX_SIDE = 4096


def _is_gpt_image(model: str) -> bool:
    return model.startswith(("gpt-image", "chatgpt-image"))


def _size(model: str, raw: object, default: tuple[int, int]) -> tuple[int, int]:
    if raw is None or raw == "auto":
        return default
    allowed = _SIZES.get(model)
    if allowed is not None and raw not in allowed:
        check_enum({"size": raw}, "size", allowed)
    match = _SIZE.match(raw) if isinstance(raw, str) else None
    if match is None:
        raise ApiError(
            400, f"Invalid value: {raw!r}. Expected a size such as '1024x1024' or 'auto'.", param="size"
        )
    width, height = int(match.group(1)), int(match.group(2))
    if not (1 <= width <= _MAX_SIDE and 1 <= height <= _MAX_SIDE):
        raise ApiError(
            400, f"Invalid size {raw!r}: each side must be between 1 and {_MAX_SIDE}.", param="size"
        )
    return width, height


def _answer(
    state: State,
    request: Request,
    *,
    model: str,
    prompt: str,
    count: int,
    size: tuple[int, int],
    response_format: str,
    quality: str | None,
    image_tokens: int = 0,
    revise: bool = False,
    stream: str | None = None,
    partial_images: int = 0,
) -> Response:
    gpt_image = _is_gpt_image(model)
    if stream is not None:
        return _stream(
            state,
            stream,
            prompt=prompt,
            count=count,
            size=size,
            quality=quality,
            image_tokens=image_tokens,
            partial_images=partial_images,
        )
    data = []
    for number in range(count):
        image = png(size[0], size[1], color_for(f"{prompt}\x1f{number}"))
        item: dict[str, Any] = {}
        if gpt_image or response_format == "b64_json":
            item["b64_json"] = base64.b64encode(image).decode("ascii")
        else:
            name = state.next_id("img-", 24) + ".png"
            state.keep_file(name, image, "image/png")
            item["url"] = f"{request.root}/files-served/{name}"
        if revise:
            item["revised_prompt"] = f"A simple picture of: {prompt}"
        data.append(item)
    answer: dict[str, Any] = {"created": state.now(), "data": data}
    if gpt_image:
        answer.update(_details(size, quality), usage=_usage(prompt, count, image_tokens))
    return json_response(answer)


def _details(size: tuple[int, int], quality: str | None) -> dict[str, Any]:
    return {
        "background": "opaque",
        "output_format": "png",
        "quality": quality if quality in ("low", "medium", "high") else "medium",
        "size": f"{size[0]}x{size[1]}",
    }


def _usage(prompt: str, count: int, image_tokens: int) -> dict[str, Any]:
    text_tokens = count_tokens(prompt)
    output_tokens = 1056 * count
    return {
        "input_tokens": text_tokens + image_tokens,
        "input_tokens_details": {"text_tokens": text_tokens, "image_tokens": image_tokens},
        "output_tokens": output_tokens,
        "total_tokens": text_tokens + image_tokens + output_tokens,
    }


def _stream(
    state: State,
    kind: str,
    *,
    prompt: str,
    count: int,
    size: tuple[int, int],
    quality: str | None,
    image_tokens: int,
    partial_images: int,
) -> Response:
    """The events of a streamed generation or edit (`kind` is `image_generation` or `image_edit`):
    the partial images, lighter to darker, then the final one with the usage."""
    details = {"created_at": state.now(), **_details(size, quality)}
    events: list[Any] = []
    for number in range(count):
        final = color_for(f"{prompt}\x1f{number}")
        for index in range(partial_images):
            shade = tuple(c + (255 - c) * (partial_images - index) // (partial_images + 1) for c in final)
            image = png(size[0], size[1], (shade[0], shade[1], shade[2]))
            events.append(
                {
                    "type": f"{kind}.partial_image",
                    "b64_json": base64.b64encode(image).decode("ascii"),
                    "partial_image_index": index,
                    **details,
                }
            )
        image = png(size[0], size[1], final)
        events.append(
            {
                "type": f"{kind}.completed",
                "b64_json": base64.b64encode(image).decode("ascii"),
                **details,
                "usage": _usage(prompt, 1, image_tokens),
            }
        )
    return sse(events)


def _streaming(model: str, stream: object, partial_images: object) -> int | None:
    """How many partial images a streamed request wants, or None when it does not stream."""
    if stream is not True and stream != "true":
        return None
    if not _is_gpt_image(model):
        raise ApiError(
            400, f"Streaming is only supported for GPT image models, not {model!r}.", param="stream"
        )
    if isinstance(partial_images, int):
        count = partial_images
    elif isinstance(partial_images, str) and partial_images:
        count = int(partial_images)  # a form field; ValueError is reported by the caller
    else:
        count = 0
    check_number({"partial_images": count}, "partial_images", 0, 3, integer=True)
    return count


def create_image(state: State, request: Request, body: dict[str, Any]) -> Response:
    """`POST /images/generations` (JSON body)."""
    prompt = require_string(body, "prompt")
    model = _model(body)
    check_string(body, "user")
    state.check_model(model)
    check_number(body, "n", 1, 10, integer=True)
    count = body.get("n") or 1
    if model == "dall-e-3" and count != 1:
        raise ApiError(
            400, "Invalid 'n': dall-e-3 only supports n=1.", param="n", code="integer_above_max_value"
        )
    check_enum(body, "response_format", ("url", "b64_json"))
    partials = _streaming(model, body.get("stream"), body.get("partial_images"))
    return _answer(
        state,
        request,
        model=model,
        prompt=prompt,
        count=count,
        size=_size(model, body.get("size"), (1024, 1024)),
        response_format=body.get("response_format") or "url",
        quality=body.get("quality"),
        revise=not _is_gpt_image(model),
        stream=None if partials is None else "image_generation",
        partial_images=partials or 0,
    )


def _model(body: dict[str, Any]) -> str:
    """`model`: a string, or null or absent for the default (the spec makes it nullable)."""
    model = body.get("model")
    if model is None or model == "":
        return "dall-e-2"
    if not isinstance(model, str):
        raise wrong_type("model", "a string", model)
    return model


def _edit_size(model: str, raw: str | None, image: UploadedFile) -> tuple[int, int]:
    """An edit's output size: as asked, else the spec's default 1024x1024; `auto` on a GPT image
    model picks the standard size nearest the uploaded image's shape, as the API does."""
    if raw == "auto" and _is_gpt_image(model):
        width, height = png_size(image.data) or (1024, 1024)
        if width > height * 1.2:
            return 1536, 1024
        if height > width * 1.2:
            return 1024, 1536
    return _size(model, raw, (1024, 1024))


def _form_int(fields: dict[str, list[str]], key: str, low: int, high: int) -> int | None:
    raw = fields.get(key, [None])[-1]
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, f"Invalid '{key}': expected an integer, got {raw!r}.", param=key) from None
    check_number({key: value}, key, low, high, integer=True)
    return value


def _field(fields: dict[str, list[str]], key: str) -> str | None:
    values = fields.get(key)
    return values[-1] if values else None


def _uploaded_images(
    files: dict[str, list[UploadedFile]], model: str, *, png_only: bool
) -> list[UploadedFile]:
    images = files.get("image", []) + files.get("image[]", [])
    if not images:
        raise ApiError(
            400, "Missing required parameter: 'image'.", param="image", code="missing_required_parameter"
        )
    for image in images:
        if not image.data:
            raise ApiError(400, f"The uploaded image {image.filename!r} is empty.", param="image")
        if png_only and png_size(image.data) is None:
            raise ApiError(
                400,
                f"Invalid input image {image.filename!r}: the format must be PNG for {model}.",
                param="image",
                code="invalid_image_format",
            )
    return images


def edit_image(
    state: State, request: Request, fields: dict[str, list[str]], files: dict[str, list[UploadedFile]]
) -> Response:
    """`POST /images/edits` (multipart: `image` or `image[]`, optional `mask`, `prompt`)."""
    prompt = _field(fields, "prompt")
    if not prompt:
        raise ApiError(
            400, "Missing required parameter: 'prompt'.", param="prompt", code="missing_required_parameter"
        )
    model = _field(fields, "model") or "dall-e-2"
    state.check_model(model)
    images = _uploaded_images(files, model, png_only=not _is_gpt_image(model))
    for mask in files.get("mask", []):
        if png_size(mask.data) is None:
            raise ApiError(
                400, "Invalid mask: the mask must be a PNG.", param="mask", code="invalid_image_format"
            )
    check_enum({"response_format": _field(fields, "response_format")}, "response_format", ("url", "b64_json"))
    try:
        partials = _streaming(model, _field(fields, "stream"), _field(fields, "partial_images"))
    except ValueError:
        raise ApiError(
            400, "Invalid 'partial_images': expected an integer.", param="partial_images"
        ) from None
    return _answer(
        state,
        request,
        model=model,
        prompt=prompt,
        count=_form_int(fields, "n", 1, 10) or 1,
        size=_edit_size(model, _field(fields, "size"), images[0]),
        response_format=_field(fields, "response_format") or "url",
        quality=_field(fields, "quality"),
        image_tokens=65 * len(images),
        stream=None if partials is None else "image_edit",
        partial_images=partials or 0,
    )


def image_variation(
    state: State, request: Request, fields: dict[str, list[str]], files: dict[str, list[UploadedFile]]
) -> Response:
    """`POST /images/variations` (multipart: a PNG `image`)."""
    model = _field(fields, "model") or "dall-e-2"
    state.check_model(model)
    images = _uploaded_images(files, model, png_only=True)
    check_enum({"response_format": _field(fields, "response_format")}, "response_format", ("url", "b64_json"))
    return _answer(
        state,
        request,
        model=model,
        prompt=f"a variation of {images[0].filename}",
        count=_form_int(fields, "n", 1, 10) or 1,
        size=_size(model, _field(fields, "size"), (1024, 1024)),  # the spec's default, not the upload's
        response_format=_field(fields, "response_format") or "url",
        quality=None,
    )
