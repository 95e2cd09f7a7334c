"""Messages from a sandbox child to its parent: data only (JSON and Arrow IPC), never pickle, so a child
taken over by a hostile file cannot run code in the parent."""

from __future__ import annotations

import json
import os
import struct
from typing import Any

HEADER = struct.Struct("!cQ")  # kind, payload length
JSON = b"J"
ARROW = b"A"


def tulis_pesan(fd: int, kind: bytes, payload: bytes) -> None:
    """Write one framed message to a pipe (blocking until it is all written)."""
    data = memoryview(HEADER.pack(kind, len(payload)) + payload)
    while data:
        written = os.write(fd, data)
        data = data[written:]


def tulis_json(fd: int, obj: Any) -> None:
    tulis_pesan(fd, JSON, json.dumps(obj, ensure_ascii=False, default=str).encode())
