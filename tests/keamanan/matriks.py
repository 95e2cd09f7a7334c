"""The permission matrix, shared by the test and by `python -m tests.keamanan.matriks` (prints what happens).

Every URL pattern of the URLconf is called by every role with GET and POST; the outcome is classified
(ok, masuk = sent to sign in, isi = the view ran and refused the input, or the HTTP status such as 403/404/405)
and compared with the rule for that URL name in ATURAN. A URL name without a rule fails the test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("anon", "warga", "pemilik", "op_a", "op_b", "perencana", "camat", "super")
STAF = ("op_a", "op_b", "perencana", "camat", "super")


@dataclass(frozen=True)
class Pola:
    name: str  # "namespace:name" ("admin:None" for nameless admin patterns)
    route: str  # the full pattern text
    pattern: Any


def semua_pola() -> list[Pola]:
    def walk(patterns: list[Any], prefix: str, ns: str | None):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern), p.namespace or ns)
            elif isinstance(p, URLPattern):
                name = f"{ns}:{p.name}" if ns else str(p.name)
                yield Pola(name, prefix + str(p.pattern), p)

    return list(walk(get_resolver().url_patterns, "", None))


def klasifikasi(response: Any, path: str = "") -> str:
    code = response.status_code
    location = response.get("Location", "")
    if code in (301, 302, 303) and "/login/" in location:
        return "masuk"
    if code == 302 and path.startswith("/admin/") and location == "/admin/":
        return "tiada"  # the admin's answer to an object the user may not see: back to the index

    if code in (200, 201, 204, 206, 301, 302, 303, 304):
        return "ok"
    if code in (400, 409, 429):
        return "isi"
    return str(code)


def role_map(default: str, **khusus: str) -> dict[str, str]:
    unknown = set(khusus) - set(ROLES)
    assert not unknown, unknown
    return {r: khusus.get(r, default) for r in ROLES}


def staf(ok: str = "ok", bukan: str = "403", anon: str = "masuk", **khusus: str) -> dict[str, str]:
    """Staff screens: anonymous visitors sign in, citizens are refused, staff get `ok`."""
    base = {"anon": anon, "warga": bukan, "pemilik": bukan, **{r: ok for r in STAF}}
    base.update(khusus)
    return base


def sama(hasil: str) -> dict[str, str]:
    return role_map(hasil)


def masuk_lalu(hasil: str, **khusus: str) -> dict[str, str]:
    """Signed-in users only: anonymous visitors sign in first."""
    return role_map(hasil, anon="masuk", **khusus)


def url_pola(route: str) -> str:
    """A readable key of a route."""
    return re.sub(r"\s+", "", route)


# ---- the world the matrix runs in ------------------------------------------------------------------------


def contoh_kwargs(pola: Pola, w: Any) -> tuple[list[Any], dict[str, Any]] | None:
    """Arguments that make a concrete URL of `pola` pointing at the world's objects in desa A."""
    name = pola.name
    aduan, aset = w.aduan.kode_lacak, w.aset.pk
    table: dict[str, dict[str, Any]] = {
        "wilayah:kecamatan": {"kode": w.kecamatan.kode},
        "wilayah:desa": {"kode": w.desa.kode},
        "reports:foto": {"kode": aduan, "pk": w.foto_aduan.pk, "ukuran": "kecil"},
        "reports:aksi": {"kode": aduan, "nama": "status"},
        "reports:open311_request": {"rid": aduan, "fmt": "json"},
        "maps:portal_kecamatan": {"kode": w.kecamatan.kode},
        "maps:transparansi_kecamatan": {"kode": w.kecamatan.kode},
        "maps:terkini": {"kode": w.kecamatan.kode},
        "maps:portal_desa": {"kode": w.desa.kode},
        "maps:cetak": {"fmt": "png"},
        "maps:peta_lokal": {"z": 14, "x": w.tile[0], "y": w.tile[1]},
        "maps:transparansi_desa": {"kode": w.desa.kode},
        "maps:dasbor_kecamatan": {"kode": w.kecamatan.kode},
        "maps:dasbor_desa": {"kode": w.desa.kode},
        "assets:aset_publik": {"pk": aset},
        "assets:proyek_publik": {"pk": w.proyek.pk},
        "assets:potensi_publik": {"pk": w.potensi.pk},
        "assets:potensi_moderasi": {"pk": w.potensi.pk},
        "assets:kelola_pulihkan": {"slug": "aset", "pk": aset, "history_id": w.aset_riwayat},
        "assets:foto": {"pk": w.foto_aset.pk, "ukuran": "kecil"},
        "assets:kelola_foto_hapus": {"slug": "aset", "pk": aset, "foto_pk": w.foto_aset.pk},
        "temu:peta_situs_bagian": {"section": "pengaduan"},
        "temu:umpan": {"tingkat": "desa", "kode": w.desa.kode, "fmt": "rss"},
        "temu:gambar": {"jenis": "potensi", "kunci": w.potensi.pk},  # pending: no share image, even for staff
        "assets:ekspor": {"target": "aset", "kode": w.desa.kode, "fmt": "geojson"},
        "layers:tile_portal": {"z": 14, "x": w.tile[0], "y": w.tile[1]},
        "layers:tile": {"slug": "aset-desa", "z": 14, "x": w.tile[0], "y": w.tile[1]},
        "layers:tile_raster": {"slug": "aset-desa", "z": 14, "x": w.tile[0], "y": w.tile[1]},
        "layers:tile_citra": {"pk": w.citra.pk, "z": 14, "x": w.tile[0], "y": w.tile[1], "fmt": "png"},
        "layers:ogc_item": {"slug": "aset-desa", "fid": aset},
        "layers:fitur": {"slug": "aset-desa", "fid": aset},
        "layers:unduh": {"slug": "aset-desa", "fmt": "geojson"},
        "layers:analisis": {"alat": "agregasi"},
        "layers:analisis_tersimpan": {"pk": w.analisis.pk},
        "account_confirm_email": {"key": "kunci-salah"},
        "account_reset_password_from_key": {"uidb36": "1", "key": "kunci-salah"},
        "admin:auth_user_password_change": {"id": w.pemilik.pk},
        "admin:view_on_site": {"content_type_id": w.ct_aset, "object_id": aset},
        "admin:app_list": {"app_label": "assets"},
        "akun_operator_ubah": {"pk": w.users["op_a"].pk},
        "akun_operator_aktif": {"pk": w.users["op_a"].pk},
        "kabar:kabar": {"pk": w.kabar.pk, "slug": w.kabar.slug},
        "kabar:kabar_pendek": {"pk": w.kabar.pk},
        "kabar:agenda": {"pk": w.agenda.pk, "slug": w.agenda.slug},
        "kabar:agenda_ics": {"pk": w.agenda.pk},
        "kabar:daftar_desa": {"kode": w.desa.kode},
        "kabar:daftar_kecamatan": {"kode": w.kecamatan.kode},
        "kabar:desa_ics": {"kode": w.desa.kode},
        "kabar:ikuti": {"kode": w.desa.kode},
        "kabar:kelola_baru": {"jenis": "kabar"},
        "kabar:kelola_ubah": {"jenis": "kabar", "pk": w.kabar.pk},
        "kabar:kelola_hapus": {"jenis": "agenda", "pk": w.agenda.pk},
        "kabar:kelola_riwayat": {"jenis": "kabar", "pk": w.kabar.pk},
    }
    if name in table:
        return [], table[name]
    if name in {"reports:detail", "reports:dukung", "reports:konfirmasi", "reports:nilai", "reports:tangani"}:
        return [], {"kode": aduan}
    if name.startswith("reports:open311_"):
        return [], {"fmt": "json"}
    if name in {"assets:proyek_anggaran", "assets:proyek_progres", "assets:proyek_selesai"}:
        return [], {"pk": w.proyek.pk}
    if name.startswith("assets:kelola_"):
        return [], {"slug": "aset", **({"pk": aset} if "<int:pk>" in pola.route else {})}
    if name.startswith("importers:") and "<uuid:pk>" in pola.route:
        return [], {"pk": w.run.pk}
    if name in {"layers:geojson", "layers:legenda", "layers:ogc_collection", "layers:ogc_items"}:
        return [], {"slug": "aset-desa"}
    if name.startswith("api-"):
        kwargs: dict[str, Any] = {}
        if "(?P<pk>" in pola.route:
            kwargs["pk"] = w.pk_api[name.split("-")[1]]
        if "format" in pola.route:
            kwargs["format"] = "json"
        return [], kwargs
    if name.endswith("_simple_history"):
        model = name.split(":")[1].removesuffix("_simple_history")
        return [w.admin_pk.get(model, "0"), w.admin_hist.get(model, "0")], {}
    if "<path:object_id>" in pola.route:
        model = re.match(r"admin/(\w+)/(\w+)/", pola.route)
        key = f"{model.group(1)}_{model.group(2)}" if model else ""
        return [], {"object_id": w.admin_pk.get(key, "0")}
    if re.search(r"<|\(\?P<", pola.route):
        return None
    return [], {}


