"""Structured logs: one JSON object per line (LOG_FORMAT=json, the production default) for log shippers."""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import Iterator
from datetime import UTC, datetime

EXTRA = ("status_code", "method", "path", "durasi_ms", "pengguna", "run_id")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "waktu": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "pesan": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            data["method"], data["path"] = request.method, request.path
        for key in EXTRA:
            if hasattr(record, key):
                data[key] = getattr(record, key)
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


@contextlib.contextmanager
def waktu_langkah(logger: logging.Logger, langkah: str) -> Iterator[None]:
    """Log (INFO) how long one step of a long job took, e.g. each statement group of a national boundary load."""
    start = time.perf_counter()
    try:
        yield
    finally:
        durasi = time.perf_counter() - start
        logger.info("%s: %.1f s", langkah, durasi, extra={"durasi_ms": round(durasi * 1000)})
