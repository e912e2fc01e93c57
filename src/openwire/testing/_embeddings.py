"""`POST /embeddings`: deterministic unit vectors that behave a little like real ones.

Each word adds a few signed spikes at positions picked by its hash (feature hashing), so texts that
share words point in similar directions and cosine similarity means something in a demo. A small,
dense, text-specific component keeps every vector non-zero and distinct, even cut to a few
dimensions. Values are float32: the JSON floats are exactly the float32 numbers that the base64 form
encodes (little-endian).
"""

from __future__ import annotations

import base64
import math
import random
import re
import sys
from array import array
from typing import Any

from ._checks import check_enum, check_number, check_string, require_string, wrong_type
from ._state import State
from ._text import count_tokens, digest
from ._wire import ApiError, Request, Response, json_response

__all__ = ["create_embeddings", "embed"]

NATIVE_DIMENSIONS = {
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
}
_DEFAULT_DIMENSIONS = 1536
_SPIKES_PER_WORD = 8
_WORD = re.compile(r"\w+")


def embed(text: str, native: int, dimensions: int) -> array[float]:
    """The float32 embedding of `text`: computed at the model's native size, then cut to
    `dimensions` and normalized again (which is what the API does for `dimensions`)."""
    noise = random.Random(digest("embedding", text))  # the small, dense, text-specific component
    vector = [noise.uniform(-0.05, 0.05) for _ in range(native)]
    for word in _WORD.findall(text.lower()):
        hashed = digest("word", word)
        for spike in range(_SPIKES_PER_WORD):
            chunk = int.from_bytes(hashed[spike * 4 : spike * 4 + 4], "big")
            sign = 1.0 if chunk & 1 else -1.0
            vector[(chunk >> 1) % native] += sign
    cut = vector[:dimensions]
    norm = math.sqrt(sum(v * v for v in cut)) or 1.0
    return array("f", (v / norm for v in cut))


def _inputs(raw: object) -> list[str]:
    """The texts to embed: strings, or token arrays (embedded through their token ids)."""
    if isinstance(raw, str):
        items: list[object] = [raw]
    elif isinstance(raw, list) and raw and all(isinstance(x, int) and not isinstance(x, bool) for x in raw):
        items = [raw]
    elif isinstance(raw, list):
        items = list(raw)
    else:
        raise wrong_type("input", "a string or an array of strings or token arrays", raw)
    if not items:
        raise ApiError(
            400, "'$.input' is invalid: the array must not be empty.", param="input", code="empty_array"
        )
    if len(items) > 2048:
        raise ApiError(400, "'$.input' is invalid: at most 2048 inputs are allowed.", param="input")
    texts = []
    for index, item in enumerate(items):
        if isinstance(item, str):
            if not item:
                raise ApiError(
                    400, f"'$.input[{index}]' is invalid: the string must not be empty.", param="input"
                )
            texts.append(item)
        elif (
            isinstance(item, list)
            and item
            and all(isinstance(t, int) and not isinstance(t, bool) for t in item)
        ):
            texts.append(" ".join(f"t{t}" for t in item))
        else:
            raise wrong_type(f"input[{index}]", "a non-empty string or a non-empty array of integers", item)
    return texts


def create_embeddings(state: State, request: Request, body: dict[str, Any]) -> Response:
    """Answer `POST /embeddings`."""
    model = require_string(body, "model")
    state.check_model(model)
    if "input" not in body:
        raise ApiError(
            400, "Missing required parameter: 'input'.", param="input", code="missing_required_parameter"
        )
    texts = _inputs(body["input"])
    check_enum(body, "encoding_format", ("float", "base64"))
    check_string(body, "user")
    native = NATIVE_DIMENSIONS.get(model, _DEFAULT_DIMENSIONS)
    dimensions = body.get("dimensions")
    if dimensions is not None and model == "text-embedding-ada-002":
        raise ApiError(400, "This model does not support specifying dimensions.", param="dimensions")
    check_number(body, "dimensions", 1, native, integer=True)
    size = dimensions or native
    data = []
    for index, text in enumerate(texts):
        vector = embed(text, native, size)
        if body.get("encoding_format") == "base64":
            if sys.byteorder != "little":
                vector.byteswap()
            encoded: object = base64.b64encode(vector.tobytes()).decode("ascii")
        else:
            encoded = vector.tolist()
        data.append({"object": "embedding", "index": index, "embedding": encoded})
    used = sum(count_tokens(text) for text in texts)
    return json_response(
        {
            "object": "list",
            "data": data,
            "model": model,
            "usage": {"prompt_tokens": used, "total_tokens": used},
        }
    )
