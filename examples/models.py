"""List the models a server offers, and look one up.

python examples/models.py                     # against openwire's built-in local server
OPENAI_BASE_URL=http://localhost:11434/v1 python examples/models.py   # e.g. against Ollama
"""

from __future__ import annotations

from _local import client

import openwire

with client() as api:
    page = api.models.list()
    print(f"{len(page)} models (request id {page.request_id}):")
    for model in page:
        print(f"  {model.id:<40} owned by {model.owned_by}")

    first = page.data[0].id
    model = api.models.retrieve(first)
    print(f"\n{model.id}: created {model.created}, fields as sent: {model.to_dict()}")

    try:
        api.models.retrieve("no-such-model-anywhere")
    except openwire.NotFoundError as error:
        print(f"\nLooking up a missing model raises NotFoundError:\n  {error}")
