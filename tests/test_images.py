"""`client.images`: generate, edit, create_variation, the images response, streamed images, and saving
an image to a file; on both clients."""

from __future__ import annotations

import base64
import copy
import json
import pathlib
import pickle
from typing import Any

import anyio
import httpx
import pytest
import respx

import openwire
from _multipart import parse_form
from conftest import Flavor
from openwire._models import UnknownVariant
from openwire.types.images import (
    Image,
    ImageEditCompletedEvent,
    ImageEditPartialImageEvent,
    ImageGenCompletedEvent,
    ImageGenPartialImageEvent,
    ImagesResponse,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64))
PNG_B64 = base64.b64encode(PNG).decode()
IMAGE_HOST = "https://images.example.test"

USAGE = {
    "input_tokens": 50,
    "output_tokens": 4160,
    "total_tokens": 4210,
    "input_tokens_details": {"text_tokens": 40, "image_tokens": 10},
    "output_tokens_details": {"text_tokens": 0, "image_tokens": 4160},
}
RESPONSE = {
    "created": 1713833628,
    "data": [
        {"b64_json": PNG_B64, "revised_prompt": "A calm lighthouse at dawn"},
        {"url": f"{IMAGE_HOST}/img/2.png?sig=secret", "future_field": 1},
    ],
    "background": "transparent",
    "output_format": "png",
    "quality": "high",
    "size": "1024x1024",
    "usage": USAGE,
}


def call(flavor: Flavor, client: Any, method: str, **params: Any) -> Any:
    return flavor.run(lambda c: getattr(c.images, method)(**params), client)


def collect(flavor: Flavor, client: Any, method: str, **params: Any) -> list[Any]:
    if not flavor.is_async:
        return list(getattr(client.images, method)(stream=True, **params))

    async def go(c: openwire.AsyncClient) -> list[Any]:
        stream = await getattr(c.images, method)(stream=True, **params)
        return [event async for event in stream]

    result: list[Any] = flavor.run(go, client)
    return result


def save(flavor: Flavor, image: Image, path: pathlib.Path, client: Any = None) -> None:
    flavor.run(
        lambda i: i.asave(path, client=client) if flavor.is_async else i.save(path, client=client), image
    )


def sse(*events: dict[str, Any]) -> bytes:
    return b"".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n".encode() for e in events)


# --- generate --------------------------------------------------------------------------------------


