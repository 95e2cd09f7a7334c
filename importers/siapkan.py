"""Map and validate the attributes of one chunk of features, vectorised (pandas). Geometries are prepared in
the sandbox (importers.readers.geometri)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from importers.readers import Masalah
from sig.impor import Importer, Kolom, nilai_bersih, normal


@dataclass
class HasilAtribut:
    baris: pd.DataFrame  # the target columns, indexed by feature number
    ditolak: dict[int, Masalah] = field(default_factory=dict)
    catatan: list[Masalah] = field(default_factory=list)


def angka(series: pd.Series) -> pd.Series:
    """Numbers as written in Indonesia ('1.234.567,50', 'Rp 250.000', '6,5') or in English ('1,234.5')."""
    text = series.astype("string").str.replace(r"(?i)rp|\s|%", "", regex=True)
    both = text.str.contains(",", regex=False) & text.str.contains(".", regex=False)
    comma_last = text.str.rfind(",") > text.str.rfind(".")
    text = text.mask(both & comma_last, text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
    text = text.mask(both & ~comma_last, text.str.replace(",", "", regex=False))
    only_comma = ~both & text.str.contains(",", regex=False)
    text = text.mask(only_comma, text.str.replace(",", ".", regex=False))
    many_dots = text.str.count(r"\.") > 1
    text = text.mask(many_dots, text.str.replace(".", "", regex=False))
    return pd.to_numeric(text, errors="coerce")


def _tambah(rejects: dict[int, Masalah], rows: pd.Index, pesan: str, kolom: str, values: pd.Series) -> None:
    for n in rows:
        rejects.setdefault(int(n), Masalah("baris", pesan, int(n), kolom, str(values.get(n, ""))[:100]))


def ubah_atribut(frame: pd.DataFrame, importer: Importer, mapping: dict[str, str]) -> HasilAtribut:
    """Target columns from the mapped source attributes; rejects and value notices by feature number."""
    out = pd.DataFrame(index=frame.index)
    rejects: dict[int, Masalah] = {}
    notes: list[Masalah] = []
    for kolom in importer.kolom:
        source = mapping.get(kolom.nama)
        values = nilai_bersih(frame[source]) if source else pd.Series(pd.NA, index=frame.index, dtype="string")
        hook = getattr(importer, f"convert_{kolom.nama}", None)
        if hook is not None:
            values = hook(values)
        converted, invalid = _konversi(kolom, values)
        missing = values.isna()
        if kolom.wajib:
            _tambah(rejects, frame.index[missing], f"Kolom wajib '{kolom.nama}' kosong.", source or "", values)
            _tambah(rejects, frame.index[invalid], f"Nilai '{kolom.nama}' tidak dikenal.", source or "", values)
        else:
            for n in frame.index[invalid][:200]:
                notes.append(
                    Masalah(
                        "nilai",
                        f"Nilai tidak dikenal, diganti '{kolom.bawaan}'.",
                        int(n),
                        source or "",
                        str(values[n])[:100],
                    )
                )
            converted = converted.mask(invalid | missing, kolom.bawaan)
        out[kolom.nama] = converted
    return HasilAtribut(baris=out, ditolak=rejects, catatan=notes)


def _konversi(kolom: Kolom, values: pd.Series) -> tuple[pd.Series, pd.Series]:
    present = values.notna()
    if kolom.jenis == "pilihan":
        allowed = kolom.allowed()
        lookup = {v: allowed.get(normal(v)) for v in values.dropna().unique()}  # each distinct spelling once
        mapped = values.astype("object").map(lookup)
        return mapped, present & mapped.isna()
    if kolom.jenis in {"desimal", "bulat"}:
        numbers = angka(values)
        bad = present & numbers.isna()
        if kolom.batas:
            bad |= present & ((numbers < kolom.batas[0]) | (numbers > kolom.batas[1]))
        if kolom.jenis == "bulat":
            bad |= present & numbers.notna() & (numbers % 1 != 0)
        return numbers.astype("object").where(~bad & present, None), bad
    text = values.astype("object")
    if kolom.maks:
        text = values.str.slice(0, kolom.maks).astype("object")
    return text, pd.Series(False, index=values.index)
