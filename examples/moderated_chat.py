"""Moderated chat completions: the `moderation` request parameter and the input / output verdicts,
whole and streamed.

    python examples/moderated_chat.py
"""

from __future__ import annotations

from _local import client

from openwire.types.moderation import ModerationError, ModerationOutcome, ModerationResults


def explain(side: str, verdict: ModerationOutcome | None) -> None:
    """Branch on what moderation produced for one side of the conversation."""
    if isinstance(verdict, ModerationResults):
        for result in verdict.results:
            if result.flagged:
                scores = {name: result.category_scores[name] for name in result.flagged_categories}
                print(f"  {side}: FLAGGED by {verdict.model}: {scores}")
            else:
                print(f"  {side}: clean ({verdict.model})")
    elif isinstance(verdict, ModerationError):
        print(f"  {side}: moderation could not run: {verdict.code}: {verdict.message}")
    elif verdict is not None:
        print(f"  {side}: a kind of moderation this openwire does not know: {verdict.to_dict()}")


with client() as api:
    for text in ["Tell me about gardening.", "I will kill the weeds in my garden."]:
        completion = api.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": text}],
            moderation={"model": "omni-moderation-latest"},
        )
        print(f"{text!r} -> {completion.choices[0].message.content!r}")
        if completion.moderation is not None:
            explain("input", completion.moderation.input)
            explain("output", completion.moderation.output)

    print("\nStreamed: the moderation verdict arrives in a chunk with no choices")
    stream = api.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Say something kind."}],
        moderation={"model": "omni-moderation-latest"},
        stream=True,
    )
    with stream:
        for chunk in stream:
            for choice in chunk.choices:
                print(choice.delta.content or "", end="")
            if chunk.moderation is not None:
                print()
                explain("input", chunk.moderation.input)
                explain("output", chunk.moderation.output)
