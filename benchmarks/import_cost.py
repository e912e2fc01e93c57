"""The import workload: importing a library and constructing its client, in a fresh interpreter.

Each measurement is a new `python -I` process (isolated: no user site, no PYTHON* variables, and
no OPENAI_* / OPENWIRE_* variables either) that times, with `time.perf_counter`, the snippet below
and prints the seconds. Interpreter start-up is not in the number; it is the same for everyone.
One untimed run per contender first writes the bytecode caches, so every timed run reads them.
"""

from __future__ import annotations

import os
import subprocess
import sys

SNIPPETS = {
    "bare": "import httpx, pydantic\nhttpx.Client()",
    "openwire": "import openwire\nopenwire.Client(api_key='x')",
    "openai": "import openai\nopenai.OpenAI(api_key='x')",
}

_PROGRAM = """\
import time
_started = time.perf_counter()
{snippet}
print(time.perf_counter() - _started)
"""


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "OPENWIRE_", "PYTHON"))}


def measure(contender: str) -> float:
    """Seconds to import and construct, measured in a fresh interpreter."""
    program = _PROGRAM.format(snippet=SNIPPETS[contender])
    done = subprocess.run(
        [sys.executable, "-I", "-c", program],
        capture_output=True,
        text=True,
        env=_environment(),
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"importing for {contender} failed:\n{done.stderr}")
    return float(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    for name in SNIPPETS:
        measure(name)
        print(f"{name}: {measure(name) * 1000:.1f} ms")
