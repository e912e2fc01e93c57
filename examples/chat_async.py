"""Several chat completions at once with AsyncClient, and one streamed.

python examples/chat_async.py
"""

from __future__ import annotations

import asyncio

from _local import async_client


async def main() -> None:
    async with async_client() as api:
        questions = ["Name a colour.", "Name a fruit.", "Name a planet."]
        completions = await asyncio.gather(
            *(
                api.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": q}])
                for q in questions
            )
        )
        for question, completion in zip(questions, completions, strict=False):
            print(f"{question} -> {completion.choices[0].message.content}")

        stream = await api.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "Count to five."}], stream=True
        )
        async with stream:
            async for chunk in stream:
                for choice in chunk.choices:
                    print(choice.delta.content or "", end="", flush=True)
        print()


asyncio.run(main())
