"""Embed a few sentences and find the one closest to a question.

    OPENAI_API_KEY=sk-... python examples/embeddings.py "Where can I swim?"

With numpy installed (`pip install 'openwire[numpy]'`) the vectors come as base64 and are decoded
straight into one float32 matrix; without it, they are read as plain floats.
"""

from __future__ import annotations

import math
import sys

import _local as local

MODEL = "text-embedding-3-small"
SENTENCES = [
    "The beach was crowded on a hot summer day.",
    "The library opens at nine in the morning.",
    "Fresh bread is baked here every day.",
    "The lake is warm enough for swimming in August.",
]


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


def main() -> None:
    question = " ".join(sys.argv[1:]) or "Where can I go swimming?"
    with local.client() as client:  # OPENAI_BASE_URL if set, else openwire's built-in local server
        try:
            import numpy as np
        except ImportError:
            result = client.embeddings.create(model=MODEL, input=[question, *SENTENCES])
            vectors = result.vectors
            scores = [cosine(vectors[0], vector) for vector in vectors[1:]]
        else:
            result = client.embeddings.create(
                model=MODEL, input=[question, *SENTENCES], encoding_format="base64"
            )
            matrix = result.to_numpy()  # shape (5, dimensions), float32
            matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
            scores = [float(score) for score in matrix[1:] @ matrix[0]]
        print(f"{len(result.data)} vectors of {len(result.data[0].vector)} dimensions from {result.model}")
        for score, sentence in sorted(zip(scores, SENTENCES, strict=True), reverse=True):
            print(f"  {score:.3f}  {sentence}")


if __name__ == "__main__":
    main()
