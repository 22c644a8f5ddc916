"""Statistics, the machine description and the Markdown table of a benchmark run."""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (0-100) with linear interpolation between ranks (numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    """The median."""
    return percentile(values, 50)


def calibrate() -> float:
    """Milliseconds for a fixed pure-Python loop: how fast this shared machine is at this moment."""
    started = time.perf_counter()
    total = 0
    for number in range(1_000_000):
        total += number * number % 7
    return (time.perf_counter() - started) * 1000


def load() -> str:
    """The 1-, 5- and 15-minute load averages."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def machine() -> dict[str, Any]:
    """nproc, CPU model, memory, Python, textual and whoosh versions."""
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory_gb = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "?"

    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "memory_gb": round(memory_gb, 1),
        "python": platform.python_version(),
        "textual": version("textual"),
        "whoosh": f"whoosh-reloaded {version('whoosh-reloaded')}",
        "platform": platform.platform(),
    }


def figure(
    name: str,
    value: float | None,
    unit: str,
    *,
    floor: float | None = None,
    ratio: float | None = None,
    target: str = "",
    ok: bool | None = None,
    note: str = "",
) -> dict[str, Any]:
    """One row of the table: a figure, its floor and their ratio, the target and whether it is met."""
    if ratio is None and value is not None and floor:
        ratio = value / floor
    return {
        "name": name,
        "value": value,
        "unit": unit,
        "floor": floor,
        "ratio": ratio,
        "target": target,
        "ok": ok,
        "note": note,
    }


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "papers/s":
        return f"{value:,.0f} {unit}"
    if unit == "ms":
        return f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:,.0f} MB"
    if unit == "%":
        return f"{value:.2f} %"
    return f"{value:,.3g} {unit}".strip()


def _mark(ok: bool | None) -> str:
    return "" if ok is None else ("pass" if ok else "**MISS**")


def table(size: str, machine_info: dict[str, Any], parts: dict[str, dict[str, Any]]) -> str:
    """The Markdown report: machine, the figures table, the slowest queries and the profile summaries."""
    lines = [
        f"# paper-tui benchmark, {size}",
        "",
        f"Machine: {machine_info['nproc']} CPUs, {machine_info['cpu']}, {machine_info['memory_gb']} GB; "
        f"Python {machine_info['python']}, textual {machine_info['textual']}, {machine_info['whoosh']}.",
        "",
        "| part | figure | value | floor | ratio | target | |",
        "|---|---|---|---|---|---|---|",
    ]
    for part_name, part in parts.items():
        for row in part.get("figures", []):
            ratio = "" if row["ratio"] is None else f"{row['ratio']:.2f}x"
            name = row["name"] + (f" ({row['note']})" if row["note"] else "")
            lines.append(
                f"| {part_name} | {name} | {_number(row['value'], row['unit'])} | "
                f"{_number(row['floor'], row['unit']) if row['floor'] is not None else ''} | {ratio} | "
                f"{row['target']} | {_mark(row['ok'])} |"
            )
    lines.append("")
    lines.append("Runs (each part's own conditions; calibration = ms for a fixed pure-Python loop):")
    lines.append("")
    for part_name, part in parts.items():
        lines.append(
            f"- {part_name}: {part.get('measured_at', '?')}, load {part.get('load', '?')}, "
            f"calibration {part.get('calibration_ms', 0):.0f} ms"
            + (f"; {part['comment']}" if part.get("comment") else "")
        )
    search = parts.get("search")
    if search and search.get("slowest"):
        lines += ["", "Slowest warm queries (library median; floor = bare Whoosh, reused searcher):", ""]
        lines += ["| query | hits | library ms | floor ms |", "|---|---|---|---|"]
        for row in search["slowest"]:
            lines.append(
                f"| `{row['query']}` | {row['hits']} | {row['library_ms']:.0f} | {row['floor_ms']:.0f} |"
            )
    if search and search.get("slowest_keys"):
        lines += ["", "Slowest keystrokes (what the reader sends):", ""]
        lines += ["| field | sent | library(50) ms | reader call ms |", "|---|---|---|---|"]
        for row in search["slowest_keys"]:
            lines.append(
                f"| `{row['field']}` | `{row['sent']}` | {row['library_ms']:.0f} | {row['ui_ms']:.0f} |"
            )
    if search and search.get("profiles"):
        lines += ["", "Profiles of the slowest searches (top functions by own time):", ""]
        for profile in search["profiles"]:
            lines.append(f"- {profile['label']}: {profile['ms']:.0f} ms under cProfile")
            for fn in profile["top_tottime"][:5]:
                lines.append(
                    f"  - {fn['function']}: {fn['tottime_ms']:.0f} ms own, "
                    f"{fn['cumtime_ms']:.0f} ms cumulative, {fn['ncalls']} calls"
                )
    return "\n".join(lines) + "\n"


def join_notes(notes: Iterable[str]) -> str:
    """Notes joined for one table cell."""
    return "; ".join(n for n in notes if n)
