"""What kabar and agenda add to the living desa and kecamatan pages (see sig.halaman)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from kabar import selectors
from kabar.models import Agenda, Kabar, Langganan
from sig import halaman

if TYPE_CHECKING:
    from sig.akun.models import AnyUser


@halaman.bagian_desa
def bagian_desa(desa: Any, user: AnyUser) -> halaman.Bagian:
    ikut = user.is_authenticated and Langganan.objects.filter(pengguna=user, desa=desa).exists()
    return halaman.Bagian(
        10,
        "kabar/_bagian.html",
        {
            "kabar_list": selectors.kabar_publik(desa=desa)[:4],
            "agenda_list": selectors.agenda_mendatang(desa=desa)[:4],
            "daftar_url": "kabar:daftar_desa",
            "kode": desa.kode,
            "desa": desa,
            "mengikuti": ikut,
        },
    )


@halaman.bagian_kecamatan
def bagian_kecamatan(kecamatan: Any, user: AnyUser) -> halaman.Bagian:
    return halaman.Bagian(
        10,
        "kabar/_bagian.html",
        {
            "kabar_list": selectors.kabar_publik(kecamatan=kecamatan, dengan_desa=True)[:5],
            "agenda_list": selectors.agenda_mendatang(kecamatan=kecamatan, dengan_desa=True)[:5],
            "daftar_url": "kabar:daftar_kecamatan",
            "kode": kecamatan.kode,
        },
    )


@halaman.aktivitas
def aktivitas(desa_ids: list[int], sejak: datetime) -> list[halaman.Aktivitas]:
    items = []
    for model, label in ((Kabar, _("Kabar baru")), (Agenda, _("Agenda baru"))):
        rows = model.objects.filter(
            model.scope_public_q(), desa_id__in=desa_ids, terbit_pada__gte=sejak
        ).select_related("desa")
        items += [
            halaman.Aktivitas(r.terbit_pada, label, r.judul, r.get_absolute_url(), r.desa.nama)
            for r in rows[:20]
            if r.terbit_pada is not None and r.desa is not None
        ]
    return items


@halaman.ukuran
def tulisan(desa_ids: list[int], sejak: datetime) -> halaman.Ukuran:
    counts: dict[int, float] = {i: 0.0 for i in desa_ids}
    for model in (Kabar, Agenda):
        rows = (
            model.objects.filter(model.scope_public_q(), desa_id__in=desa_ids, terbit_pada__gte=sejak)
            .values("desa_id")
            .annotate(n=Count("pk", filter=Q(desa__isnull=False)))
        )
        for row in rows:
            counts[row["desa_id"]] += row["n"]
    return halaman.Ukuran(_("Kabar dan agenda"), counts)
