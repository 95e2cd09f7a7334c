"""Peak resident memory of this process and of its descendants (the import sandbox's zygote and reader children),
for the benchmarks. This process: getrusage. Descendants: sampled from /proc every 0.1 s, since getrusage cannot
see them (the zygote lets the kernel reap its children, so their peaks never reach RUSAGE_CHILDREN)."""

from __future__ import annotations

import os
import resource
import threading
from pathlib import Path
from types import TracebackType

HALAMAN = os.sysconf("SC_PAGE_SIZE")


def _anak(pid: int) -> dict[int, list[int]]:
    """Parent pid -> child pids, of every process visible in /proc."""
    anak: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        anak.setdefault(ppid, []).append(int(entry.name))
    return anak


def rss_keturunan(pid: int) -> dict[int, int]:
    """RSS in bytes of every descendant of `pid` (not `pid` itself)."""
    anak, hasil = _anak(pid), {}
    antre = list(anak.get(pid, []))
    while antre:
        p = antre.pop()
        try:
            hasil[p] = int(Path(f"/proc/{p}/statm").read_text().split()[1]) * HALAMAN
        except (OSError, IndexError, ValueError):
            continue
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
            terbesar = max(rss_keturunan(os.getpid()).values(), default=0)
            self.anak_mb = max(self.anak_mb, terbesar / 1024**2)

    def __enter__(self) -> PuncakRss:
        self._utas.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._henti.set()
        self._utas.join()

    @property
    def sendiri_mb(self) -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
