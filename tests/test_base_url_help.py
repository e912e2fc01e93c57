"""Help with a wrong `base_url`: a trailing slash makes no difference; a 404 or 405 from a base URL
without a version path says so, and so does a server that answers like a web site, not an API;
none of these is retried."""

from __future__ import annotations

import httpx
import pytest
import respx

import openwire
from conftest import Flavor

HOST = "http://llm.local:8000"


def call(flavor: Flavor, client: openwire.Client | openwire.AsyncClient) -> openwire.APIStatusError:
    with pytest.raises(openwire.APIStatusError) as caught:
        flavor.run(lambda c: c.models.retrieve("gpt-4o"), client)
    return caught.value


def test_a_trailing_slash_makes_no_difference(flavor: Flavor) -> None:
    with respx.mock(assert_all_called=True) as router:
        route = router.get(f"{HOST}/v1/models").respond(json={"object": "list", "data": []})
        for base in (f"{HOST}/v1", f"{HOST}/v1/", f"{HOST}/v1//"):
            client = flavor.client(base_url=base)
            page = flavor.run(lambda c: c.models.list(), client)
            assert page is not None
        assert route.call_count == 3


@pytest.mark.parametrize("status", [404, 405])
def test_a_base_url_without_a_version_path_is_named(flavor: Flavor, status: int) -> None:
    with respx.mock() as router:
        route = router.get(f"{HOST}/models/gpt-4o").respond(status, json={"detail": "Not Found"})
        error = call(flavor, flavor.client(base_url=HOST, max_retries=2))
    assert route.call_count == 1  # not retried
    assert error.attempts == 1
    assert "base_url has no version path such as /v1" in str(error)
    assert f"base_url='{HOST}/v1'" in str(error)


def test_a_web_page_instead_of_an_api_is_named(flavor: Flavor) -> None:
    with respx.mock() as router:
        router.get(f"{HOST}/v1/models/gpt-4o").respond(404, html="<html><title>Not Found</title></html>")
        error = call(flavor, flavor.client(base_url=f"{HOST}/v1"))
    assert isinstance(error, openwire.NotFoundError)
    assert "answered with a web page, not an API error" in str(error)


def test_a_501_is_not_retried_and_names_base_url(flavor: Flavor) -> None:
    with respx.mock() as router:
        route = router.get(f"{HOST}/v1/models/gpt-4o").respond(501, text="Not Implemented")
        error = call(flavor, flavor.client(base_url=f"{HOST}/v1", max_retries=2))
    assert route.call_count == 1
    assert isinstance(error, openwire.InternalServerError)
    assert "does not implement this endpoint" in str(error)
    assert "base_url" in str(error)


def test_an_ordinary_404_keeps_its_advice(flavor: Flavor) -> None:
    with respx.mock() as router:
        router.get(f"{HOST}/v1/models/gpt-4o").respond(
            404, json={"error": {"message": "The model 'x' does not exist", "code": "model_not_found"}}
        )
        error = call(flavor, flavor.client(base_url=f"{HOST}/v1"))
    assert "Check the model or object id" in str(error)
    assert "no version path" not in str(error)


def test_the_suggested_base_url_carries_no_password(flavor: Flavor) -> None:
    with respx.mock() as router:
        router.get("http://llm.local:8000/models/gpt-4o").respond(404)
        client = flavor.client(base_url="http://me:s3cret-pass@llm.local:8000")
        error = call(flavor, client)
    assert "s3cret-pass" not in str(error)
    assert "base_url='http://llm.local:8000/v1'" in str(error)
    assert isinstance(error.response, httpx.Response)
