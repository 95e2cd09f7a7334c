"""History tables without the indexes nobody queries (spatial, foreign keys): they doubled bulk-write cost."""

from __future__ import annotations

from typing import Any

from simple_history.models import HistoricalRecords


class RiwayatRingan(HistoricalRecords):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("no_db_index", ["desa", "dibuat_oleh", "proyek_asal", "diajukan_oleh", "dimoderasi_oleh"])
        super().__init__(*args, **kwargs)

    def copy_fields(self, model: Any) -> dict[str, Any]:
        fields = super().copy_fields(model)
        for field in fields.values():
            if hasattr(field, "spatial_index"):
                field.spatial_index = False
        return fields
