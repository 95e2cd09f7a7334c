"""Peak resident memory of this process and of its descendants (the import sandbox's zygote and reader children),
for the benchmarks, from each process's own high-water mark (VmHWM in /proc/<pid>/status).

Not getrusage: RUSAGE_SELF of a process started by fork + exec also counts the RSS its parent had at the fork
(a benchmark that just generated 1M features made every import look 1.4 GB), and RUSAGE_CHILDREN never sees the
reader children (the zygote lets the kernel reap them). Descendants are looked at every 0.1 s while they live."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from types import TracebackType


def puncak_mb(pid: int | str = "self") -> float:
    """The peak RSS (MB) of a living process so far; 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def keturunan(pid: int) -> list[int]:
    """Every descendant of `pid`."""
    anak: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            anak.setdefault(ppid, []).append(int(entry.name))
    hasil, antre = [], list(anak.get(pid, []))
    while antre:
        p = antre.pop()
        hasil.append(p)
        antre += anak.get(p, [])
    return hasil


class PuncakRss:
    """`with PuncakRss() as rss: …` then rss.sendiri_mb (this process), rss.anak_mb (the largest descendant)."""

    def __init__(self, jeda: float = 0.1) -> None:
        self.jeda, self.anak_mb = jeda, 0.0
        self._henti = threading.Event()
        self._utas = threading.Thread(target=self._amati, daemon=True)

    def _amati(self) -> None:
        while not self._henti.wait(self.jeda):
            self.anak_mb = max([self.anak_mb, *(puncak_mb(p) for p in keturunan(os.getpid()))])

    def __enter__(self) -> PuncakRss:
        self._utas.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._henti.set()
        self._utas.join()

    @property
    def sendiri_mb(self) -> float:
        return puncak_mb()