def test_generate_sends_exactly_the_parameters_given(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/images/generations").respond(json=RESPONSE)
    params = {
        "prompt": "A lighthouse at dawn",
        "model": "gpt-image-1",
        "n": 2,
        "quality": "high",
        "size": "1024x1024",
        "background": "transparent",
        "moderation": "low",
        "output_format": "webp",
        "output_compression": 80,
        "partial_images": 0,
        "user": "user-1",
    }
    call(flavor, flavor.client(), "generate", **params)
    request = route.calls.last.request
    assert json.loads(request.content) == params
    assert request.headers["content-type"] == "application/json"
    assert request.headers["accept"] == "application/json"


def test_generate_dall_e_parameters(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/images/generations").respond(json={"created": 1, "data": [{"url": "u"}]})
    call(flavor, flavor.client(), "generate", prompt="otter", model="dall-e-3", style="natural",
         response_format="url", quality="hd", size="1792x1024")  # fmt: skip
    assert json.loads(route.calls.last.request.content) == {
        "prompt": "otter",
        "model": "dall-e-3",
        "style": "natural",
        "response_format": "url",
        "quality": "hd",
        "size": "1792x1024",
    }


def test_generate_minimal(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/images/generations").respond(json={"created": 1, "data": []})
    result = call(flavor, flavor.client(), "generate", prompt="x")
    assert json.loads(route.calls.last.request.content) == {"prompt": "x"}
    assert result.data == []
    assert result.usage is None


def test_images_response(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.post("/images/generations").respond(json=RESPONSE, headers={"x-request-id": "req_img"})
    result = call(flavor, flavor.client(), "generate", prompt="x")
    assert isinstance(result, ImagesResponse)
    assert result.request_id == "req_img"
    assert result.created == 1713833628
    first, second = result.data
    assert isinstance(first, Image)
    assert (first.b64_json, first.url, first.revised_prompt) == (PNG_B64, None, "A calm lighthouse at dawn")
    assert (second.b64_json, second.url) == (None, f"{IMAGE_HOST}/img/2.png?sig=secret")
    assert second.future_field == 1  # type: ignore[attr-defined]  # unknown fields are kept
    assert (result.background, result.output_format, result.quality, result.size) == (
        "transparent",
        "png",
        "high",
        "1024x1024",
    )
    assert result.usage is not None
    assert result.usage.total_tokens == 4210
    assert result.usage.input_tokens_details is not None
    assert result.usage.input_tokens_details.image_tokens == 10
    assert result.usage.output_tokens_details is not None
    assert result.usage.output_tokens_details.image_tokens == 4160


def test_generate_stream(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    fields = {
        "created_at": 1,
        "size": "1024x1024",
        "quality": "low",
        "background": "opaque",
        "output_format": "png",
    }
    body = sse(
        {"type": "image_generation.partial_image", "b64_json": "AAAA", "partial_image_index": 0, **fields},
        {"type": "image_generation.something_new", "detail": 1},
        {"type": "image_generation.completed", "b64_json": PNG_B64, "usage": USAGE, **fields},
    )
    route = mock_api.post("/images/generations").respond(
        content=body, headers={"content-type": "text/event-stream"}
    )
    events = collect(flavor, flavor.client(), "generate", prompt="x", partial_images=1)
    request = route.calls.last.request
    assert json.loads(request.content) == {"prompt": "x", "partial_images": 1, "stream": True}
    assert request.headers["accept"] == "text/event-stream"
    partial, unknown, done = events
    assert isinstance(partial, ImageGenPartialImageEvent)
    assert partial.partial_image_index == 0
    assert isinstance(unknown, UnknownVariant)
    assert unknown.type == "image_generation.something_new"
    assert isinstance(done, ImageGenCompletedEvent)
    assert base64.b64decode(done.b64_json) == PNG
    assert done.usage is not None
    assert done.usage.output_tokens == 4160


def test_an_error_in_a_stream_of_events_is_raised_not_kept_as_an_unknown_event(
    flavor: Flavor, mock_api: respx.MockRouter
) -> None:
    # Without `event:` lines the events are validated together; an error object would pass as an
    # event of an unknown type, so it is looked for before.
    partial = {"type": "image_generation.partial_image", "b64_json": "AAAA", "partial_image_index": 0}
    body = (
        f"data: {json.dumps(partial)}\n\ndata: {json.dumps({'error': {'message': 'moderation blocked'}})}\n\n"
    )
    mock_api.post("/images/generations").respond(
        content=body.encode(), headers={"content-type": "text/event-stream"}
    )
    received: list[Any] = []

    def consume(client: Any) -> Any:
        if flavor.is_async:

            async def go() -> None:
                async for event in await client.images.generate(prompt="x", stream=True):
                    received.append(event)

            return go()
        for event in client.images.generate(prompt="x", stream=True):
            received.append(event)
        return None

    with pytest.raises(openwire.APIStreamError, match="moderation blocked"):
        flavor.run(consume, flavor.client())
    assert [type(event) for event in received] == [ImageGenPartialImageEvent]


# --- edit and create_variation ---------------------------------------------------------------------


def test_edit_sends_a_multipart_form(
    flavor: Flavor, mock_api: respx.MockRouter, tmp_path: pathlib.Path
) -> None:
    route = mock_api.post("/images/edits").respond(json=RESPONSE)
    mask = tmp_path / "mask.png"
    mask.write_bytes(PNG + b"mask")
    result = call(
        flavor,
        flavor.client(),
        "edit",
        image=PNG,
        mask=mask,
        prompt="Add a beret",
        model="gpt-image-1",
        n=2,
        size="1024x1024",
        quality="high",
        background="transparent",
        input_fidelity="high",
        output_format="png",
        output_compression=100,
        user="user-1",
    )
    assert isinstance(result, ImagesResponse)
    request = route.calls.last.request
    form = parse_form(request)
    assert form.fields == {
        "prompt": ["Add a beret"],
        "model": ["gpt-image-1"],
        "n": ["2"],
        "size": ["1024x1024"],
        "quality": ["high"],
        "background": ["transparent"],
        "input_fidelity": ["high"],
        "output_format": ["png"],
        "output_compression": ["100"],
        "user": ["user-1"],
    }
    image = form.file("image")
    assert (image.filename, image.content_type, image.content) == ("upload.png", "image/png", PNG)
    mask_part = form.file("mask")
    assert (mask_part.filename, mask_part.content_type, mask_part.content) == (
        "mask.png",
        "image/png",
        PNG + b"mask",
    )


def test_edit_with_several_images_sends_an_array(
    flavor: Flavor, mock_api: respx.MockRouter, tmp_path: pathlib.Path
) -> None:
    route = mock_api.post("/images/edits").respond(json=RESPONSE)
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 a jpeg")
    call(
        flavor,
        flavor.client(),
        "edit",
        image=[PNG, photo, ("logo.webp", b"RIFF....WEBPVP8 ")],
        prompt="combine",
    )
    form = parse_form(route.calls.last.request)
    assert "image" not in form.files
    assert [(f.filename, f.content_type) for f in form.files["image[]"]] == [
        ("upload.png", "image/png"),
        ("photo.jpg", "image/jpeg"),
        ("logo.webp", "image/webp"),
    ]
    assert form.files["image[]"][1].content == photo.read_bytes()
    assert form.fields == {"prompt": ["combine"]}


def test_edit_stream(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    body = sse(
        {"type": "image_edit.partial_image", "b64_json": "AAAA", "partial_image_index": 0},
        {"type": "image_edit.completed", "b64_json": PNG_B64, "usage": USAGE},
    )
    route = mock_api.post("/images/edits").respond(
        content=body, headers={"content-type": "text/event-stream"}
    )
    events = collect(flavor, flavor.client(), "edit", image=PNG, prompt="x", partial_images=1)
    request = route.calls.last.request
    assert request.headers["accept"] == "text/event-stream"
    assert parse_form(request).fields == {"prompt": ["x"], "partial_images": ["1"], "stream": ["true"]}
    assert [type(event) for event in events] == [ImageEditPartialImageEvent, ImageEditCompletedEvent]


def test_create_variation(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/images/variations").respond(
        json={"created": 5, "data": [{"url": "https://x/1.png"}]}
    )
    result = call(
        flavor,
        flavor.client(),
        "create_variation",
        image=("otter.png", PNG),
        model="dall-e-2",
        n=1,
        size="512x512",
        response_format="url",
        user="u",
    )
    assert result.data[0].url == "https://x/1.png"
    form = parse_form(route.calls.last.request)
    assert form.fields == {
        "model": ["dall-e-2"],
        "n": ["1"],
        "size": ["512x512"],
        "response_format": ["url"],
        "user": ["u"],
    }
    assert form.file("image").filename == "otter.png"


def test_edit_requires_image_and_prompt(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/images/edits").respond(json=RESPONSE)
    with pytest.raises(TypeError, match=r"missing required keyword argument.*'image'"):
        call(flavor, flavor.client(), "edit", prompt="x")
    assert not route.called


# --- saving an image -------------------------------------------------------------------------------


def test_save_decodes_b64_json_without_any_client(
    flavor: Flavor, mock_api: respx.MockRouter, tmp_path: pathlib.Path
) -> None:
    mock_api.post("/images/generations").respond(json=RESPONSE)
    result = call(flavor, flavor.client(), "generate", prompt="x")
    target = tmp_path / "out.png"
    save(flavor, result.data[0], target)
    assert target.read_bytes() == PNG


def test_save_downloads_the_url_through_the_clients_pipeline(
    flavor: Flavor, mock_api: respx.MockRouter, tmp_path: pathlib.Path, caplog: pytest.LogCaptureFixture
) -> None:
    mock_api.post("/images/generations").respond(json=RESPONSE)
    with respx.mock(base_url=IMAGE_HOST) as images:
        download = images.get("/img/2.png").respond(content=PNG, headers={"content-type": "image/png"})
        http_type = httpx.AsyncClient if flavor.is_async else httpx.Client
        own_pool = http_type(headers={"X-Pool": "mine"})
        client = flavor.client(http_client=own_pool, default_headers={"X-Gateway-Key": "gk-secret"})
        result = call(flavor, client, "generate", prompt="x")
        target = tmp_path / "out.png"
        with caplog.at_level("INFO", logger="openwire"):
            save(flavor, result.data[1], target, client)
        flavor.run(lambda h: h.aclose() if flavor.is_async else h.close(), own_pool)
    assert target.read_bytes() == PNG
    request = download.calls.last.request
    assert request.headers["x-pool"] == "mine"  # the pool the user gave the client
    assert "authorization" not in request.headers  # the API key never goes to the image host
    assert "x-gateway-key" not in request.headers  # nor the client's default headers
    assert request.headers["accept"].startswith("image/")
    assert request.url.params["sig"] == "secret"
    # the pipeline logged it, with the URL's signature masked
    (line,) = [r.getMessage() for r in caplog.records if "img/2.png" in r.getMessage()]
    assert "sig=***" in line
    assert "secret" not in line


def test_download_is_retried_like_any_call(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]
) -> None:
    with respx.mock(base_url=IMAGE_HOST) as images:
        route = images.get("/a.png").mock(side_effect=[httpx.Response(503), httpx.Response(200, content=PNG)])
        client = flavor.client()
        image = flavor.run(lambda c: c.images.download(f"{IMAGE_HOST}/a.png"), client)
    assert image.content == PNG
    assert route.call_count == 2
    assert len(slept) == 1


def test_download_on_the_apis_own_host_keeps_the_credentials(
    flavor: Flavor, mock_api: respx.MockRouter
) -> None:
    route = mock_api.get("/files/img.png").respond(content=PNG)
    client = flavor.client()
    body = flavor.run(lambda c: c.images.download(f"{client.base_url}/files/img.png"), client)
    assert body.content == PNG
    assert route.calls.last.request.headers["authorization"].startswith("Bearer ")


def test_download_takes_only_http_urls(flavor: Flavor) -> None:
    with pytest.raises(
        openwire.InvalidInputError, match=r"needs an http:// or https:// URL, not 'file:///etc/passwd'"
    ):
        flavor.run(lambda c: c.images.download("file:///etc/passwd"), flavor.client())


def test_save_after_with_raw_response(
    flavor: Flavor, mock_api: respx.MockRouter, tmp_path: pathlib.Path
) -> None:
    mock_api.post("/images/generations").respond(json=RESPONSE)
    with respx.mock(base_url=IMAGE_HOST) as images:
        images.get("/img/2.png").respond(content=PNG)
        client = flavor.client()
        raw = flavor.run(lambda c: c.images.with_raw_response.generate(prompt="x"), client)
        result = flavor.run(lambda r: r.parse(), raw)
        save(flavor, result.data[1], tmp_path / "out.png", client)
    assert (tmp_path / "out.png").read_bytes() == PNG


def test_a_failed_download_raises_and_leaves_no_file(
    flavor: Flavor, mock_api: respx.MockRouter, tmp_path: pathlib.Path
) -> None:
    mock_api.post("/images/generations").respond(json=RESPONSE)
    with respx.mock(base_url=IMAGE_HOST) as images:
        images.get("/img/2.png").respond(404, text="<Error><Code>BlobNotFound</Code></Error>")
        client = flavor.client()
        result = call(flavor, client, "generate", prompt="x")
        target = tmp_path / "out.png"
        with pytest.raises(openwire.NotFoundError) as raised:
            save(flavor, result.data[1], target, client)
    assert not target.exists()
    assert "sig=***" in str(raised.value)  # the URL's signature is not shown
    assert "secret" not in str(raised.value)


def test_a_download_that_cannot_connect(
    flavor: Flavor, mock_api: respx.MockRouter, tmp_path: pathlib.Path
) -> None:
    mock_api.post("/images/generations").respond(json=RESPONSE)
    with respx.mock(base_url=IMAGE_HOST) as images:
        images.get("/img/2.png").mock(side_effect=httpx.ConnectError("refused"))
        client = flavor.client(max_retries=0)
        result = call(flavor, client, "generate", prompt="x")
        with pytest.raises(openwire.APIConnectionError, match="refused"):
            save(flavor, result.data[1], tmp_path / "out.png", client)
    assert not (tmp_path / "out.png").exists()


def test_a_url_image_needs_a_client_to_be_saved(flavor: Flavor, tmp_path: pathlib.Path) -> None:
    usage = (
        r"await image\.asave\(path, client=client\)"
        if flavor.is_async
        else r"image\.save\(path, client=client\)"
    )
    with pytest.raises(openwire.OpenwireError, match=rf"is a URL to download; pass the client .*{usage}"):
        save(flavor, Image(url=f"{IMAGE_HOST}/a.png"), tmp_path / "out.png")
    assert not (tmp_path / "out.png").exists()


def test_the_wrong_kind_of_client_is_refused(tmp_path: pathlib.Path) -> None:
    image = Image(url=f"{IMAGE_HOST}/a.png")
    with (
        openwire.Client(api_key="sk-test", base_url="https://api.example.test/v1") as client,
        pytest.raises(
            openwire.OpenwireError, match=r"needs an openwire\.AsyncClient, not Client: .*image\.save"
        ),
    ):
        anyio.run(lambda: image.asave(tmp_path / "out.png", client=client))  # type: ignore[arg-type]

    async def with_async_client() -> None:
        async with openwire.AsyncClient(api_key="sk-test", base_url="https://api.example.test/v1") as client:
            image.save(tmp_path / "out.png", client=client)  # type: ignore[arg-type]

    with pytest.raises(
        openwire.OpenwireError, match=r"needs an openwire\.Client, not AsyncClient: .*await image\.asave"
    ):
        anyio.run(with_async_client)


def test_save_a_data_url(flavor: Flavor, tmp_path: pathlib.Path) -> None:
    image = Image(url=f"data:image/png;base64,{PNG_B64}")
    save(flavor, image, tmp_path / "out.png")
    assert (tmp_path / "out.png").read_bytes() == PNG


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (Image(), "neither `b64_json` nor `url`"),
        (Image(b64_json="not base64!"), "not valid base64"),
        (Image(url="data:image/png,rawpixels"), "not base64-encoded"),
    ],
)
def test_images_that_cannot_be_saved(
    flavor: Flavor, tmp_path: pathlib.Path, image: Image, message: str
) -> None:
    with pytest.raises(openwire.OpenwireError, match=message):
        save(flavor, image, tmp_path / "out.png")
    assert not (tmp_path / "out.png").exists()


def test_images_are_plain_data_that_copy_pickle_and_compare(
    flavor: Flavor, mock_api: respx.MockRouter, tmp_path: pathlib.Path
) -> None:
    mock_api.post("/images/generations").respond(json=RESPONSE)
    client = flavor.client()
    result = call(flavor, client, "generate", prompt="x")
    again = call(flavor, flavor.client(), "generate", prompt="x")
    assert result.data == again.data
    assert copy.deepcopy(result) == result
    assert copy.copy(result.data[1]) == result.data[1]
    # nothing in a response refers to a client or a connection
    assert not [v for v in vars(result.data[1]).values() if isinstance(v, (httpx.Client, httpx.AsyncClient))]
    assert result.data[1].__pydantic_private__ is None
    restored = pickle.loads(pickle.dumps(result))
    assert restored == result
    with respx.mock(base_url=IMAGE_HOST) as images:
        images.get("/img/2.png").respond(content=PNG)
        save(flavor, restored.data[1], tmp_path / "out.png", client)
    assert (tmp_path / "out.png").read_bytes() == PNG
