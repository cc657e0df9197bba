"""The JSON of bench runs as the Markdown tables of docs/performance.md.

.venv/bin/python tests/bench/markdown.py instance/bench-sqlite-100000.json ...
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HEADER = (
    "| page | path | req/s | p50 ms | p99 ms | ratio | SQL | bytes | non-2xx | cold | uncached "
    "| missed |\n|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|"
)


def _path(path: str, width: int = 44) -> str:
    return path if len(path) <= width else path[: width - 1] + "…"


def table(run: dict) -> str:
    lines = [
        f"### {run['dialect']} {run['database_version'].split()[0]}, {run['events']:,} events",
        "",
        HEADER,
    ]
    for page in run["pages"]:
        uncached = page.get("uncached_statements"), page.get("uncached_ms")
        lines.append(
            f"| {page['name']} | `{_path(page['path'])}` | {page['requests_per_second']:.0f} "
            f"| {page['p50_ms']:.0f} | {page['p99_ms']:.0f} | {page['ratio']:.3f} "
            f"| {page['statements']} | {page['bytes']:,} "
            f"| {page['non_2xx'] + page['socket_errors']} "
            f"| {page['first_statements']}/{page['first_ms']:.0f} "
            f"| {'–' if uncached[1] is None else f'{uncached[0]}/{uncached[1]:.0f}'} "
            f"| {', '.join(page['misses'])} |"
        )
    lines += [
        "",
        f"Generated in {run['generation_seconds']:.1f} s ({run['associations']:,} associations);"
        f" largest worker {run['largest_worker_mb']} MB; other processes took "
        f"{run['other_processes_cpu_share']:.0%} of the CPU while measuring.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print("\n\n".join(table(json.loads(Path(name).read_text())) for name in sys.argv[1:]))
