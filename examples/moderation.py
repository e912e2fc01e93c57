"""Check texts (and an image) against the moderation categories.

OPENAI_API_KEY=sk-... python examples/moderation.py "some text to check"
"""

from __future__ import annotations

import sys

import _local as local

MODEL = "omni-moderation-latest"


def main() -> None:
    texts = sys.argv[1:] or ["Have a lovely day!", "I will hurt you."]
    with local.client() as client:  # OPENAI_BASE_URL if set, else openwire's built-in local server
        response = client.moderations.create(model=MODEL, input=texts)
        for text, result in zip(texts, response.results, strict=True):
            verdict = f"flagged: {', '.join(result.flagged_categories)}" if result.flagged else "ok"
            print(f"{text!r}: {verdict}")
            # Known categories are attributes; every category is also readable by its API name.
            print(f"  violence score {result.category_scores.violence}, "
                  f"self-harm/intent score {result.category_scores['self-harm/intent']}")  # fmt: skip

        # Text and an image, judged together.
        parts = client.moderations.create(
            model=MODEL,
            input=[
                {"type": "text", "text": "Is this picture fine to post?"},
                {"type": "image_url", "image_url": {"url": "https://upload.wikimedia.org/wikipedia/commons/3/3f/JPEG_example_flower.jpg"}},
            ],
        )  # fmt: skip
        result = parts.results[0]
        print("text + image:", "flagged" if result.flagged else "ok")
        if result.category_applied_input_types is not None:
            print("  violence judged on:", result.category_applied_input_types.violence)


if __name__ == "__main__":
    main()
