from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from reports.models import (
    Blokir,
    HariLibur,
    Instansi,
    KategoriPengaduan,
    LanggananWilayah,
    Notifikasi,
    Pengaduan,
    TemplatBalasan,
)
from sig.akun import scope
from sig.akun.admin_scope import ScopedAdminMixin
from sig.akun.scope import Action


@admin.register(KategoriPengaduan)
class KategoriAdmin(admin.ModelAdmin):
    list_display = (
        "kode",
        "nama_id",
        "nama_en",
        "kelompok",
        "urutan",
        "tenggat_tanggap_hari",
        "tenggat_selesai_hari",
        "aktif",
    )
    list_editable = ("urutan", "tenggat_tanggap_hari", "tenggat_selesai_hari", "aktif")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser


class KhususSuperadmin(admin.ModelAdmin):
    """Installation-wide lists (agencies, holidays, reply templates): superadmins only."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)


@admin.register(Instansi)
class InstansiAdmin(KhususSuperadmin):
    list_display = ("nama", "kecamatan", "surel", "telepon", "aktif")
    list_filter = ("aktif", "kecamatan")
    list_editable = ("aktif",)
    search_fields = ("nama",)


@admin.register(HariLibur)
class HariLiburAdmin(KhususSuperadmin):
    list_display = ("tanggal", "nama", "jenis")
    list_filter = ("jenis",)
    date_hierarchy = "tanggal"


@admin.register(TemplatBalasan)
class TemplatBalasanAdmin(KhususSuperadmin):
    list_display = ("judul", "kategori", "urutan", "aktif")
    list_filter = ("aktif", "kategori")
    list_editable = ("urutan", "aktif")
    fields = ("judul", "kategori", "teks", "urutan", "aktif")

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[Any]]:
        from reports.services.templat import PENANDA

        kwargs["help_texts"] = {
            "teks": _("Penanda yang tersedia: %(daftar)s") % {"daftar": ", ".join(f"{{{k}}}" for k in PENANDA)}
        }
        return super().get_form(request, obj, change, **kwargs)


@admin.register(Pengaduan)
class PengaduanAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read-only for handlers (the reporter's identity is back-office data of the desa). Every change — status,
    redaction, hiding, assignment, merging — runs in the operator inbox through the workflow services, which
    keep the timeline, the version and the notifications; ratings, support and timestamps are the citizens'."""

    list_display = ("kode_lacak", "judul", "desa", "kategori", "status", "dibuat")
    list_filter = ("status", "kategori")
    search_fields = ("kode_lacak", "judul")
    readonly_fields = ("kode_lacak", "pelapor", "teks_asli", "dibuat", "versi", "client_id", "sumber", "status")
    exclude = ("ip_hash",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Pengaduan]:
        return scope.filter_queryset(request.user, Action.MODERATE, admin.ModelAdmin.get_queryset(self, request))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request) and scope.can(request.user, Action.MODERATE, obj or self.model)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # complaints come from citizens (web, PWA, Open311)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Blokir)
class BlokirAdmin(admin.ModelAdmin):
    list_display = ("pengguna", "alasan", "sampai", "oleh", "dibuat")
    raw_id_fields = ("pengguna",)
    exclude = ("oleh",)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, str | list[str]]:
        """The admin prefills from the query string; a `sampai` that is not a date-time would crash its widget."""
        from django.utils.dateparse import parse_datetime

        initial = super().get_changeform_initial_data(request)
        try:
            valid = parse_datetime(str(initial.get("sampai", ""))) is not None
        except ValueError:
            valid = False
        if "sampai" in initial and not valid:
            del initial["sampai"]
        return initial

    def save_model(self, request, obj, form, change) -> None:
        obj.oleh = obj.oleh or request.user
        super().save_model(request, obj, form, change)


@admin.register(Notifikasi)
class NotifikasiAdmin(admin.ModelAdmin):
    list_display = ("penerima", "subjek", "dibuat", "terkirim_pada", "percobaan", "coba_lagi_pada", "mati")
    list_filter = ("mati", ("terkirim_pada", admin.EmptyFieldListFilter))
    readonly_fields = (
        "penerima", "subjek", "isi", "dibuat", "terkirim_pada", "percobaan", "galat", "coba_lagi_pada", "mati",
    )  # fmt: skip
    actions = ["kirim_lagi"]

    @admin.action(description=_("Kirim lagi (percobaan diulang dari awal)"))
    def kirim_lagi(self, request: HttpRequest, queryset: QuerySet[Notifikasi]) -> None:
        n = queryset.filter(terkirim_pada__isnull=True).update(mati=False, percobaan=0, coba_lagi_pada=None)
        self.message_user(request, _("%(n)s notifikasi dijadwalkan ulang.") % {"n": n})

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser


@admin.register(LanggananWilayah)
class LanggananAdmin(admin.ModelAdmin):
    list_display = ("pengguna", "desa", "kategori", "dibuat")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser
