"""Set-based boundary loading: features are COPYed into a temporary staging table (sig.wilayah.staging), checked
there, and written with a few statements per level (missing kabupaten and kecamatan, changed rows, new rows), so a
national file (~83k desa) loads in minutes. The integrity triggers of migration 0002 still check every row.

Staging columns: n (feature number), kode (dotted Kemendagri code), nama, and optionally the names of the
kecamatan, kabupaten and provinsi the file states per feature (as the BIG data does: WADMKC, WADMKK, WADMPR)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.db import IntegrityError, connection
from django.db.models.expressions import RawSQL
from django.utils import timezone

from sig.log import waktu_langkah
from sig.wilayah.models import KODE_DESA, KODE_KABUPATEN, KODE_KECAMATAN, Desa, Kabupaten, Kecamatan
from sig.wilayah.staging import GABUNGAN, STAGING

logger = logging.getLogger(__name__)
POLA_SQL = {"kabupaten": KODE_KABUPATEN, "kecamatan": KODE_KECAMATAN, "desa": KODE_DESA}  # POSIX-compatible
MODEL: dict[str, Any] = {"kabupaten": Kabupaten, "kecamatan": Kecamatan, "desa": Desa}
MAKS_CATATAN_PER_JENIS = 20  # beyond this, one summary line per kind of notice


def _satu(sql: str, params: Iterable[Any] = ()) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        row = cursor.fetchone()
    return row[0] if row else None


def _kode(sql: str, params: Iterable[Any] = ()) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return [r[0] for r in cursor.fetchall()]


def periksa(tingkat: str | None, galat: Callable[[str], Exception]) -> str:
    """The file's level (given, or that of the first recognisable code), with names, codes and duplicates checked
    in SQL; `galat(message)` is raised for the first problem."""
    if not _satu(f"SELECT EXISTS (SELECT 1 FROM {STAGING})"):
        raise galat("Berkas tidak berisi fitur.")
    kosong = _satu(f"SELECT min(n) FROM {STAGING} WHERE coalesce(btrim(nama), '') = ''")
    if kosong is not None:
        raise galat(f"Fitur #{kosong}: nama kosong.")
    if tingkat is None:
        tingkat = _satu(
            f"SELECT t FROM {STAGING}, (VALUES (1, 'kabupaten', %s), (2, 'kecamatan', %s), (3, 'desa', %s)) "
            "p(u, t, pola) WHERE kode ~ pola ORDER BY n, u LIMIT 1",
            [POLA_SQL["kabupaten"], POLA_SQL["kecamatan"], POLA_SQL["desa"]],
        )
    bad = _satu(
        f"SELECT array[n::text, kode] FROM {STAGING} WHERE %s::text IS NULL OR kode !~ %s ORDER BY n LIMIT 1",
        [tingkat, POLA_SQL.get(tingkat or "", "^$")],
    )
    if bad is not None:
        raise galat(
            f"Fitur #{bad[0]}: kode '{bad[1]}' bukan kode Kemendagri {tingkat or 'yang dikenal'} "
            "(contoh: 32.05 kabupaten, 32.05.07 kecamatan, 32.05.07.2001 desa)."
        )
    ganda = _kode(f"SELECT kode FROM {STAGING} GROUP BY kode HAVING count(*) > 1 ORDER BY kode LIMIT 20")
    if ganda:
        raise galat(f"Kode ganda di berkas: {', '.join(ganda)}.")
    assert tingkat is not None
    return tingkat


def izin_dari_staging(tingkat: str) -> tuple[list[Any], list[str]]:
    """(existing objects the file would change, codes it would create) for the caller's scope rule."""
    table = MODEL[tingkat]._meta.db_table
    ada = _kode(f"SELECT s.kode FROM {STAGING} s JOIN {table} t ON t.kode = s.kode ORDER BY s.kode")
    baru = _kode(
        f"SELECT s.kode FROM {STAGING} s WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.kode = s.kode) ORDER BY n"
    )
    # Constants only; a subquery, not a 65k-parameter IN list.
    ids = RawSQL(f"SELECT t.id FROM {table} t JOIN {STAGING} s ON s.kode = t.kode", [])  # noqa: S611
    existing = list(MODEL[tingkat].objects.filter(pk__in=ids).defer("batas")) if ada else []
    return existing, baru


def _catatan_ringkas(report: Any, pesan: list[str], ringkas: str) -> None:
    """Notices one by one when few, else the first few and one summary line."""
    if len(pesan) <= MAKS_CATATAN_PER_JENIS:
        report.notices.extend(pesan)
        return
    report.notices.extend(pesan[:5])
    report.notices.append(ringkas.format(jumlah=len(pesan)))


