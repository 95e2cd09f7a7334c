"""Aset desa: what the village owns, in the asset classes of Permendagri 1/2016."""

from __future__ import annotations

import datetime

from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assets.models.base import FiturDesa, SumberDana, luas_m2_field, panjang_m_field
from assets.models.riwayat import RiwayatRingan


class Golongan(models.TextChoices):
    TANAH = "tanah", _("Tanah")
    PERALATAN_MESIN = "peralatan_mesin", _("Peralatan dan mesin")
    GEDUNG_BANGUNAN = "gedung_bangunan", _("Gedung dan bangunan")
    JALAN_IRIGASI_JARINGAN = "jalan_irigasi_jaringan", _("Jalan, irigasi dan jaringan")
    ASET_TETAP_LAINNYA = "aset_tetap_lainnya", _("Aset tetap lainnya")
    KONSTRUKSI = "konstruksi", _("Konstruksi dalam pengerjaan")


class JenisAset(models.TextChoices):
    TANAH_KAS_DESA = "tanah_kas_desa", _("Tanah kas desa")
    LAPANGAN = "lapangan", _("Lapangan")
    MAKAM = "makam", _("Tanah makam")
    KENDARAAN = "kendaraan", _("Kendaraan")
    MESIN_PERTANIAN = "mesin_pertanian", _("Mesin pertanian")
    POMPA_AIR = "pompa_air", _("Pompa air")
    PERALATAN_KANTOR = "peralatan_kantor", _("Peralatan kantor")
    BALAI_DESA = "balai_desa", _("Balai desa")
    KANTOR_DESA = "kantor_desa", _("Kantor desa")
    POSYANDU = "posyandu", _("Posyandu")
    POLINDES = "polindes", _("Polindes/poskesdes")
    SEKOLAH = "sekolah", _("Sekolah/PAUD")
    MASJID = "masjid", _("Masjid/musala")
    PASAR = "pasar", _("Pasar desa")
    TPS = "tps", _("TPS (tempat pembuangan sampah sementara)")
    JALAN_DESA = "jalan_desa", _("Jalan desa")
    JALAN_USAHA_TANI = "jalan_usaha_tani", _("Jalan usaha tani")
    JEMBATAN = "jembatan", _("Jembatan")
    SALURAN_IRIGASI = "saluran_irigasi", _("Saluran irigasi")
    DRAINASE = "drainase", _("Drainase/gorong-gorong")
    SUMUR = "sumur", _("Sumur/mata air")
    AIR_BERSIH = "air_bersih", _("Jaringan air bersih")
    PENERANGAN = "penerangan", _("Penerangan jalan")
    BUKU_PERPUSTAKAAN = "buku", _("Buku dan perpustakaan")
    LAINNYA = "lainnya", _("Lainnya")


GOLONGAN_JENIS: dict[str, set[str]] = {
    Golongan.TANAH: {JenisAset.TANAH_KAS_DESA, JenisAset.LAPANGAN, JenisAset.MAKAM, JenisAset.LAINNYA},
    Golongan.PERALATAN_MESIN: {
        JenisAset.KENDARAAN,
        JenisAset.MESIN_PERTANIAN,
        JenisAset.POMPA_AIR,
        JenisAset.PERALATAN_KANTOR,
        JenisAset.LAINNYA,
    },
    Golongan.GEDUNG_BANGUNAN: {
        JenisAset.BALAI_DESA,
        JenisAset.KANTOR_DESA,
        JenisAset.POSYANDU,
        JenisAset.POLINDES,
        JenisAset.SEKOLAH,
        JenisAset.MASJID,
        JenisAset.PASAR,
        JenisAset.TPS,
        JenisAset.LAINNYA,
    },
    Golongan.JALAN_IRIGASI_JARINGAN: {
        JenisAset.JALAN_DESA,
        JenisAset.JALAN_USAHA_TANI,
        JenisAset.JEMBATAN,
        JenisAset.SALURAN_IRIGASI,
        JenisAset.DRAINASE,
        JenisAset.SUMUR,
        JenisAset.AIR_BERSIH,
        JenisAset.PENERANGAN,
        JenisAset.LAINNYA,
    },
    Golongan.ASET_TETAP_LAINNYA: {JenisAset.BUKU_PERPUSTAKAAN, JenisAset.LAINNYA},
    Golongan.KONSTRUKSI: set(JenisAset.values),
}


class Kondisi(models.TextChoices):
    BAIK = "baik", _("Baik")
    RUSAK_RINGAN = "rusak_ringan", _("Rusak ringan")
    RUSAK_BERAT = "rusak_berat", _("Rusak berat")


def tahun_maks() -> int:
    return datetime.date.today().year + 1


class AsetDesa(FiturDesa):
    kode_register = models.CharField(_("kode register"), max_length=40, blank=True)
    nama = models.CharField(_("nama aset"), max_length=200)
    golongan = models.CharField(_("golongan"), max_length=30, choices=Golongan.choices)
    jenis = models.CharField(_("jenis"), max_length=30, choices=JenisAset.choices)
    kondisi = models.CharField(_("kondisi"), max_length=20, choices=Kondisi.choices, default=Kondisi.BAIK)
    tahun_perolehan = models.PositiveSmallIntegerField(
        _("tahun perolehan"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1945)],
    )
    nilai_perolehan = models.DecimalField(
        _("nilai perolehan (Rp)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10**15)],
    )
    sumber_dana = models.CharField(_("sumber dana"), max_length=20, choices=SumberDana.choices, blank=True)
    keterangan = models.TextField(_("keterangan"), blank=True)
    publik = models.BooleanField(_("tampil di peta publik"), default=True)
    proyek_asal = models.ForeignKey(
        "assets.ProyekPembangunan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aset_hasil",
        verbose_name=_("dibangun oleh proyek"),
    )
    geometri = models.GeometryField(_("lokasi"), srid=4326)
    luas_m2 = luas_m2_field()
    panjang_m = panjang_m_field()
    history = RiwayatRingan(excluded_fields=["luas_m2", "panjang_m", "diubah"])

    class Meta:
        verbose_name = _("aset desa")
        verbose_name_plural = _("aset desa")
        ordering = ["desa", "golongan", "nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["desa", "kode_register"],
                condition=~Q(kode_register=""),
                name="aset_kode_register_unik",
            ),
            models.CheckConstraint(condition=Q(nilai_perolehan__gte=0), name="aset_nilai_tidak_negatif"),
            models.CheckConstraint(condition=Q(tahun_perolehan__gte=1945), name="aset_tahun_masuk_akal"),
        ]
        indexes = [models.Index(fields=["desa", "golongan", "jenis"])]

    def clean(self) -> None:
        super().clean()
        if self.golongan and self.jenis and self.jenis not in GOLONGAN_JENIS.get(self.golongan, set()):
            raise ValidationError({"jenis": _("Jenis aset ini tidak termasuk golongan yang dipilih.")})
        if self.tahun_perolehan and self.tahun_perolehan > tahun_maks():
            raise ValidationError({"tahun_perolehan": _("Tahun perolehan tidak boleh di masa depan.")})

    def get_absolute_url(self) -> str:
        return reverse("assets:aset_publik", args=[self.pk])
