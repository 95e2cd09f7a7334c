"""Functions a test asks the sandbox child to run: misbehaviour the limits must contain."""

from __future__ import annotations

import ctypes
import os
import socket
from typing import Any

from importers.sandbox.protocol import ARROW, tulis_json, tulis_pesan


def crash(permintaan: dict[str, Any], fd: int) -> None:
    ctypes.string_at(0)  # reads address 0: SIGSEGV


def memori(permintaan: dict[str, Any], fd: int) -> None:
    blocks = []
    while True:
        blocks.append(bytearray(64 * 1024 * 1024))


def putar(permintaan: dict[str, Any], fd: int) -> None:
    while True:
        pass


def tidur(permintaan: dict[str, Any], fd: int) -> None:
    import time

    time.sleep(600)


def jaringan(permintaan: dict[str, Any], fd: int) -> None:
    """Report whether the child can reach the parent's loopback listener, and what it can see."""
    try:
        with socket.create_connection(("127.0.0.1", permintaan["port"]), timeout=2):
            reached = True
    except OSError:
        reached = False
    secret = {k: v for k, v in os.environ.items() if k in {"SECRET_KEY", "DATABASE_URL", "EMAIL_HOST_PASSWORD"}}
    tulis_json(fd, {"tersambung": reached, "rahasia": sorted(secret), "uid": os.getuid()})


def besar(permintaan: dict[str, Any], fd: int) -> None:
    tulis_pesan(fd, ARROW, b"x" * (permintaan["mb"] * 1024 * 1024))


FUNGSI = {"crash": crash, "memori": memori, "putar": putar, "tidur": tidur, "jaringan": jaringan, "besar": besar}
