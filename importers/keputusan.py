"""Decisions a preview and a save share, so that a preview runs exactly what the save will run: the notices
that open a report, and the exception that rolls a preview back after everything was decided."""

from __future__ import annotations

from typing import Any

from importers.readers import Catatan, Masalah


class Batal(Exception):
    """Raised inside the transaction of a dry run (or a strict run with rejects) to roll it back."""


def tak_dipetakan(kolom: list[str], dipakai: Any) -> list[Masalah]:
    """One notice per source column the import does not keep."""
    used = set(dipakai)
    return [
        Masalah("kolom", f"Kolom {c} tidak dipetakan dan tidak akan disimpan.", kolom=c) for c in kolom if c not in used
    ]


def pesan_pratinjau(awal: Catatan) -> str:
    """A preview's summary line; a run-level notice (the file was saved before) is the reason a save would stop."""
    penghalang = [m.pesan for m in awal.isi if m.tingkat == "run"]
    return " ".join(["Pratinjau: tidak ada yang disimpan.", *penghalang])
