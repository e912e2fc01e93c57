"""List responses: `Page` for lists that come whole."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

from ._models import BaseModel

__all__ = ["Page"]

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """A list the API returns in one response (`{"object": "list", "data": [...]}`).

    Iterate it, index it, or take `len()` of it:

    ```python
    for model in client.models.list():
        print(model.id)
    ```
    """

    data: list[T]
    """The objects of the list."""
    object: str | None = None
    """The object type, usually `list`."""

    def __iter__(self) -> Iterator[T]:  # type: ignore[override]  # iterate the items, not the fields
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def __getitem__(self, index: int) -> T:
        return self.data[index]
