"""Potensi desa: products, tourism, farming, culture — from citizens or operators, moderated."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assets.models.base import FiturDesa
from assets.models.riwayat import RiwayatRingan


class JenisPotensi(models.TextChoices):
    PRODUK_UNGGULAN = "produk_unggulan", _("Produk unggulan/UMKM")
    WISATA = "wisata", _("Wisata")
    PERTANIAN = "pertanian", _("Pertanian")
    PETERNAKAN = "peternakan", _("Peternakan/perikanan")
    KERAJINAN = "kerajinan", _("Kerajinan")
    KULINER = "kuliner", _("Kuliner")
    BUDAYA = "budaya", _("Seni dan budaya")
    LAINNYA = "lainnya", _("Lainnya")


class StatusPotensi(models.TextChoices):
    DRAFT = "draft", _("Draf")
    MENUNGGU = "menunggu", _("Menunggu verifikasi")
    TERBIT = "terbit", _("Terbit")
    DITOLAK = "ditolak", _("Ditolak")


class PotensiDesa(FiturDesa):
    jenis = models.CharField(_("jenis potensi"), max_length=20, choices=JenisPotensi.choices)
    nama = models.CharField(_("nama"), max_length=150)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    deskripsi = models.TextField(_("deskripsi"), max_length=5000, blank=True)
    kontak = models.CharField(_("kontak (tampil publik)"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=StatusPotensi.choices, default=StatusPotensi.DRAFT)
    alasan_penolakan = models.TextField(_("alasan penolakan"), blank=True)
    teks_asli = models.JSONField(_("teks asli pengaju"), default=dict, blank=True, editable=False)
    diajukan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="potensi_diajukan",
        verbose_name=_("diajukan oleh"),
    )
    dimoderasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    terbit_pada = models.DateTimeField(_("terbit pada"), null=True, blank=True)
    geometri = models.GeometryField(_("lokasi"), srid=4326)
    history = RiwayatRingan(excluded_fields=["diubah"])

    geometry_kinds = ("Point", "Polygon")
    scope_owner_field = "diajukan_oleh"
    atribut_internal = {"status": "lihat", "alasan_penolakan": "ubah"}  # see LahanPertanian.atribut_internal
    citizen_contributable = True

    class Meta:
        verbose_name = _("potensi desa")
        verbose_name_plural = _("potensi desa")
        ordering = ["desa", "jenis", "nama"]
        indexes = [models.Index(fields=["desa", "status", "jenis"])]

    @classmethod
    def scope_public_q(cls) -> Q:
        return Q(status=StatusPotensi.TERBIT)

    @property
    def is_public(self) -> bool:
        return self.status == StatusPotensi.TERBIT

    @property
    def owner_may_edit(self) -> bool:
        """A citizen edits their own potensi until it is published."""
        return self.status in {StatusPotensi.DRAFT, StatusPotensi.DITOLAK}

    def get_absolute_url(self) -> str:
        return reverse("assets:potensi_publik", args=[self.pk])
