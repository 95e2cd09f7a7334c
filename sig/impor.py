"""How a domain app declares the files that import into its models (its declarations live beside the models,
e.g. assets/impor.py, named in settings.IMPOR_TUJUAN): target model, upsert key, columns with their types,
synonyms and defaults.

A column maps one source attribute to one target field. Values are converted vectorised (pandas);
a bad value falls back to the column's default with a value-level notice, or rejects the feature when the
column is required. `convert_<field>(series)` hooks run before the type conversion.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django.db.models import Model


def normal(text: Any) -> str:
    """Lower-case ASCII words joined by '_' (for column names and choice values)."""
    value = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", value.lower()).strip("_")


@dataclass(frozen=True)
class Kolom:
    nama: str
    jenis: str = "teks"  # teks, pilihan, desimal, bulat, bool
    wajib: bool = False
    bawaan: Any = ""
    pilihan: tuple[tuple[str, str], ...] = ()  # (value, label) of the target choices
    sinonim: dict[str, str] = field(default_factory=dict)  # normalised source value -> target value
    tebakan: tuple[str, ...] = ()  # normalised source column names that suggest this column
    maks: int | None = None
    batas: tuple[float, float] | None = None

    def allowed(self) -> dict[str, str]:
        """Normalised spellings (value, label, synonyms) to the target value."""
        table = {}
        for value, label in self.pilihan:
            table[normal(value)] = value
            table[normal(label)] = value
        for source, value in self.sinonim.items():
            table[normal(source)] = value
        return table


class Importer:
    target: str
    model: type[Model]
    kunci: str | None = None  # upsert key (unique per desa)
    geometri: tuple[str, ...] = ("Point", "LineString", "Polygon")
    multi: bool = False
    kolom: tuple[Kolom, ...] = ()
    tetap: dict[str, Any] = {}  # constant values for every row

    def by_name(self) -> dict[str, Kolom]:
        return {k.nama: k for k in self.kolom}

    def saran_pemetaan(self, sumber_kolom: list[str]) -> dict[str, str]:
        """Suggest target field -> source column from names (exact, then known synonyms)."""
        normalised = {normal(c): c for c in sumber_kolom}
        mapping: dict[str, str] = {}
        for kolom in self.kolom:
            # Shapefile field names are cut at 10 characters: our own exports come back that way.
            for guess in (normal(kolom.nama), normal(kolom.nama)[:10], *kolom.tebakan):
                if guess in normalised and normalised[guess] not in mapping.values():
                    mapping[kolom.nama] = normalised[guess]
                    break
        return mapping


def choices(enum: Any) -> tuple[tuple[str, str], ...]:
    return tuple((str(v), str(label)) for v, label in enum.choices)


def nilai_bersih(series: pd.Series) -> pd.Series:
    """Strings stripped, empty and 'null'-like values as NA."""
    text = series.astype("string").str.strip()
    return text.mask(text.str.lower().isin(["", "-", "null", "none", "nan", "n/a", "#n/a"]))
