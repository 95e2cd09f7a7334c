"""Every choice list of every admin form follows the scope: an operator, planner or admin kecamatan never sees
another desa's complaints, accounts, survey layers or rasters among the options; the complaint admin is
read-only; publishing a potensi in the admin goes through moderation."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.gis.geos import Polygon
from django.test import RequestFactory

from reports.services.lapor import pengaduan_buat
from sig.akun import scope
from sig.akun.models import User
from sig.akun.scope import Action
from survei.models import LapisanRaster, LapisanSurvei
from tests.factories import UserFactory
from tests.reports.conftest import LOKASI


def _boleh(user, choice) -> bool:
    if isinstance(choice, User):
        if choice.pk == user.pk:
            return True
        reach = scope.desa_reach(user, Action.CHANGE) or frozenset()
        kerja = set(choice.desa_kerja.values_list("pk", flat=True))
        kerja |= {d for k in choice.kecamatan_kerja.all() for d in k.desa.values_list("pk", flat=True)}
        return bool(kerja & set(reach))
    owner = getattr(type(choice), "scope_owner_field", None)
    if isinstance(choice, LapisanRaster) and owner:
        return getattr(choice, f"{owner}_id") == user.pk
    if hasattr(choice, "desa_id") or type(choice).__name__ in {"Desa", "Kecamatan", "Kabupaten", "Dusun"}:
        return scope.can(user, Action.CHANGE, choice)
    return True  # unscoped lookups (categories, content types)


@pytest.mark.django_db
def test_every_admin_choice_is_within_scope(pengguna, wilayah, aset_a, aset_b, lahan_a, proyek_a, potensi_menunggu):
    from allauth.account.models import EmailAddress

    warga_b = UserFactory(email="warga.b@contoh.id", desa_domisili=wilayah.desa_b)
    for u in (pengguna.warga, warga_b):
        EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True)
    pengaduan_buat(kategori="banjir", judul="A", deskripsi="Banjir di desa A sini.", by=pengguna.warga, **LOKASI)
    pengaduan_buat(kategori="banjir", judul="B", deskripsi="Banjir di desa B sana.", by=warga_b, lon=107.87, lat=-7.25)
    LapisanSurvei.objects.create(desa=wilayah.desa_b, nama="Survei B", kolom={})
    LapisanRaster.objects.create(
        nama="DEM super",
        berkas="/x.tif",
        epsg=4326,
        lebar=1,
        tinggi=1,
        cakupan=Polygon.from_bbox((107.8, -7.3, 107.9, -7.2)),
        dibuat_oleh=pengguna.superadmin,
    )
    checked, leaks = 0, []
    for user in (pengguna.operator_a, pengguna.perencana, pengguna.admin_kecamatan):
        request = RequestFactory().get("/admin/")
        request.user = user
        for model, model_admin in admin.site._registry.items():
            if not model_admin.has_module_permission(request):
                continue
            objs = [None, *model_admin.get_queryset(request)[:2]]
            for obj in objs:
                allowed = (
                    model_admin.has_add_permission(request)
                    if obj is None
                    else model_admin.has_view_permission(request, obj)
                )
                if not allowed:
                    continue
                form = model_admin.get_form(request, obj)(instance=obj)
                for name, field in form.fields.items():
                    queryset = getattr(field, "queryset", None)
                    if queryset is None:
                        continue
                    for choice in queryset:
                        checked += 1
                        if not _boleh(user, choice):
                            leaks.append(f"{user.email} · {model.__name__}.{name}: {choice!r}")
    assert not leaks, "\n".join(sorted(set(leaks)))
    assert checked > 20


@pytest.mark.django_db
def test_complaint_admin_is_read_only(client, pengguna, wilayah):
    from allauth.account.models import EmailAddress

    warga = pengguna.warga
    EmailAddress.objects.create(user=warga, email=warga.email, verified=True, primary=True)
    p = pengaduan_buat(kategori="banjir", judul="A", deskripsi="Banjir di desa A sini.", by=warga, **LOKASI).pengaduan
    client.force_login(pengguna.operator_a)
    url = f"/admin/reports/pengaduan/{p.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="status"' not in page.content.decode()
    response = client.post(url, {"status": "selesai", "tersembunyi": "on", "anonim": "", "perlu_sunting": ""})
    assert response.status_code == 403
    p.refresh_from_db()
    assert p.status == "baru" and not p.tersembunyi and p.versi == 1


@pytest.mark.django_db
def test_publishing_a_potensi_in_the_admin_is_moderation(client, pengguna, potensi_menunggu):
    client.force_login(pengguna.operator_a)
    page = client.get(f"/admin/assets/potensidesa/{potensi_menunggu.pk}/change/").content.decode()
    assert 'name="status"' not in page
    client.post(
        "/admin/assets/potensidesa/",
        {"action": "terbitkan", "_selected_action": [potensi_menunggu.pk]},
    )
    potensi_menunggu.refresh_from_db()
    assert potensi_menunggu.status == "terbit"
    assert potensi_menunggu.dimoderasi_oleh == pengguna.operator_a and potensi_menunggu.terbit_pada is not None
