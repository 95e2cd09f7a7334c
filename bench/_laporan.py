"""Benchmarks write their own figures: what a run prints is also kept in docs/performance.md, between
`<!-- bench:<name> -->` markers (the previous run's block is replaced; the prose around it stays)."""

from __future__ import annotations

import contextlib
import datetime
import io
import os
import platform
import sys
from collections.abc import Iterator
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


class _Tee(io.TextIOBase):
    def __init__(self, *streams: io.TextIOBase) -> None:
        self.streams = streams

    def write(self, text: str) -> int:
        for stream in self.streams:
            stream.write(text)
        return len(text)

    def flush(self) -> None:
        for stream in self.streams:
            stream.flush()


def tulis_blok(name: str, output: str, doc: Path = DOC) -> None:
    """Put `output` (a run's printout) into `doc` under `name`, replacing the block of the previous run."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}"
    block = f"{start}\nLast run {when} ({machine}), `python bench/{name}.py {' '.join(sys.argv[1:])}`:\n\n```text\n{output.strip()}\n```\n{end}"
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Performance\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        text = before + block + after
    else:
        text = text.rstrip("\n") + f"\n\n### Raw output: `bench/{name}.py`\n\n{block}\n"
    doc.write_text(text, encoding="utf-8")


@contextlib.contextmanager
def catat(name: str, doc: Path = DOC) -> Iterator[None]:
    """Run a benchmark's main() inside this: its printout is shown and, when it finishes, kept in the doc."""
    buffer = io.StringIO()
    original = sys.stdout
    sys.stdout = _Tee(original, buffer)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout = original
    if os.environ.get("BENCH_TANPA_DOK") != "1":
        tulis_blok(name, buffer.getvalue(), doc)
        print(f"(figures written to {doc.relative_to(doc.parent.parent)})")