def buat_url(pola: Pola, w: Any) -> str | None:
    """A concrete path for a pattern (nameless patterns are filled in by hand)."""
    from django.urls import NoReverseMatch, reverse

    if pola.route == "admin/(?P<url>.*)$":
        return "/admin/tidak-ada/"
    if pola.name == "layers:None" and pola.route == "ogc":
        return "/ogc"
    if pola.name == "admin:None":  # admin/<app>/<model>/<object_id>/ redirects to the change page
        m = re.match(r"admin/(\w+)/(\w+)/", pola.route)
        return f"/admin/{m.group(1)}/{m.group(2)}/{w.admin_pk.get(f'{m.group(1)}_{m.group(2)}', '0')}/" if m else None
    args = contoh_kwargs(pola, w)
    if args is None:
        return None
    try:
        url = reverse(pola.name, args=args[0] or None, kwargs=args[1] or None)
    except NoReverseMatch:
        return None
    return url


def kunci_pola(pola_list: list[Pola]) -> list[str]:
    """A stable key per pattern: its name, with #n when several patterns share the name (format suffixes)."""
    counts: dict[str, int] = {}
    total: dict[str, int] = {}
    for p in pola_list:
        total[p.name] = total.get(p.name, 0) + 1
    keys = []
    for p in pola_list:
        n = counts.get(p.name, 0)
        counts[p.name] = n + 1
        keys.append(p.name if total[p.name] == 1 else f"{p.name}#{n}")
    return keys


