"""`POST /moderations`, and the moderation results that moderated chat completions and responses
carry.

A text is flagged when it contains one of the server's flag words (whole words, any case); the
word's category is flagged with a high score and every other category gets a small, stable score.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ._checks import missing, require_string, wrong_type
from ._state import MODERATION_CATEGORIES, ModerationFailure, State
from ._text import digest, message_text
from ._wire import ApiError, Request, Response, json_response

__all__ = [
    "chat_moderation",
    "classify",
    "create_moderation",
    "moderation_result",
    "response_moderation",
]

DEFAULT_MODEL = "omni-moderation-latest"
# The categories omni-moderation also scores on images.
_IMAGE_CATEGORIES = frozenset(
    {"self-harm", "self-harm/intent", "self-harm/instructions", "sexual", "violence", "violence/graphic"}
)


def classify(text: str, flag_words: Mapping[str, str], *, images: bool = False) -> dict[str, Any]:
    """One moderation result (`flagged`, `categories`, `category_scores`, `category_applied_input_types`)."""
    hits = {
        category
        for word, category in flag_words.items()
        if word and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE)
    }
    categories: dict[str, bool] = {}
    scores: dict[str, float] = {}
    applied: dict[str, list[str]] = {}
    for category in MODERATION_CATEGORIES:
        noise = int.from_bytes(digest(text, category)[:4], "big") / 2**32
        flagged = category in hits
        categories[category] = flagged
        scores[category] = round(0.9 + 0.09 * noise, 6) if flagged else round(1e-6 + 9e-4 * noise, 8)
        kinds = ["text"] if text.strip() or not images else []
        if images and category in _IMAGE_CATEGORIES:
            kinds.append("image")
        applied[category] = kinds
    return {
        "flagged": bool(hits),
        "categories": categories,
        "category_scores": scores,
        "category_applied_input_types": applied,
    }


def create_moderation(state: State, request: Request, body: dict[str, Any]) -> Response:
    """`POST /moderations`: one result per input string, or one for a list of text and image parts."""
    model = body.get("model", DEFAULT_MODEL)
    if not isinstance(model, str):
        raise ApiError(
            400, "Invalid type for 'model': expected a string.", param="model", code="invalid_type"
        )
    state.check_model(model)
    if "input" not in body:
        raise ApiError(
            400, "Missing required parameter: 'input'.", param="input", code="missing_required_parameter"
        )
    raw = body["input"]
    items: list[tuple[str, bool]]
    if isinstance(raw, str):
        items = [(raw, False)]
    elif isinstance(raw, list) and raw and all(isinstance(x, str) for x in raw):
        items = [(x, False) for x in raw]
    elif isinstance(raw, list) and raw and all(isinstance(x, dict) for x in raw):
        for index, part in enumerate(raw):
            if part.get("type") not in ("text", "image_url"):
                raise ApiError(
                    400,
                    f"Invalid value: {part.get('type')!r}. Supported values are: 'text' and 'image_url'.",
                    param=f"input[{index}].type",
                    code="invalid_value",
                )
            _check_part(part, f"input[{index}]")
        has_image = any(part["type"] == "image_url" for part in raw)
        if has_image and not model.startswith("omni-moderation"):
            raise ApiError(400, f"The model {model!r} does not accept images.", param="input")
        items = [(message_text(raw), has_image)]
    else:
        raise ApiError(
            400,
            "Invalid 'input': expected a string, an array of strings, or an array of text and image parts.",
            param="input",
            code="invalid_type",
        )
    with state.lock:
        words = dict(state.flag_words)
    results = [classify(text.replace("[image]", ""), words, images=images) for text, images in items]
    return json_response({"id": state.next_id("modr-", 20), "model": model, "results": results})


def _check_part(part: dict[str, Any], where: str) -> None:
    """A text part needs its `text` (a string), an image part its `image_url.url`, as the spec says."""
    if part["type"] == "text":
        require_string(part, "text", what=f"{where}.text")
        return
    image = part.get("image_url")
    if not isinstance(image, dict):
        raise (
            missing(f"{where}.image_url")
            if image is None
            else wrong_type(f"{where}.image_url", "an object", image)
        )
    require_string(image, "url", what=f"{where}.image_url.url")


def chat_moderation(
    state: State, model: str, input_text: str, outputs: list[str], failure: ModerationFailure | None
) -> dict[str, Any]:
    """The `moderation: {input, output}` of a moderated chat completion: each side a list of
    results (one per choice for the output), or the error branch."""
    with state.lock:
        words = dict(state.flag_words)

    def side(name: str, texts: list[str]) -> dict[str, Any]:
        if failure is not None and failure.covers(name):
            return failure.error()
        results = [moderation_result(model, text, words) for text in texts]
        return {"type": "moderation_results", "model": model, "results": results}

    return {"input": side("input", [input_text]), "output": side("output", outputs)}


def response_moderation(
    state: State, model: str, input_text: str, output_text: str, failure: ModerationFailure | None
) -> dict[str, Any]:
    """The `moderation: {input, output}` of a moderated response: each side one result, or the
    error branch."""
    with state.lock:
        words = dict(state.flag_words)

    def side(name: str, text: str) -> dict[str, Any]:
        if failure is not None and failure.covers(name):
            return failure.error()
        return moderation_result(model, text, words)

    return {"input": side("input", input_text), "output": side("output", output_text)}


def moderation_result(model: str, text: str, flag_words: Mapping[str, str]) -> dict[str, Any]:
    """One `moderation_result` object, as moderated chat completions and responses carry."""
    return {"type": "moderation_result", "model": model, **classify(text, flag_words)}