def kabupaten(report: Any, nama: str | None, provinsi: str | None, *, dari_desa: bool = False) -> None:
    """Kabupaten of the staged codes: missing ones created (name and provinsi from the file's columns or the
    options); existing ones get a name or provinsi the file states when it differs (provinsi only when empty).
    For a desa file only the kabupaten of kecamatan still missing are touched."""
    saring = "WHERE NOT EXISTS (SELECT 1 FROM wilayah_kecamatan c WHERE c.kode = left(kode, 8))" if dari_desa else ""
    params = {"nama": nama or None, "prov": provinsi or None, "kini": timezone.now()}
    src = f"""SELECT DISTINCT ON (left(kode, 5)) left(kode, 5) AS kode,
                     coalesce(nullif(btrim(kabupaten), ''), %(nama)s) AS nama,
                     coalesce(nullif(btrim(provinsi), ''), %(prov)s) AS provinsi
              FROM {STAGING} {saring} ORDER BY left(kode, 5), (nullif(btrim(kabupaten), '') IS NULL), n"""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE wilayah_kabupaten k SET nama = coalesce(s.nama, k.nama),
                       provinsi = CASE WHEN k.provinsi = '' THEN coalesce(s.provinsi, '') ELSE k.provinsi END,
                       diubah = %(kini)s
                FROM ({src}) s WHERE k.kode = s.kode
                  AND ((s.nama IS NOT NULL AND s.nama <> k.nama) OR (k.provinsi = '' AND s.provinsi IS NOT NULL))
                RETURNING k.kode""",
            params,
        )
        updated = [r[0] for r in cursor.fetchall()]
        cursor.execute(
            f"""INSERT INTO wilayah_kabupaten (kode, nama, provinsi, dibuat, diubah)
                SELECT s.kode, coalesce(s.nama, ''), coalesce(s.provinsi, ''), %(kini)s, %(kini)s FROM ({src}) s
                WHERE NOT EXISTS (SELECT 1 FROM wilayah_kabupaten k WHERE k.kode = s.kode)
                ORDER BY s.kode RETURNING kode, nama""",
            params,
        )
        created = cursor.fetchall()
        cursor.execute(
            f"SELECT k.kode, k.nama FROM wilayah_kabupaten k JOIN ({src}) s ON s.kode = k.kode ORDER BY 1", params
        )
        semua = cursor.fetchall()
    baru = {k for k, _ in created}
    for kode, _ in semua:
        state = "baru" if kode in baru else "diperbarui" if kode in updated else "tetap"
        report._catat("kabupaten", state, kode)
    report.tanpa_nama.extend(k for k, n in semua if not n and k not in report.tanpa_nama)
    _catatan_ringkas(
        report,
        [f"Kabupaten {kode} dibuat ({n or kode + ' (nama belum diketahui)'})." for kode, n in created],
        "{jumlah} kabupaten dibuat.",
    )


def kecamatan_dari_desa(report: Any) -> None:
    """Kecamatan of the staged desa: missing ones are created from the union of their desa, named when the file
    states the name (else empty, never invented); an existing kecamatan without a name gets the file's name."""
    kini = {"kini": timezone.now()}
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE wilayah_kecamatan c SET nama = s.nama, diubah = %(kini)s
                FROM (SELECT left(kode, 8) AS kode, max(nullif(btrim(kecamatan), '')) AS nama FROM {STAGING}
                      GROUP BY 1) s
                WHERE c.kode = s.kode AND c.nama = '' AND s.nama IS NOT NULL RETURNING c.kode""",
            kini,
        )
        updated = {r[0] for r in cursor.fetchall()}
        # Outlines built while staging (Penampung) where valid; ST_Union in SQL for the rest.
        cursor.execute(
            f"""WITH nama AS (SELECT left(kode, 8) AS kode, coalesce(max(nullif(btrim(kecamatan), '')), '') AS nama
                              FROM {STAGING} GROUP BY 1),
                     baru AS (SELECT n.kode, n.nama, k.id AS kabupaten_id FROM nama n
                              JOIN wilayah_kabupaten k ON k.kode = left(n.kode, 5)
                              WHERE NOT EXISTS (SELECT 1 FROM wilayah_kecamatan c WHERE c.kode = n.kode))
                INSERT INTO wilayah_kecamatan (kode, nama, kabupaten_id, batas, dibuat, diubah)
                SELECT kode, nama, kabupaten_id, ST_Multi(geom), %(kini)s, %(kini)s FROM (
                  SELECT b.kode, b.nama, b.kabupaten_id, g.geom FROM baru b JOIN {GABUNGAN} g ON g.kode = b.kode
                  UNION ALL
                  SELECT b.kode, b.nama, b.kabupaten_id, ST_CollectionExtract(ST_Union(s.geom), 3)
                  FROM baru b JOIN {STAGING} s ON left(s.kode, 8) = b.kode
                  WHERE NOT EXISTS (SELECT 1 FROM {GABUNGAN} g WHERE g.kode = b.kode)
                  GROUP BY b.kode, b.nama, b.kabupaten_id
                  ORDER BY 1 OFFSET 0) u  -- sorted before ST_Multi: the sort moves references, not boundaries
                RETURNING kode, nama, id""",
            kini,
        )
        dibuat = cursor.fetchall()
        # The kecamatan whose outline this load built from its desa, for the desa trigger (migration 0004).
        cursor.execute(
            f"UPDATE {GABUNGAN} g SET kecamatan_id = c.id FROM unnest(%s::text[], %s::bigint[]) c(kode, id) "
            "WHERE g.kode = c.kode",
            [[k for k, _, _ in dibuat], [i for _, _, i in dibuat]],
        )
        created = [(k, n) for k, n, _ in dibuat]
        cursor.execute(
            f"SELECT DISTINCT left(s.kode, 8), c.nama FROM {STAGING} s JOIN wilayah_kecamatan c "
            "ON c.kode = left(s.kode, 8) ORDER BY 1"
        )
        semua = cursor.fetchall()
    baru = {k for k, _ in created}
    for kode, _ in semua:
        report._catat("kecamatan", "baru" if kode in baru else "diperbarui" if kode in updated else "tetap", kode)
    report.tanpa_nama.extend(k for k, n in semua if not n and k not in report.tanpa_nama)
    tanpa = [k for k, n in created if not n]
    _catatan_ringkas(
        report,
        [
            f"Kecamatan {kode} belum ada: dibuat dari gabungan batas desanya, nama belum diketahui; "
            "muat berkas kecamatan untuk nama resminya."
            for kode in tanpa
        ],
        "{jumlah} kecamatan belum ada: dibuat dari gabungan batas desanya, nama belum diketahui.",
    )
    _catatan_ringkas(
        report,
        [f"Kecamatan {kode} ({n}) dibuat dari gabungan batas desanya." for kode, n in created if n],
        "{jumlah} kecamatan dibuat dari gabungan batas desanya (nama dari berkas).",
    )


# Per level: extra columns (name -> SQL over staging s and parent p), the parent join, and compared columns.
_KOLOM_TINGKAT: dict[str, tuple[dict[str, str], str]] = {
    "kabupaten": (
        {"provinsi": "coalesce(nullif(btrim(s.provinsi), ''), %(prov)s, t0.provinsi, '')"},
        "LEFT JOIN wilayah_kabupaten t0 ON t0.kode = s.kode",
    ),
    "kecamatan": (
        {"kabupaten_id": "p.id"},
        "JOIN wilayah_kabupaten p ON p.kode = left(s.kode, 5)",
    ),
    "desa": (
        {"kecamatan_id": "p.id", "jenis": "CASE WHEN substr(s.kode, 10, 1) = '1' THEN 'kelurahan' ELSE 'desa' END"},
        "JOIN wilayah_kecamatan p ON p.kode = left(s.kode, 8)",
    ),
}
# Columns a new desa needs that the file does not give (NOT NULL in the model, empty by default).
_DESA_KOSONG = ("kepala_desa", "alamat_kantor", "telepon_kantor", "deskripsi")


def upsert(tingkat: str, report: Any, provinsi: str | None) -> None:
    """Update changed rows of the level, insert new ones; identical rows (same name, parent and boundary,
    coordinate by coordinate) stay untouched, their boundary in force since when it was."""
    table = MODEL[tingkat]._meta.db_table
    extra, join = _KOLOM_TINGKAT[tingkat]
    cols_src = f"s.n, s.kode, btrim(s.nama) AS nama{''.join(f', {expr} AS {name}' for name, expr in extra.items())}"
    src = f"SELECT {cols_src}, ST_Multi(s.geom) AS batas FROM {STAGING} s {join}"
    names = ["nama", *extra]
    changed = " OR ".join(f"t.{c} IS DISTINCT FROM s.{c}" for c in names)
    sets = ", ".join(f"{c} = s.{c}" for c in names)
    sejak = ", batas_sejak = %(kini)s" if tingkat == "desa" else ""
    params = {"prov": provinsi or None, "kini": timezone.now()}
    with connection.cursor() as cursor:
        # Same boundary, other attributes: batas_sejak stays. Another boundary: it comes into force now.
        cursor.execute(
            f"""UPDATE {table} t SET {sets}, diubah = %(kini)s FROM ({src}) s
                WHERE t.kode = s.kode AND t.batas IS NOT NULL AND ST_OrderingEquals(t.batas, s.batas) AND ({changed})
                RETURNING t.kode""",
            params,
        )
        ubah = [r[0] for r in cursor.fetchall()]
        cursor.execute(
            f"""UPDATE {table} t SET batas = s.batas, {sets}, diubah = %(kini)s{sejak} FROM ({src}) s
                WHERE t.kode = s.kode AND (t.batas IS NULL OR NOT ST_OrderingEquals(t.batas, s.batas))
                RETURNING t.kode""",
            params,
        )
        ubah += [r[0] for r in cursor.fetchall()]
        kosong = [c for c in _DESA_KOSONG if tingkat == "desa"]
        cols = ["kode", *names, "batas", "dibuat", "diubah", *kosong, *(["batas_sejak"] if tingkat == "desa" else [])]
        values = [
            "s.kode",
            *(f"s.{c}" for c in names),
            "ST_Multi(s.geom)",
            "%(kini)s",
            "%(kini)s",
            *("''" for _ in kosong),
            *(["%(kini)s"] if tingkat == "desa" else []),
        ]
        # Sorted before ST_Multi: the sort moves references to the staged boundaries, not ~270 MB of them.
        cursor.execute(
            f"""INSERT INTO {table} ({", ".join(cols)}) SELECT {", ".join(values)} FROM (
                  SELECT {cols_src}, s.geom FROM {STAGING} s {join}
                  WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.kode = s.kode) ORDER BY s.n OFFSET 0) s
                RETURNING kode""",
            params,
        )
        report.created.extend(r[0] for r in cursor.fetchall())
    terbaru, baru = set(ubah), set(report.created)
    report.updated.extend(sorted(terbaru))
    semua = _kode(f"SELECT kode FROM {STAGING} ORDER BY n")
    report.unchanged.extend(k for k in semua if k not in terbaru and k not in baru)


def tumpang_tindih(tingkat: str, minimum_ha: float, maks: int) -> list[dict[str, Any]]:
    """Overlaps (at least `minimum_ha`, on the spheroid) of the staged territory with existing territory of the
    same level that the file does not carry, largest first."""
    if tingkat not in {"kecamatan", "desa"}:
        return []
    table = MODEL[tingkat]._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            # Existing territory the file does not carry first (none on a first load), then its neighbours
            # among the staged rows through the spatial index.
            f"""WITH lain AS MATERIALIZED (
                  SELECT e.kode, e.nama, e.batas FROM {table} e
                  WHERE NOT EXISTS (SELECT 1 FROM {STAGING} x WHERE x.kode = e.kode))
                SELECT kode, nama, kode_lain, nama_lain, ha FROM (
                  SELECT n.kode, n.nama, e.kode AS kode_lain, e.nama AS nama_lain,
                         ST_Area(ST_Intersection(n.batas, e.batas)::geography) / 10000.0 AS ha
                  FROM lain e JOIN {table} n ON n.batas && e.batas AND ST_Intersects(n.batas, e.batas)
                  WHERE EXISTS (SELECT 1 FROM {STAGING} s WHERE s.kode = n.kode)) o
                WHERE ha >= %s ORDER BY ha DESC, kode, kode_lain LIMIT %s""",
            [minimum_ha, maks],
        )
        return [
            {"kode": k, "nama": n, "kode_lain": kl, "nama_lain": nl, "luas_ha": round(float(ha), 2)}
            for k, n, kl, nl, ha in cursor.fetchall()
        ]


def muat(
    report: Any,
    tingkat: str,
    *,
    kabupaten_nama: str | None,
    provinsi: str | None,
    galat: Callable[[str], Exception],
) -> None:
    """Write the staged level (and the parents it needs); a database rule failure raises `galat(message)`."""
    try:
        if tingkat in {"kecamatan", "desa"}:
            with waktu_langkah(logger, "Muat batas: kabupaten"):
                kabupaten(report, kabupaten_nama, provinsi, dari_desa=tingkat == "desa")
        if tingkat == "desa":
            with waktu_langkah(logger, "Muat batas: kecamatan dari desa"):
                kecamatan_dari_desa(report)
        with waktu_langkah(logger, f"Muat batas: {tingkat}"):
            upsert(tingkat, report, provinsi)
    except IntegrityError as exc:
        cause = getattr(exc, "__cause__", None)
        primary = getattr(getattr(cause, "diag", None), "message_primary", None)
        raise galat(primary or str(exc).splitlines()[0]) from exc
