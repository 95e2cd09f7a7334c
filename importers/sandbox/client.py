"""The parent side of the sandbox: one zygote per process, started on first use with a clean environment;
each request gets its own pipe, a deadline and a cap on message size. A child that crashes, runs out of
memory or time fails only its own request."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from importers.sandbox.protocol import ARROW, HEADER, JSON

logger = logging.getLogger(__name__)

BASE_DIR = Path(__file__).resolve().parent.parent.parent


@dataclass(frozen=True)
class Batas:
    """Limits of one sandboxed run."""

    memori_mb: int = 2048  # address space of the child
    cpu_detik: int = 900
    waktu_detik: int = 1800  # wall clock, enforced by the parent
    berkas_mb: int = 2560  # largest file the child may write (extracted archive members)
    pesan_mb: int = 512  # largest single message the parent accepts

    def as_dict(self) -> dict[str, int]:
        return {"memori_mb": self.memori_mb, "cpu_detik": self.cpu_detik, "berkas_mb": self.berkas_mb}


class SandboxGagal(Exception):
    """The child ended without an answer: `alasan` is memori, cpu, waktu, crash, pesan_besar or tak_terduga."""

    def __init__(self, alasan: str, detail: str = "") -> None:
        super().__init__(alasan)
        self.alasan = alasan
        self.detail = detail


class PesanPengguna(Exception):
    """The child refused the input with a message meant for the user."""


class _Zygote:
    def __init__(self, modul: str, pengguna: str) -> None:
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {
            "PATH": os.defpath,
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "PYTHONPATH": str(BASE_DIR),
            "PYTHONDONTWRITEBYTECODE": "1",
            "HOME": "/nonexistent",
            "TMPDIR": tempfile.gettempdir(),
            "SANDBOX_PENGGUNA": pengguna,
        }
        self.proses = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            [sys.executable, "-m", "importers.sandbox.zygote", str(child.fileno()), modul],
            pass_fds=[child.fileno()],
            env=env,
            cwd="/",
            stdin=subprocess.DEVNULL,
        )
        child.close()
        self.socket = parent
        self.lock = threading.Lock()
        self.socket.settimeout(120)
        hello = json.loads(self.socket.recv(1 << 16) or b"{}")
        self.socket.settimeout(None)
        self.uid, self.gid = int(hello["uid"]), int(hello["gid"])
        self.driver: list[str] = hello.get("driver", [])
        if hello.get("tanpa_ganti_pengguna"):
            logger.warning("Anak sandbox impor tetap memakai pengguna ini: %s", hello["tanpa_ganti_pengguna"])

    def hidup(self) -> bool:
        return self.proses.poll() is None

    def fork(self, request: dict[str, Any], write_fd: int) -> int:
        with self.lock:
            socket.send_fds(self.socket, [json.dumps(request).encode()], [write_fd])
            reply = self.socket.recv(4)
        if len(reply) != 4:
            raise ConnectionError("zygote tidak menjawab")
        return int(struct.unpack("!i", reply)[0])

    def tutup(self) -> None:
        self.socket.close()
        self.proses.kill()
        self.proses.wait()


_zygotes: dict[tuple[int, str, str], _Zygote] = {}
_zygotes_lock = threading.Lock()


def zygote(modul: str, pengguna: str = "") -> _Zygote:
    """The zygote of this process for `modul` (a new one after a fork or after it died)."""
    key = (os.getpid(), modul, pengguna)
    with _zygotes_lock:
        z = _zygotes.get(key)
        if z is None or not z.hidup():
            z = _zygotes[key] = _Zygote(modul, pengguna)
        return z


def siapkan_folder(folder: Path, z: _Zygote) -> None:
    """Give the child's user the work folder (when the child runs as another user)."""
    if z.uid == os.getuid():
        return
    for path in [folder, *folder.rglob("*")]:
        os.chown(path, z.uid, z.gid)


@dataclass
class Pesan:
    kind: bytes
    data: Any  # dict for JSON, bytes for Arrow


def jalankan(
    modul: str,
    fungsi: str,
    permintaan: dict[str, Any],
    batas: Batas,
    *,
    pengguna: str = "",
    folder: Path | None = None,
) -> Iterator[Pesan]:
    """Run `fungsi` of `modul` in a fresh sandboxed child; yield its data messages until it is done.

    `folder` (the run's work folder) is handed to the child's user when the child runs as another user.
    Raises PesanPengguna for a refusal meant for the user, SandboxGagal when the child dies, exceeds a limit
    or misbehaves. The child is killed when the caller stops iterating early."""
    read_fd, write_fd = os.pipe()
    pid = 0
    try:
        try:
            z = zygote(modul, pengguna)
            if folder is not None:
                siapkan_folder(folder, z)
            pid = z.fork({"fungsi": fungsi, "permintaan": permintaan, "batas": batas.as_dict()}, write_fd)
        except (ConnectionError, OSError):
            z = zygote(modul, pengguna)  # the zygote died: start a new one once
            pid = z.fork({"fungsi": fungsi, "permintaan": permintaan, "batas": batas.as_dict()}, write_fd)
        os.close(write_fd)
        write_fd = -1
        deadline = time.monotonic() + batas.waktu_detik
        reader = _Pembaca(read_fd, deadline, batas.pesan_mb * 1024 * 1024)
        while True:
            pesan = reader.berikut()
            if pesan is None:
                raise SandboxGagal("crash")
            if pesan.kind == JSON:
                if "selesai" in pesan.data:
                    return
                if "galat" in pesan.data:
                    if pesan.data["galat"] == "pengguna":
                        raise PesanPengguna(pesan.data.get("pesan", ""))
                    raise SandboxGagal(pesan.data["galat"], pesan.data.get("jenis", ""))
                if "pid" in pesan.data:
                    continue
            elif pesan.kind != ARROW:
                raise SandboxGagal("tak_terduga", "jenis pesan")
            yield pesan
    finally:
        if write_fd >= 0:
            os.close(write_fd)
        os.close(read_fd)
        if pid > 0:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)  # the child leads its own process group (setsid)


class _Pembaca:
    def __init__(self, fd: int, deadline: float, maks: int) -> None:
        self.fd, self.deadline, self.maks = fd, deadline, maks

    def _baca(self, n: int) -> bytes | None:
        chunks, left = [], n
        while left:
            wait = self.deadline - time.monotonic()
            if wait <= 0:
                raise SandboxGagal("waktu")
            ready, _, _ = select.select([self.fd], [], [], min(wait, 5.0))
            if not ready:
                continue
            data = os.read(self.fd, min(left, 4 * 1024 * 1024))
            if not data:
                return None
            chunks.append(data)
            left -= len(data)
        return b"".join(chunks)

    def berikut(self) -> Pesan | None:
        head = self._baca(HEADER.size)
        if head is None:
            return None
        kind, size = HEADER.unpack(head)
        if size > self.maks:
            raise SandboxGagal("pesan_besar")
        body = self._baca(size) if size else b""
        if body is None:
            return None
        return Pesan(kind, json.loads(body) if kind == JSON else body)
