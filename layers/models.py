"""The layer registry: what the maps and outside tools can read, styled, ordered and scoped."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class JenisLapisan(models.TextChoices):
    ASET = "aset", _("Aset desa")
    LAHAN = "lahan", _("Lahan pertanian")
    PROYEK = "proyek", _("Proyek pembangunan")
    POTENSI = "potensi", _("Potensi desa")
    PENGADUAN = "pengaduan", _("Pengaduan")
    WILAYAH = "wilayah", _("Batas wilayah")
    SURVEI = "survei", _("Lapisan survei")
    RASTER = "raster", _("Raster")


class Visibilitas(models.TextChoices):
    PUBLIK = "publik", _("Publik")
    INTERNAL = "internal", _("Internal (staf)")
    PERAN = "peran", _("Peran tertentu")


class Lapisan(models.Model):
    slug = models.SlugField(unique=True, max_length=80)
    judul_id = models.CharField(_("judul (Indonesia)"), max_length=150)
    judul_en = models.CharField(_("judul (English)"), max_length=150, blank=True)
    jenis = models.CharField(_("jenis"), max_length=20, choices=JenisLapisan.choices)
    saringan = models.JSONField(
        _("saringan sumber"), default=dict, blank=True, help_text=_('mis. {"golongan": "gedung_bangunan"}')
    )
    survei = models.ForeignKey(
        "survei.LapisanSurvei", null=True, blank=True, on_delete=models.CASCADE, related_name="lapisan_peta"
    )
    raster = models.ForeignKey(
        "survei.LapisanRaster", null=True, blank=True, on_delete=models.CASCADE, related_name="lapisan_peta"
    )
    desa = models.ForeignKey(
        "wilayah.Desa",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("kosong: seluruh instalasi"),
    )
    gaya = models.JSONField(_("gaya"), default=dict, blank=True)
    visibilitas = models.CharField(max_length=10, choices=Visibilitas.choices, default=Visibilitas.PUBLIK)
    peran = models.JSONField(_("peran yang boleh melihat"), default=list, blank=True)
    min_zoom = models.PositiveSmallIntegerField(default=10)
    max_zoom = models.PositiveSmallIntegerField(default=22)
    urutan = models.PositiveSmallIntegerField(default=100)
    atribusi = models.CharField(max_length=200, blank=True)
    aktif = models.BooleanField(default=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_desa_field = "desa"

    class Meta:
        ordering = ["urutan", "slug"]
        verbose_name = _("lapisan peta")
        verbose_name_plural = _("lapisan peta")
        constraints = [
            models.CheckConstraint(condition=Q(min_zoom__lte=models.F("max_zoom")), name="lapisan_zoom_urut"),
            models.CheckConstraint(condition=Q(max_zoom__lte=24), name="lapisan_zoom_maks"),
        ]

    def __str__(self) -> str:
        return self.judul

    @property
    def judul(self) -> str:
        return self.judul_en if get_language() == "en" and self.judul_en else self.judul_id

    @property
    def is_public(self) -> bool:
        return self.visibilitas == Visibilitas.PUBLIK

    @classmethod
    def scope_public_q(cls) -> Q:
        return Q(visibilitas=Visibilitas.PUBLIK)


class AnalisisTersimpan(models.Model):
    """A planner's analysis (tool + parameters), re-run on demand — always under the viewer's own scope, so a
    shared link never shows more than its viewer may see."""

    import uuid as _uuid

    id = models.UUIDField(primary_key=True, default=_uuid.uuid4, editable=False)
    nama = models.CharField(_("nama"), max_length=150)
    alat = models.CharField(_("alat"), max_length=30)
    parameter = models.JSONField(_("parameter"), default=dict)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="analisis_tersimpan"
    )
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-dibuat"]
        verbose_name = _("analisis tersimpan")
        verbose_name_plural = _("analisis tersimpan")

    def __str__(self) -> str:
        return self.nama
