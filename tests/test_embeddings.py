"""`client.embeddings`: the request body (the encoding only when asked for), empty input refused,
vectors read from floats and from base64 (equal bit for bit), and the numpy path; on both clients."""

from __future__ import annotations

import base64
import itertools
import json
import math
import random
import struct
import sys
from typing import Any

import pytest
import respx

import openwire
from conftest import Flavor
from openwire import InvalidInputError
from openwire.types.embeddings import CreateEmbeddingResponse, Embedding

FLOAT32_MAX = struct.unpack("<f", b"\xff\xff\x7f\x7f")[0]
SPECIAL = [
    0.0,
    -0.0,
    math.inf,
    -math.inf,
    math.nan,
    FLOAT32_MAX,
    -FLOAT32_MAX,
    struct.unpack("<f", b"\x01\x00\x00\x00")[0],  # the smallest subnormal
    struct.unpack("<f", b"\x00\x00\x80\x00")[0],  # the smallest normal
    1.0,
    -1.0,
    0.1,  # not exact in float32: stands for what float32 makes of it
]


def float32_vector(size: int, seed: int) -> list[float]:
    """Floats that are exactly float32 values (as a server's float32 vectors are)."""
    rng = random.Random(seed)
    packed = struct.pack(f"<{size}f", *(rng.uniform(-0.2, 0.2) for _ in range(size)))
    return list(struct.unpack(f"<{size}f", packed))


def b64(vector: list[float]) -> str:
    return base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()


def bits(vector: list[float]) -> bytes:
    """The exact float64 bit patterns, so that -0.0 != 0.0 and NaN == NaN."""
    return struct.pack(f"<{len(vector)}d", *vector)


def response(*vectors: list[float] | str, indexes: list[int] | None = None) -> dict[str, Any]:
    order = indexes if indexes is not None else list(range(len(vectors)))
    return {
        "object": "list",
        "model": "text-embedding-3-large",
        "data": [
            {"object": "embedding", "index": i, "embedding": v} for i, v in zip(order, vectors, strict=True)
        ],
        "usage": {"prompt_tokens": 8, "total_tokens": 8},
    }


def embed(flavor: Flavor, client: Any, **params: Any) -> Any:
    params.setdefault("model", "text-embedding-3-large")
    return flavor.run(lambda c: c.embeddings.create(**params), client)


# --- the request -----------------------------------------------------------------------------------


def test_no_encoding_format_unless_asked(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/embeddings").respond(json=response([0.5]))
    embed(flavor, flavor.client(), input="The food was delicious")
    request = route.calls.last.request
    assert json.loads(request.content) == {
        "model": "text-embedding-3-large",
        "input": "The food was delicious",
    }
    assert request.headers["content-type"] == "application/json"


@pytest.mark.parametrize("encoding_format", ["float", "base64"])
def test_the_chosen_encoding_format_is_sent(
    flavor: Flavor, mock_api: respx.MockRouter, encoding_format: str
) -> None:
    route = mock_api.post("/embeddings").respond(json=response([0.5]))
    embed(flavor, flavor.client(), input="x", encoding_format=encoding_format, dimensions=256, user="u-1")
    assert json.loads(route.calls.last.request.content) == {
        "model": "text-embedding-3-large",
        "input": "x",
        "encoding_format": encoding_format,
        "dimensions": 256,
        "user": "u-1",
    }


@pytest.mark.parametrize(
    "value",
    ["one text", ["first", "second"], [1212, 318, 257], [[1212, 318], [257]], ("a", "b")],
    ids=["str", "list-of-str", "tokens", "token-lists", "tuple"],
)
def test_every_input_shape(flavor: Flavor, mock_api: respx.MockRouter, value: Any) -> None:
    route = mock_api.post("/embeddings").respond(json=response([0.5]))
    embed(flavor, flavor.client(), input=value)
    expected = list(value) if isinstance(value, tuple) else value
    assert json.loads(route.calls.last.request.content)["input"] == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "empty string as input"),
        ([], "empty list as input"),
        (["a", ""], "empty string at input[1]"),
        ([[1, 2], []], "empty token list at input[1]"),
    ],
)
def test_empty_input_is_refused_before_sending(
    flavor: Flavor, mock_api: respx.MockRouter, value: Any, message: str
) -> None:
    route = mock_api.post("/embeddings").respond(json=response([0.5]))
    with pytest.raises(InvalidInputError, match=message.replace("[", r"\[").replace("]", r"\]")) as raised:
        embed(flavor, flavor.client(), input=value)
    assert isinstance(raised.value, ValueError)
    assert "embeddings.create()" in str(raised.value)
    assert not route.called


# --- the vectors -----------------------------------------------------------------------------------


