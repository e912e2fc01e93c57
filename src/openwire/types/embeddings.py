"""Embeddings: the parameters of `embeddings.create` and the vectors it returns.

A vector arrives as JSON floats (`encoding_format="float"`, the API's default) or as base64 of
little-endian float32 (`encoding_format="base64"`, about a quarter of the bytes and much faster to
read). `Embedding.vector` gives floats either way, `Embedding.to_numpy()` a float32 array, and
`CreateEmbeddingResponse.to_numpy()` one 2-D array for the whole batch, decoded without building
Python lists when the vectors came as base64.

```python
response = client.embeddings.create(model="text-embedding-3-small", input=texts, encoding_format="base64")
matrix = response.to_numpy()  # shape (len(texts), 1536), float32
```
"""

# No `from __future__ import annotations` here: it would turn `Required[...]` into strings, and the
# TypedDicts would no longer know at runtime which keys are required.

import base64
import binascii
import sys
from array import array
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from typing_extensions import Required, TypedDict

from openwire._exceptions import OpenwireError
from openwire._models import BaseModel

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "CreateEmbeddingResponse",
    "Embedding",
    "EmbeddingCreateParams",
    "EmbeddingInput",
    "EmbeddingModel",
    "EmbeddingUsage",
]

EmbeddingModel: TypeAlias = Literal[
    "text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002"
]
"""The embedding models the API names; any other model id a server offers is accepted too."""

EmbeddingInput: TypeAlias = str | Sequence[str] | Sequence[int] | Sequence[Sequence[int]]
"""What to embed: a text, a list of texts, one list of token ids, or a list of token-id lists."""


class EmbeddingCreateParams(TypedDict, total=False):
    """The parameters of `embeddings.create`."""

    input: Required[EmbeddingInput]
    """What to embed; one vector comes back per text (or per token list). Neither the input nor any
    item of it may be empty."""
    model: Required[EmbeddingModel | str]
    """The embedding model."""
    dimensions: int
    """How long the vectors should be (`text-embedding-3` models and later can shorten them)."""
    encoding_format: Literal["float", "base64"]
    """How the vectors travel: JSON floats, or base64 of float32 (smaller and faster to read).
    Left out unless you set it, so servers that know only floats keep working."""
    user: str
    """An id for your end user, to help the provider detect abuse."""


class EmbeddingUsage(BaseModel):
    """Token usage of an embeddings request."""

    prompt_tokens: int
    """Tokens in the input."""
    total_tokens: int
    """Tokens billed for the request."""


class Embedding(BaseModel):
    """One embedding vector, for the input at position `index`."""

    embedding: list[float] | str
    """The vector as the server sent it: a list of floats, or (with `encoding_format="base64"`)
    a base64 string of little-endian float32. `vector` and `to_numpy()` read either."""
    index: int
    """The position of the input this vector belongs to."""
    object: Literal["embedding"] | str = "embedding"
    """Always `embedding`."""

    @property
    def vector(self) -> list[float]:
        """The vector as floats, whichever format it came in (decoded on each access when it came
        as base64; the list itself, not a copy, when it came as floats)."""
        if isinstance(self.embedding, str):
            return _floats(self.embedding)
        return self.embedding

    def to_numpy(self) -> "npt.NDArray[np.float32]":
        """The vector as a 1-D float32 numpy array (needs numpy: `pip install 'openwire[numpy]'`)."""
        numpy = _numpy()
        vector: npt.NDArray[np.float32]
        if isinstance(self.embedding, str):
            vector = numpy.frombuffer(_raw(self.embedding), dtype="<f4").astype(numpy.float32)
        else:
            vector = numpy.array(self.embedding, dtype=numpy.float32)
        return vector


class CreateEmbeddingResponse(BaseModel):
    """The answer to `embeddings.create`: one `Embedding` per input, in `data`."""

    data: list[Embedding]
    """The vectors, one per input."""
    model: str
    """The model that made them."""
    object: Literal["list"] | str = "list"
    """Always `list`."""
    usage: EmbeddingUsage | None = None
    """Token usage, where the server reports it."""

    @property
    def vectors(self) -> list[list[float]]:
        """Every vector as floats, in input order."""
        return [item.vector for item in self._in_order()]

    def to_numpy(self) -> "npt.NDArray[np.float32]":
        """All vectors as one 2-D float32 array, a row per input in input order (needs numpy).

        With `encoding_format="base64"` the rows are decoded straight into the array, never into
        Python floats: the fast path for large batches.
        """
        numpy = _numpy()
        matrix: npt.NDArray[np.float32]
        items = self._in_order()
        encoded = [item.embedding for item in items if isinstance(item.embedding, str)]
        if not items:
            matrix = numpy.empty((0, 0), dtype=numpy.float32)
        elif len(encoded) == len(items):
            rows = [_raw(text) for text in encoded]
            _same_length([len(row) // 4 for row in rows])
            # One buffer for all rows, and a bytearray so the array is writable without a copy.
            flat = numpy.frombuffer(bytearray().join(rows), dtype="<f4")
            matrix = flat.reshape(len(rows), -1).astype(numpy.float32, copy=False)
        else:
            vectors = [item.vector for item in items]
            _same_length([len(vector) for vector in vectors])
            matrix = numpy.array(vectors, dtype=numpy.float32)
        return matrix

    def _in_order(self) -> list[Embedding]:
        if all(item.index == position for position, item in enumerate(self.data)):
            return self.data
        return sorted(self.data, key=lambda item: item.index)


def _raw(encoded: str) -> bytes:
    try:
        raw = base64.b64decode(encoded)
    except binascii.Error:
        raise OpenwireError(
            "An embedding came as a string that is not valid base64; the server may not support "
            "encoding_format='base64'. Leave encoding_format out to get floats."
        ) from None
    if len(raw) % 4:
        raise OpenwireError(
            f"An embedding's base64 data is {len(raw)} bytes, not a whole number of float32 values; "
            "the server may encode vectors differently. Leave encoding_format out to get floats."
        )
    return raw


def _floats(encoded: str) -> list[float]:
    values = array("f")
    values.frombytes(_raw(encoded))
    if sys.byteorder == "big":  # the API sends little-endian float32
        values.byteswap()
    return values.tolist()


def _same_length(lengths: list[int]) -> None:
    if len(set(lengths)) > 1:
        raise OpenwireError(
            f"The vectors have different lengths ({min(lengths)} to {max(lengths)}) and do not form "
            "a matrix; read them one by one with `.vector` or `.to_numpy()` on each item of `data`."
        )


def _numpy() -> Any:
    try:
        import numpy
    except ImportError:
        raise ImportError(
            "to_numpy() needs numpy, which is not installed: pip install 'openwire[numpy]' (or numpy). "
            "Without numpy, `.vector` gives the floats as a list."
        ) from None
    return numpy