def baca_tabel(path: Any) -> dict[tuple[str, str], dict[str, str]]:
    """The declared table: `key method anon warga pemilik op_a op_b perencana camat super` per line."""
    table = {}
    for line in path.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, method, *outcomes = line.split()
        assert len(outcomes) == len(ROLES), line
        table[(key, method)] = dict(zip(ROLES, outcomes, strict=True))
    return table


def jalankan(w: Any, pola_list: list[Pola] | None = None) -> dict[tuple[str, str], dict[str, str]]:
    """Call every pattern as every role with GET and POST; each request's writes are rolled back."""
    from django.conf import settings
    from django.db import transaction
    from django.test import Client

    clients = {"anon": Client()}
    sessions = {}
    for role, user in w.users.items():
        clients[role] = Client()
        clients[role].force_login(user)
        sessions[role] = clients[role].cookies[settings.SESSION_COOKIE_NAME].value
    hasil: dict[tuple[str, str], dict[str, str]] = {}
    pola_list = pola_list or semua_pola()
    for key, pola in zip(kunci_pola(pola_list), pola_list, strict=True):
        url = buat_url(pola, w)
        if url is None:
            hasil[(key, "URL")] = {r: "tanpa-contoh" for r in ROLES}
            continue
        for method in ("GET", "POST"):
            row = {}
            for role in ROLES:
                with transaction.atomic():
                    client = clients[role]
                    if role in sessions:  # a logout in an earlier request must not sign this role out
                        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
                    else:
                        client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
                    response = client.get(url) if method == "GET" else client.post(url, {})
                    transaction.set_rollback(True)
                row[role] = klasifikasi(response, url)
            hasil[(key, method)] = row
    return hasil