def test_float_vectors(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    vector = float32_vector(1536, seed=1)
    mock_api.post("/embeddings").respond(json=response(vector), headers={"x-request-id": "req_emb"})
    result = embed(flavor, flavor.client(), input="x")
    assert isinstance(result, CreateEmbeddingResponse)
    assert result.request_id == "req_emb"
    assert result.model == "text-embedding-3-large"
    assert result.usage is not None
    assert result.usage.prompt_tokens == 8
    item = result.data[0]
    assert isinstance(item, Embedding)
    assert item.index == 0
    assert item.embedding == vector
    assert item.vector is item.embedding  # no copy
    assert result.vectors == [vector]


@pytest.mark.parametrize("size", [3072, 1536, 1])
def test_base64_decodes_to_the_same_floats_bit_for_bit(
    flavor: Flavor, mock_api: respx.MockRouter, size: int
) -> None:
    vector = float32_vector(size, seed=size)
    route = mock_api.post("/embeddings")
    route.side_effect = [
        respx.MockResponse(json=response(vector)),
        respx.MockResponse(json=response(b64(vector))),
    ]
    client = flavor.client()
    as_floats = embed(flavor, client, input="x", encoding_format="float").data[0]
    as_base64 = embed(flavor, client, input="x", encoding_format="base64").data[0]
    assert isinstance(as_base64.embedding, str)
    assert len(as_base64.vector) == size
    assert bits(as_base64.vector) == bits(as_floats.vector) == bits(vector)


def test_special_values_survive_base64(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    expected = list(struct.unpack(f"<{len(SPECIAL)}f", struct.pack(f"<{len(SPECIAL)}f", *SPECIAL)))
    route = mock_api.post("/embeddings")
    # json.dumps writes NaN and Infinity, which some servers send and pydantic reads.
    route.side_effect = [
        respx.MockResponse(json=response(b64(SPECIAL))),
        respx.MockResponse(content=json.dumps(response(expected)).encode()),
    ]
    client = flavor.client()
    decoded = embed(flavor, client, input="x", encoding_format="base64").data[0].vector
    from_floats = embed(flavor, client, input="x").data[0].vector
    assert bits(decoded) == bits(expected) == bits(from_floats)
    assert math.copysign(1.0, decoded[1]) == -1.0
    assert math.isnan(decoded[4])
    assert decoded[7] == 2.0**-149


def test_vectors_come_in_input_order() -> None:
    result = CreateEmbeddingResponse.model_validate(response([2.0], [0.0], [1.0], indexes=[2, 0, 1]))
    assert result.vectors == [[0.0], [1.0], [2.0]]


@pytest.mark.parametrize(
    ("embedding", "message"),
    [("not base64!!", "not valid base64"), (base64.b64encode(b"\x00" * 6).decode(), "6 bytes")],
)
def test_bad_base64_is_explained(embedding: str, message: str) -> None:
    item = Embedding(embedding=embedding, index=0)
    with pytest.raises(openwire.OpenwireError, match=message):
        _ = item.vector


# --- numpy -----------------------------------------------------------------------------------------


def test_numpy_from_both_formats_is_the_same_array(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    np = pytest.importorskip("numpy")
    vectors = [float32_vector(3072, seed=i) for i in range(4)]
    route = mock_api.post("/embeddings")
    route.side_effect = [
        respx.MockResponse(json=response(*vectors)),
        respx.MockResponse(json=response(*(b64(v) for v in vectors))),
    ]
    client = flavor.client()
    from_floats = embed(flavor, client, input=["a", "b", "c", "d"]).to_numpy()
    from_base64 = embed(flavor, client, input=["a", "b", "c", "d"], encoding_format="base64").to_numpy()
    for matrix in (from_floats, from_base64):
        assert matrix.shape == (4, 3072)
        assert matrix.dtype == np.float32
        assert matrix.flags.writeable
    assert (
        from_base64.tobytes()
        == from_floats.tobytes()
        == struct.pack(f"<{4 * 3072}f", *itertools.chain(*vectors))
    )


def test_numpy_of_one_embedding_and_special_values() -> None:
    np = pytest.importorskip("numpy")
    item = Embedding(embedding=b64(SPECIAL), index=0)
    array = item.to_numpy()
    assert array.dtype == np.float32
    assert array.shape == (len(SPECIAL),)
    assert array.tobytes() == struct.pack(f"<{len(SPECIAL)}f", *SPECIAL)
    as_floats = Embedding(embedding=item.vector, index=0).to_numpy()
    assert as_floats.tobytes() == array.tobytes()


def test_numpy_rows_follow_the_input_order() -> None:
    pytest.importorskip("numpy")
    result = CreateEmbeddingResponse.model_validate(
        response(b64([2.0, 2.5]), b64([0.0, 0.5]), b64([1.0, 1.5]), indexes=[2, 0, 1])
    )
    assert result.to_numpy().tolist() == [[0.0, 0.5], [1.0, 1.5], [2.0, 2.5]]


def test_numpy_of_mixed_and_empty_responses() -> None:
    np = pytest.importorskip("numpy")
    mixed = CreateEmbeddingResponse.model_validate(response([1.0, 2.0], b64([3.0, 4.0])))
    assert mixed.to_numpy().tolist() == [[1.0, 2.0], [3.0, 4.0]]
    empty = CreateEmbeddingResponse.model_validate(response())
    assert empty.to_numpy().shape == (0, 0)
    assert empty.to_numpy().dtype == np.float32


@pytest.mark.parametrize("encode", [False, True], ids=["floats", "base64"])
def test_numpy_of_ragged_vectors_is_explained(encode: bool) -> None:
    pytest.importorskip("numpy")
    vectors = [[1.0, 2.0], [3.0, 4.0, 5.0, 6.0]]
    result = CreateEmbeddingResponse.model_validate(response(*(b64(v) if encode else v for v in vectors)))
    with pytest.raises(openwire.OpenwireError, match="different lengths"):
        result.to_numpy()


def test_without_numpy_to_numpy_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "numpy", None)  # `import numpy` now fails, as if not installed
    item = Embedding(embedding=b64([1.0]), index=0)
    assert item.vector == [1.0]  # the stdlib path still works
    with pytest.raises(ImportError, match=r"pip install 'openwire\[numpy\]'"):
        item.to_numpy()
    with pytest.raises(ImportError, match="numpy"):
        CreateEmbeddingResponse.model_validate(response(b64([1.0]))).to_numpy()


def test_importing_openwire_does_not_import_numpy() -> None:
    import subprocess

    code = (
        "import sys, openwire, openwire.types.embeddings, openwire.resources.embeddings; "
        "print('numpy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
