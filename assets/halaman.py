"""What village data adds to the living desa and kecamatan pages: potensi and projects (see sig.halaman)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from assets.models import PotensiDesa, ProgresProyek, ProyekPembangunan
from sig import halaman

if TYPE_CHECKING:
    from sig.akun.models import AnyUser


def _proyek(**where: Any) -> Any:
    return (
        ProyekPembangunan.objects.filter(ProyekPembangunan.scope_public_q(), **where)
        .select_related("desa")
        .annotate(total_anggaran=Sum("anggaran__anggaran"))
        .order_by("-tahun_anggaran", "-diubah")
    )


@halaman.bagian_desa
def bagian_desa(desa: Any, user: AnyUser) -> halaman.Bagian:
    potensi = PotensiDesa.objects.filter(PotensiDesa.scope_public_q(), desa=desa).order_by("-diubah")[:6]
    return halaman.Bagian(20, "assets/_bagian.html", {"potensi_list": potensi, "proyek_list": _proyek(desa=desa)[:5]})


@halaman.bagian_kecamatan
def bagian_kecamatan(kecamatan: Any, user: AnyUser) -> halaman.Bagian:
    return halaman.Bagian(20, "assets/_bagian.html", {"proyek_list": _proyek(desa__kecamatan=kecamatan)[:6]})


@halaman.aktivitas
def aktivitas(desa_ids: list[int], sejak: datetime) -> list[halaman.Aktivitas]:
    potensi = PotensiDesa.objects.filter(PotensiDesa.scope_public_q(), desa_id__in=desa_ids, diubah__gte=sejak)
    progres = (
        ProgresProyek.objects.filter(proyek__publik=True, proyek__desa_id__in=desa_ids, dibuat__gte=sejak)
        .select_related("proyek__desa")
        .order_by("proyek_id", "-dibuat", "-pk")
        .distinct("proyek_id")  # the latest step of each project
    )
    return [
        halaman.Aktivitas(p.diubah, _("Potensi desa"), p.nama, p.get_absolute_url(), p.desa.nama)
        for p in potensi.select_related("desa")[:20]
    ] + [
        halaman.Aktivitas(
            g.dibuat,
            _("Progres proyek %(persen)s%%") % {"persen": f"{g.persen:.0f}"},
            g.proyek.nama,
            g.proyek.get_absolute_url(),
            g.proyek.desa.nama,
        )
        for g in progres[:20]
    ]
