"""What people read for a layer's attributes, derived from the models (declared once there): column names from
verbose names, choice labels in the active language, and how to format each value (rupiah, hectares, local dates).
A unit is a known unit in the verbose name's last parenthesis, e.g. "luas (ha)" or "nilai perolehan (Rp)"."""

from __future__ import annotations

import re
from typing import Any

from django.db import models

from layers.sumber import Sumber

# Units a verbose name may end with; other parentheses ("(internal)", "(opsional)") are not units.
SATUAN = re.compile(r"\s*\((Rp|ha|m²|m|km|%|ton(?:/[a-z]+)?|jam|hari|mm|°)\)\s*$")
# Colours for classes without a declared rule: distinguishable, none too pale on a basemap (Kelly/Tableau-like).
PALET = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
    "#393b79", "#ad494a", "#637939", "#8c6d31", "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1",
)  # fmt: skip
WARNA_LAINNYA = "#9ca3af"


def _field(model: Any, nama: str) -> models.Field | None:
    for f in model._meta.get_fields():
        if getattr(f, "attname", None) == nama or f.name == nama:
            return f if isinstance(f, models.Field) else None
    return None


def _format(field: models.Field) -> dict[str, str] | None:
    unit = SATUAN.search(str(field.verbose_name))
    if unit:
        satuan = unit.group(1).strip()
        return {"jenis": "rupiah"} if satuan == "Rp" else {"jenis": "angka", "satuan": satuan}
    if isinstance(field, models.DateTimeField):
        return {"jenis": "waktu"}
    if isinstance(field, models.DateField):
        return {"jenis": "tanggal"}
    if field.name.startswith("tahun"):
        return {"jenis": "tahun"}
    if isinstance(field, models.GeneratedField) and isinstance(field.output_field, models.DecimalField):
        return {"jenis": "angka"}
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return {"jenis": "angka"}
    return None


def label_kolom(field: models.Field) -> str:
    return SATUAN.sub("", str(field.verbose_name))


def pilihan(field: models.Field) -> dict[str, str] | None:
    """Value → label of a choice field or a small lookup table (e.g. complaint categories), in the active language."""
    if field.choices:
        return {str(k): str(v) for k, v in field.flatchoices}
    if field.is_relation and field.related_model is not None:
        related: Any = field.related_model
        if related._meta.label == "reports.KategoriPengaduan":
            return {o.pk: o.nama for o in related.objects.all()}
    return None


def atribut(
    sumber: Sumber, by: str | None = None, rules: dict[str, str] | None = None, internal: tuple[str, ...] = ()
) -> dict[str, Any]:
    """{kolom, nilai, format, warna} of a layer's public attributes and of the internal ones in `internal` (those
    the reader may see somewhere); `warna` colours the styling attribute `by`."""
    kolom: dict[str, str] = {}
    nilai: dict[str, dict[str, str]] = {}
    fmt: dict[str, dict[str, str]] = {}
    for nama in dict.fromkeys([*sumber.properties, *internal, sumber.kategori]):
        field = _field(sumber.model, nama)
        if field is None:
            continue
        kolom[nama] = label_kolom(field)
        labels = pilihan(field)
        if labels is not None:
            nilai[nama] = labels
        elif (f := _format(field)) is not None:
            fmt[nama] = f
    labels = nilai.get(by or "", {})
    warna = {v: warna_kelas(v, labels, rules or {}) for v in labels}
    return {"kolom": kolom, "nilai": nilai, "format": fmt, "warna": warna, "warna_lainnya": WARNA_LAINNYA}


def warna_kelas(v: str | None, labels: dict[str, str], rules: dict[str, str]) -> str | None:
    """The colour of class `v`: the declared rule, else a palette colour fixed by the value's place among the
    choices; None for a free value (survey attributes): the layer's own colour, as on the portal. So the portal,
    the legend and the print always agree."""
    if v is None:
        return WARNA_LAINNYA
    if v in rules:
        return rules[v]
    if v not in labels:
        return None
    palet = [c for c in PALET if c not in rules.values()] or list(PALET)
    return palet[list(labels).index(v) % len(palet)]
