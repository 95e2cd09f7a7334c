"""Readers: one module per concern (archives, vector sources, encodings, rasters)."""

from __future__ import annotations

from dataclasses import asdict, dataclass


class ImporError(ValueError):
    """A run-level problem: the import stops, nothing is written. The message is for the operator."""

    untuk_pengguna = True  # the sandbox passes the message on to the parent


@dataclass(frozen=True)
class Masalah:
    """One issue of a run: level 'run' (abort), 'baris' (feature skipped) or 'nilai' (value replaced)."""

    tingkat: str
    pesan: str
    fitur: int | None = None
    kolom: str = ""
    nilai: str = ""

    def as_dict(self) -> dict:
        return asdict(self)
