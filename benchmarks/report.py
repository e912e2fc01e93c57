"""Results: medians, paired ratios, targets, the machine, and the markdown table."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

PAIRS = (("openwire", "bare"), ("openai", "bare"), ("openai", "openwire"))
LABELS = {"bare": "bare httpx + orjson", "openwire": "openwire", "openai": "openai"}


@dataclass
class Row:
    """One line of the table: a metric measured for each contender in each repetition."""

    workload: str
    title: str
    unit: str
    """`s` (seconds per item, lower is better), `rate` (per second, higher is better) or `MiB`."""
    per_rep: dict[str, list[float]] = field(default_factory=dict)
    """Contender -> one value per repetition (missing contenders: absent)."""
    target: tuple[str, float] | None = None
    """("<=" or ">=", bound) on the openwire ÷ bare paired ratio."""
    item: str = "call"
    absent: dict[str, str] = field(default_factory=dict)
    """Contender -> why it has no numbers (not installed)."""
    extra: dict[str, Any] = field(default_factory=dict)

    def median(self, contender: str) -> float | None:
        values = self.per_rep.get(contender)
        return statistics.median(values) if values else None

    def ratios(self, a: str, b: str) -> list[float]:
        """a ÷ b, per repetition (paired: the two were measured side by side)."""
        if a not in self.per_rep or b not in self.per_rep:
            return []
        return [x / y for x, y in zip(self.per_rep[a], self.per_rep[b], strict=True) if y]

    def ratio(self, a: str, b: str) -> float | None:
        values = self.ratios(a, b)
        return statistics.median(values) if values else None

    def status(self) -> str | None:
        if self.target is None:
            return None
        value = self.ratio("openwire", "bare")
        if value is None:
            return "n/a"
        op, bound = self.target
        return "PASS" if (value <= bound if op == "<=" else value >= bound) else "MISS"

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "unit": self.unit,
            "item": self.item,
            "per_rep": self.per_rep,
            "median": {c: self.median(c) for c in self.per_rep},
            "paired_ratios": {
                f"{a}/{b}": {"per_rep": self.ratios(a, b), "median": self.ratio(a, b)}
                for a, b in PAIRS
                if a in self.per_rep and b in self.per_rep
            },
            "target": None
            if self.target is None
            else {"ratio": "openwire/bare", "op": self.target[0], "bound": self.target[1]},
            "status": self.status(),
            "absent": self.absent,
            **self.extra,
        }


def format_value(value: float | None, unit: str, item: str) -> str:
    if value is None:
        return "—"
    if unit == "MiB":
        return f"{value:,.1f} MiB"
    if unit == "rate":
        return f"{value:,.0f} req/s"
    text = _seconds(value)
    if item == "chunk":
        text += f" ({1 / value:,.0f} chunks/s)"
    return text


def _seconds(value: float) -> str:
    for scale, suffix in ((1, "s"), (1e-3, "ms"), (1e-6, "µs"), (1e-9, "ns")):
        if value >= scale or suffix == "ns":
            number = value / scale
            digits = 0 if number >= 100 else 1 if number >= 10 else 2
            return f"{number:,.{digits}f} {suffix}"
    raise AssertionError


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}\N{MULTIPLICATION SIGN}"


def rows_of(results: dict[str, Any]) -> list[Row]:
    """The rows of a results file, as `run.py` wrote it."""
    rows = []
    for name, data in results["workloads"].items():
        target = data.get("target")
        rows.append(
            Row(
                name,
                data["title"],
                data["unit"],
                data["per_rep"],
                target=None if target is None else (target["op"], target["bound"]),
                item=data.get("item", "call"),
                absent=data.get("absent", {}),
            )
        )
    return rows


def table(results: dict[str, Any]) -> str:
    """The results table of a results file."""
    contenders = [c for c in LABELS if c in results["contenders"] or c in results.get("absent", {})]
    floor_json = results.get("floor_json", "json")  # files written before orjson was the floor say json
    return markdown(rows_of(results), contenders, results["machine"]["versions"].get("openai"), floor_json)


def page(results: dict[str, Any]) -> str:
    """The results file as markdown: the command, the machine, the table, every paired ratio."""
    run = f"{results['seconds']:.0f} s, {results['repetitions']} repetitions, finished {results['finished']}"
    parts = [
        f"Command: `{results['command']}` ({run})",
        f"Machine: {machine_line(results['machine'])}",
        table(results),
        "Per-repetition paired ratios:",
        spread(rows_of(results)),
    ]
    cpu = client_cpu(results)
    if cpu:
        parts.append(
            "Client CPU time in the loopback workloads (the client process's CPU seconds over the timed "
            "calls, per item; the server and anything else on the machine are not in it), and its share "
            "of the wall time (1.00: the client never waited):"
        )
        parts.append(cpu)
    return "\n\n".join(parts)


def client_cpu(results: dict[str, Any]) -> str:
    """The loopback rows' client CPU time per item and CPU share, medians, with openwire ÷ bare."""
    floor_json = results.get("floor_json", "json")
    names = [c for c in LABELS if c in results["contenders"]]
    heads = [f"bare httpx + {floor_json}" if c == "bare" else c for c in names]
    lines = [
        "| workload | " + " | ".join(heads) + " | openwire ÷ bare (CPU) |",
        "|---|" + "---:|" * len(names) + "---:|",
    ]
    for data in results["workloads"].values():
        cpu = data.get("client_cpu_s_per_item_per_rep")
        share = data.get("client_cpu_share_per_rep", {})
        if not cpu:
            continue
        row = Row("", data["title"], "s", cpu, item=data.get("item", "call"))
        cells = [
            f"{_seconds(statistics.median(cpu[c]))} ({statistics.median(share[c]):.2f})"
            if cpu.get(c)
            else "—"
            for c in names
        ]
        lines.append(
            f"| {data['title']} | " + " | ".join(cells) + f" | {_ratio(row.ratio('openwire', 'bare'))} |"
        )
    return "\n".join(lines) if len(lines) > 2 else ""


