"""Generate an image from a prompt, save it, then edit it.

    OPENAI_API_KEY=sk-... python examples/images.py "a lighthouse on a cliff at dawn"

The GPT image models answer with the image inline (base64); `image.save(path, client=client)` writes
it either way, downloading it through the client when the server answers with a URL instead.
"""

from __future__ import annotations

import sys

import _local as local

MODEL = "gpt-image-1"


def main() -> None:
    prompt = " ".join(sys.argv[1:]) or "A lighthouse on a cliff at dawn, in watercolor"
    with local.client() as client:  # OPENAI_BASE_URL if set, else openwire's built-in local server
        result = client.images.generate(model=MODEL, prompt=prompt, size="1024x1024", quality="low")
        original = local.output_dir() / "lighthouse.png"  # in a temporary folder, printed below
        result.data[0].save(original, client=client)
        print(f"saved {original} ({original.stat().st_size} bytes)")
        if result.usage is not None:
            print(f"  {result.usage.total_tokens} tokens")

        # Edit the image just made: a path uploads the file with its name and content type.
        edited = client.images.edit(model=MODEL, image=original, prompt="Add a small red sailing boat")
        target = local.output_dir() / "lighthouse-boat.png"
        edited.data[0].save(target, client=client)
        print(f"saved {target}")


if __name__ == "__main__":
    main()
