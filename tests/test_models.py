"""Response models: lenient parsing, helpers, request ids, and bodies that are not what was expected."""

from __future__ import annotations

import copy
import json
import pickle
import traceback
from typing import Any

import httpx
import pydantic
import pytest
import respx

from conftest import BASE_URL, Flavor, model_json, page_json
from openwire import NOT_GIVEN, APIError, APIResponseValidationError, NotGiven, Page
from openwire._models import BaseModel, parser
from openwire.types import Model, ModelDeleted


def _list(c: Any) -> Any:
    return c.models.list()


def _retrieve(c: Any) -> Any:
    return c.models.retrieve("gpt-4o")


# --- lenient parsing -----------------------------------------------------------------------------


def test_unknown_fields_are_kept(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models/gpt-4o").respond(
        json=model_json("gpt-4o", context_window=128000, permissions=[{"allow_sampling": True}])
    )
    model = flavor.run(_retrieve, flavor.client())
    assert model.context_window == 128000
    assert model.permissions == [{"allow_sampling": True}]
    assert model.model_extra == {"context_window": 128000, "permissions": [{"allow_sampling": True}]}
    assert model.model_dump()["context_window"] == 128000
    assert model.to_dict()["permissions"] == [{"allow_sampling": True}]


def test_unknown_enum_value_is_kept(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models/gpt-4o").respond(json={"id": "gpt-4o", "object": "engine"})
    model = flavor.run(_retrieve, flavor.client())
    assert model.object == "engine"


def test_missing_optional_fields_are_none(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models/gpt-4o").respond(json={"id": "gpt-4o"})
    model = flavor.run(_retrieve, flavor.client())
    assert model.created is None
    assert model.owned_by is None
    assert model.shutdown_date is None
    assert model.object == "model"
    assert model.to_dict() == {"id": "gpt-4o"}  # only what the server sent
    assert model.to_dict(exclude_unset=False) == {
        "id": "gpt-4o",
        "created": None,
        "object": "model",
        "owned_by": None,
        "shutdown_date": None,
    }


def test_nested_items_keep_unknown_fields(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    body = {"object": "list", "data": [{"id": "a", "extra": 1}], "has_more": False}
    mock_api.get("/models").respond(json=body)
    page = flavor.run(_list, flavor.client())
    assert isinstance(page, Page)
    assert page.has_more is False
    assert page[0].extra == 1
    assert page.to_dict() == body


def test_to_dict_and_to_json() -> None:
    model = Model.model_validate({"id": "m", "created": 5, "owned_by": None, "vendor": {"k": [1, 2]}})
    assert model.to_dict() == {"id": "m", "created": 5, "owned_by": None, "vendor": {"k": [1, 2]}}
    assert model.to_dict(exclude_none=True) == {"id": "m", "created": 5, "vendor": {"k": [1, 2]}}
    text = model.to_json()
    assert json.loads(text) == {"id": "m", "created": 5, "owned_by": None, "vendor": {"k": [1, 2]}}
    assert text.startswith("{\n  ")  # indented by default
    assert model.to_json(indent=None) == '{"id":"m","created":5,"owned_by":null,"vendor":{"k":[1,2]}}'


def test_to_dict_json_mode() -> None:
    class Stamped(BaseModel):
        when: bytes

    assert Stamped(when=b"x").to_dict(mode="json") == {"when": "x"}


def test_request_id_on_parsed_object(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models/gpt-4o").respond(json=model_json(), headers={"x-request-id": "req_123"})
    model = flavor.run(_retrieve, flavor.client())
    assert model.request_id == "req_123"
    assert "request_id" not in model.to_dict()
    assert "request_id" not in model.model_dump()


def test_request_id_none_without_header(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").respond(json=page_json("a"))
    page = flavor.run(_list, flavor.client())
    assert page.request_id is None
    assert page[0].request_id is None


def test_request_id_on_a_page(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").respond(json=page_json("a", "b"), headers={"x-request-id": "req_page"})
    page = flavor.run(_list, flavor.client())
    assert page.request_id == "req_page"
    assert len(page) == 2
    assert [m.id for m in page] == ["a", "b"]


def test_stamped_object_copies_and_pickles(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models/gpt-4o").respond(json=model_json(extra=1), headers={"x-request-id": "req_9"})
    model = flavor.run(_retrieve, flavor.client())
    for other in (model.model_copy(), copy.deepcopy(model), pickle.loads(pickle.dumps(model))):
        assert other.id == "gpt-4o"
        assert other.extra == 1
        assert other.request_id == "req_9"


def test_delete_result(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.delete("/models/ft:x").respond(json={"id": "ft:x", "object": "model", "deleted": True})
    result = flavor.run(lambda c: c.models.delete("ft:x"), flavor.client())
    assert isinstance(result, ModelDeleted)
    assert result.deleted is True


# --- malformed bodies ----------------------------------------------------------------------------


def _invalid(flavor: Flavor, fn: Any = _list) -> APIResponseValidationError:
    with pytest.raises(APIError) as info:
        flavor.run(fn, flavor.client())
    error = info.value
    assert isinstance(error, APIResponseValidationError)
    assert not isinstance(error, pydantic.ValidationError)
    assert not isinstance(error, json.JSONDecodeError)
    assert error.__cause__ is None
    assert error.__suppress_context__
    rendered = "".join(traceback.format_exception(error))
    assert "ValidationError" not in rendered.replace("APIResponseValidationError", "")
    assert "JSONDecodeError" not in rendered
    return error


def test_html_body_on_200(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    page = "<html><head><title>Sign in</title></head><body>Please log in</body></html>"
    mock_api.get("/models").respond(
        200, text=page, headers={"content-type": "text/html", "x-request-id": "r1"}
    )
    error = _invalid(flavor)
    assert error.status_code == 200
    assert error.body == page
    assert error.errors == []
    assert error.request_id == "r1"
    assert error.response.status_code == 200
    assert "was not valid JSON (text/html)" in str(error)
    assert f"GET {BASE_URL}/models" in str(error)
    assert "base_url" in str(error)


def test_empty_body_on_200(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").respond(200, content=b"")
    error = _invalid(flavor)
    assert error.body == ""
    assert error.errors == []
    assert "an empty body" in str(error)


def test_wrong_shape(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    body = {"object": "list", "data": {"id": "gpt-4o"}}
    mock_api.get("/models").respond(200, json=body)
    error = _invalid(flavor)
    assert error.status_code == 200
    assert json.loads(error.body) == body
    assert len(error.errors) == 1
    assert error.errors[0].startswith("data: Input should be a valid ")
    assert f"did not match Page[Model]: {error.errors[0]}" in str(error)


def test_wrong_shape_of_nested_item(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").respond(200, json={"data": [{"id": "a"}, {"object": "model"}]})
    error = _invalid(flavor)
    assert error.errors == ["data.1.id: Field required"]


def test_json_that_is_not_an_object(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models/gpt-4o").respond(200, json=["gpt-4o"])
    error = _invalid(flavor, _retrieve)
    assert len(error.errors) == 1
    assert error.errors[0].startswith("(the body): ")


def test_many_problems_are_summarised() -> None:
    request = httpx.Request("GET", f"{BASE_URL}/models")
    response = httpx.Response(200, json={"data": [{} for _ in range(8)]}, request=request)
    with pytest.raises(APIResponseValidationError) as info:
        parser(Page[Model])(response)
    assert len(info.value.errors) == 8
    assert "and 3 more" in str(info.value)


# --- NOT_GIVEN -----------------------------------------------------------------------------------


def test_not_given_is_falsy_and_named() -> None:
    assert not NOT_GIVEN
    assert bool(NOT_GIVEN) is False
    assert repr(NOT_GIVEN) == "NOT_GIVEN"
    assert isinstance(NOT_GIVEN, NotGiven)


def test_not_given_is_a_singleton() -> None:
    assert NotGiven() is NOT_GIVEN
    assert copy.copy(NOT_GIVEN) is NOT_GIVEN
    assert copy.deepcopy(NOT_GIVEN) is NOT_GIVEN
    assert copy.deepcopy({"a": [NOT_GIVEN]})["a"][0] is NOT_GIVEN
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(NOT_GIVEN, protocol=protocol)) is NOT_GIVEN