def markdown(
    rows: list[Row], contenders: list[str], openai_version: str | None, floor_json: str = "orjson"
) -> str:
    heads = {
        **LABELS,
        "bare": f"bare httpx + {floor_json}",
        "openai": f"openai {openai_version}" if openai_version else "openai (not installed)",
    }
    pairs = [(a, b) for a, b in PAIRS if a in contenders and b in contenders]
    lines = [
        "| workload | " + " | ".join(heads[c] for c in contenders) + " | "
        + " | ".join(f"{a} ÷ {b}" for a, b in pairs) + " | target (openwire ÷ bare) | |",
        "|---|" + "---:|" * len(contenders) + "---:|" * len(pairs) + "---|---|",
    ]  # fmt: skip
    for row in rows:
        cells = []
        for contender in contenders:
            if contender in row.absent:
                cells.append(row.absent[contender])
            else:
                cells.append(format_value(row.median(contender), row.unit, row.item))
        ratios = [_ratio(row.ratio(a, b)) for a, b in pairs]
        ours = row.ratio("openwire", "bare")
        if row.target is not None and ours is not None and abs(ours - row.target[1]) < 0.005:
            ratios[pairs.index(("openwire", "bare"))] = f"{ours:.3f}\N{MULTIPLICATION SIGN}"  # near the bound
        target = ""
        if row.target is not None:
            op, bound = row.target
            target = f"{'≤' if op == '<=' else '≥'} {bound:g}\N{MULTIPLICATION SIGN}"
        lines.append(
            f"| {row.title} | " + " | ".join(cells + ratios) + f" | {target} | {row.status() or ''} |"
        )
    return "\n".join(lines)


def spread(rows: list[Row]) -> str:
    """Every repetition's openwire ÷ bare ratio, to see the noise behind each median."""
    lines = ["| workload | openwire ÷ bare, per repetition |", "|---|---|"]
    for row in rows:
        values = row.ratios("openwire", "bare")
        if values:
            lines.append(f"| {row.title} | " + ", ".join(f"{v:.2f}" for v in values) + " |")
    return "\n".join(lines)


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def machine() -> dict[str, Any]:
    """The machine and the versions a run measured."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "commit": commit,
        "versions": {
            name: _version(name)
            for name in (
                *("openwire", "httpx", "httpcore", "pydantic", "pydantic-core", "anyio"),
                *("openai", "httpx2", "orjson", "numpy", "uvicorn", "h11"),
            )
        },
    }  # fmt: skip


def machine_line(info: dict[str, Any]) -> str:
    v = info["versions"]
    return (
        f"{info['cpu']}, {info['cores']} cores, {info['system']}; {info['implementation']} {info['python']}; "
        f"openwire {v['openwire']} ({info['commit']}), httpx {v['httpx']}, httpcore {v['httpcore']}, "
        f"pydantic {v['pydantic']} (core {v['pydantic-core']}), orjson {v.get('orjson')}, "
        f"numpy {v['numpy']}, uvicorn {v['uvicorn']} (h11 {v.get('h11')}), "
        + (f"openai {v['openai']} (on httpx2 {v['httpx2']})" if v["openai"] else "openai not installed")
    )


if __name__ == "__main__":
    import json
    import sys

    # Re-render a results file: python benchmarks/report.py benchmarks/results/latest.json
    print(page(json.loads(Path(sys.argv[1]).read_text())))
