"""Import runs and saved column mappings (what imports write into: the domain apps and `survei`)."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sig.teks import tanpa_nul


class Target(models.TextChoices):
    ASET = "aset", _("Aset desa")
    LAHAN = "lahan", _("Lahan pertanian")
    PROYEK = "proyek", _("Proyek pembangunan")
    POTENSI = "potensi", _("Potensi desa")
    DESA = "desa", _("Batas desa")
    SURVEI = "survei", _("Lapisan survei (umum)")
    RASTER = "raster", _("Raster (GeoTIFF)")
    CITRA = "citra", _("Citra udara/ortofoto (peta dasar)")


class ImportRun(models.Model):
    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu")
        BERJALAN = "berjalan", _("Berjalan")
        PRATINJAU = "pratinjau", _("Pratinjau (tidak disimpan)")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    desa = models.ForeignKey("wilayah.Desa", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    target = models.CharField(_("tujuan"), max_length=10, choices=Target.choices)
    nama_berkas = models.CharField(_("nama berkas"), max_length=255)
    checksum = models.CharField(max_length=64, db_index=True)
    ukuran = models.BigIntegerField(default=0)
    format = models.CharField(max_length=20, blank=True)
    layer = models.CharField(max_length=255, blank=True)
    epsg = models.PositiveIntegerField(null=True, blank=True)
    encoding = models.CharField(max_length=30, blank=True)
    pemetaan = models.JSONField(default=dict, blank=True)
    opsi = models.JSONField(default=dict, blank=True)
    dry_run = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MENUNGGU)
    progres = models.PositiveSmallIntegerField(default=0)
    denyut = models.DateTimeField(null=True, blank=True, help_text=_("waktu tanda hidup terakhir dari pekerja"))
    dibuat = models.PositiveIntegerField(default=0)
    diperbarui = models.PositiveIntegerField(default=0)
    tidak_berubah = models.PositiveIntegerField(default=0)
    ditolak = models.PositiveIntegerField(default=0)
    masalah = models.JSONField(default=list, blank=True)
    pratinjau = models.JSONField(default=dict, blank=True)
    pesan = models.TextField(blank=True)
    mulai = models.DateTimeField(auto_now_add=True)
    selesai = models.DateTimeField(null=True, blank=True)
    scope_desa_field = "desa"
    scope_owner_field = "dibuat_oleh"

    class Meta:
        ordering = ["-mulai"]
        verbose_name = _("riwayat impor")
        verbose_name_plural = _("riwayat impor")

    @property
    def is_public(self) -> bool:
        return False

    @classmethod
    def scope_public_q(cls) -> Q:
        return Q(pk__in=[])  # import runs are never public

    def __str__(self) -> str:
        return f"{self.nama_berkas} → {self.get_target_display()} ({self.get_status_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Whatever a file put into the report (layer names, messages, values) fits the columns: a hostile
        file cannot make the run's own record fail to save."""
        for f in self._meta.concrete_fields:
            value = getattr(self, f.attname)
            if isinstance(value, str | dict | list):
                value = tanpa_nul(value)
                if isinstance(value, str) and f.max_length:
                    value = value[: f.max_length]
                setattr(self, f.attname, value)
        super().save(*args, **kwargs)


class ProfilPemetaan(models.Model):
    """A saved column mapping per desa and source (e.g. 'Konsultan BPN 2024')."""

    desa = models.ForeignKey("wilayah.Desa", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    target = models.CharField(max_length=10, choices=Target.choices)
    nama = models.CharField(_("nama sumber"), max_length=120)
    pemetaan = models.JSONField(default=dict)
    konversi = models.JSONField(default=dict, blank=True)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    diubah = models.DateTimeField(auto_now=True)
    scope_desa_field = "desa"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["desa", "target", "nama"], name="profil_unik")]

    def __str__(self) -> str:
        return self.nama
