"""What the machine did while the bench measured: CPU time of other processes, worker memory."""

from __future__ import annotations

import os
import resource
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


def largest_worker_mb(server: subprocess.Popen) -> float:
    """Resident memory of the largest gunicorn worker, in MB."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    sizes = [0]
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes += [int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")]
    return max(sizes) / 1024


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class CpuReading:
    """The machine's busy CPU time, and ours: the server's processes, PostgreSQL's (whoever
    they serve) and finished children (wrk), all in seconds."""

    wall: float
    busy: float
    ours: dict[int, float]
    children: float


def _process_cpu(pid: int) -> float:
    """Its CPU time and that of its children that ended: PostgreSQL's parallel workers come and
    go within one query, and the postmaster collects their time."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / CLOCK_TICKS  # u, s, cu, cs time


def read_cpu(server: subprocess.Popen) -> CpuReading:
    # user, nice and system: what processes use, not interrupts or a hypervisor's steal
    busy = sum(int(value) for value in Path("/proc/stat").read_text().split()[1:4])
    ours = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            is_ours = pid == server.pid or (entry / "comm").read_text().strip() == "postgres"
            is_ours = is_ours or _parent(pid) == server.pid
            if is_ours:
                ours[pid] = _process_cpu(pid)
        except OSError:
            continue  # it ended meanwhile
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return CpuReading(
        time.monotonic(),
        busy / CLOCK_TICKS,
        ours,
        children.ru_utime + children.ru_stime,
    )


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def other_processes_share(before: CpuReading, after: CpuReading) -> float:
    """The share of all cores that anything else kept busy between the two readings."""
    ours = after.children - before.children
    ours += sum(cpu - before.ours.get(pid, 0.0) for pid, cpu in after.ours.items())
    busy = after.busy - before.busy
    return max(0.0, (busy - ours) / ((after.wall - before.wall) * (os.cpu_count() or 1)))
