"""Pengaduan warga: a pinned complaint, its public timeline, photos, me-too support and area alerts."""

from __future__ import annotations

import copy
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.contrib.gis.db import models
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sig.penyimpanan import penyimpanan_privat  # referenced by migration 0001

KODE_HURUF = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud over the phone


def kode_lacak_baru() -> str:
    raw = "".join(secrets.choice(KODE_HURUF) for _ in range(8))
    return f"ADU-{raw[:4]}-{raw[4:]}"


class StatusPengaduan(models.TextChoices):
    BARU = "baru", _("Baru")
    DIVERIFIKASI = "diverifikasi", _("Diverifikasi")
    DIPROSES = "diproses", _("Diproses")
    SELESAI = "selesai", _("Selesai")
    DITOLAK = "ditolak", _("Ditolak")
    DUPLIKAT = "duplikat", _("Duplikat")
    DITERUSKAN = "diteruskan", _("Diteruskan ke instansi lain")


PUBLIK = Q(tersembunyi=False, perlu_sunting=False)  # published: the public scope of complaints
TERBUKA = (StatusPengaduan.BARU, StatusPengaduan.DIVERIFIKASI, StatusPengaduan.DIPROSES)
TERTUTUP = (StatusPengaduan.SELESAI, StatusPengaduan.DITOLAK, StatusPengaduan.DUPLIKAT, StatusPengaduan.DITERUSKAN)
# What public lists, activity and digests show: published complaints, duplicates only under their original.
PUBLIK_TANPA_DUPLIKAT = PUBLIK & ~Q(status=StatusPengaduan.DUPLIKAT)

# Where a complaint came in. Channel reports (saluran app) and walk-ins recorded by staff (petugas) may come
# without an account; their name/phone is back-office data like an account's e-mail and phone.
SUMBER_AKUN = ("web", "pwa", "open311")
SUMBER_SALURAN = ("whatsapp", "telegram")
SUMBER_PETUGAS = "petugas"
SUMBER_TANPA_AKUN = (*SUMBER_SALURAN, SUMBER_PETUGAS)
LABEL_SUMBER = {
    "web": _("lewat situs"),
    "pwa": _("lewat situs"),
    "open311": _("lewat aplikasi (Open311)"),
    "whatsapp": _("lewat WhatsApp"),
    "telegram": _("lewat Telegram"),
    "petugas": _("dicatat petugas desa atas laporan warga (datang/telepon)"),
}


class KategoriPengaduan(models.Model):
    kode = models.SlugField(_("kode (tagar)"), primary_key=True, max_length=30)
    nama_id = models.CharField(_("nama (Indonesia)"), max_length=80)
    nama_en = models.CharField(_("nama (English)"), max_length=80, blank=True)
    kelompok = models.CharField(_("kelompok"), max_length=30, blank=True)
    urutan = models.PositiveSmallIntegerField(default=100)
    aktif = models.BooleanField(default=True)
    # Working days (LAPOR! SP4N style); see reports/tenggat.py for how they are counted.
    tenggat_tanggap_hari = models.PositiveSmallIntegerField(
        _("tenggat tanggapan pertama (hari kerja)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    tenggat_selesai_hari = models.PositiveSmallIntegerField(
        _("tenggat penyelesaian (hari kerja)"), default=10, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )

    class Meta:
        ordering = ["urutan", "kode"]
        verbose_name = _("kategori pengaduan")
        verbose_name_plural = _("kategori pengaduan")

    def __str__(self) -> str:
        return f"{self.nama} (#{self.kode})"

    @property
    def nama(self) -> str:
        return self.nama_en if get_language() == "en" and self.nama_en else self.nama_id

    @property
    def tagar(self) -> str:
        return f"#{self.kode}"


class Pengaduan(models.Model):
    kode_lacak = models.CharField(_("kode lacak"), max_length=13, unique=True, default=kode_lacak_baru, editable=False)
    desa = models.ForeignKey("wilayah.Desa", on_delete=models.PROTECT, related_name="pengaduan", verbose_name=_("desa"))
    kategori = models.ForeignKey(KategoriPengaduan, on_delete=models.PROTECT, verbose_name=_("kategori"))
    judul = models.CharField(_("judul"), max_length=120)
    deskripsi = models.TextField(_("uraian"), max_length=4000)
    lokasi = models.PointField(_("lokasi"), srid=4326)
    status = models.CharField(_("status"), max_length=12, choices=StatusPengaduan.choices, default="baru")
    alasan = models.TextField(_("alasan (ditolak/duplikat)"), blank=True)
    duplikat_dari = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplikat",
        verbose_name=_("duplikat dari"),
    )
    pelapor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="pengaduan"
    )
    anonim = models.BooleanField(_("sembunyikan nama saya dari publik"), default=False)
    tersembunyi = models.BooleanField(_("disembunyikan dari publik"), default=False)
    perlu_sunting = models.BooleanField(_("memuat data pribadi, menunggu penyuntingan"), default=False)
    teks_asli = models.JSONField(_("teks asli pelapor"), default=dict, blank=True, editable=False)
    petugas = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pengaduan_ditangani",
        verbose_name=_("petugas"),
    )
    dukungan = models.PositiveIntegerField(_("dukungan warga"), default=0)
    versi = models.PositiveIntegerField(default=1, editable=False)
    client_id = models.UUIDField(null=True, blank=True, editable=False)
    sumber = models.CharField(max_length=10, default="web", editable=False)
    pelapor_nama = models.CharField(_("nama pelapor (tanpa akun)"), max_length=120, blank=True)
    pelapor_telepon = models.CharField(_("telepon pelapor (tanpa akun)"), max_length=20, blank=True)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dicatat oleh petugas"),
    )
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    dibuat = models.DateTimeField(_("dilaporkan"), auto_now_add=True, db_index=True)
    diubah = models.DateTimeField(auto_now=True)
    ditanggapi_pada = models.DateTimeField(_("pertama ditanggapi"), null=True, blank=True)
    selesai_pada = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    dikonfirmasi_pada = models.DateTimeField(_("dikonfirmasi pelapor"), null=True, blank=True)
    penilaian = models.PositiveSmallIntegerField(_("penilaian"), null=True, blank=True)
    komentar_penilaian = models.CharField(_("komentar penilaian"), max_length=500, blank=True)
    # Deadlines, fixed when the complaint is stored (reports/tenggat.py); forwarding target (contact: staff only).
    tenggat_tanggap = models.DateTimeField(_("tenggat tanggapan"), null=True, blank=True, editable=False)
    tenggat_selesai = models.DateTimeField(_("tenggat penyelesaian"), null=True, blank=True, editable=False)
    instansi = models.ForeignKey(
        "Instansi", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("diteruskan ke")
    )

    scope_desa_field = "desa"
    scope_owner_field = "pelapor"
    citizen_contributable = True

    class Meta:
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        ordering = ["-dibuat", "-pk"]
        indexes = [
            models.Index(fields=["desa", "status", "-dibuat"], name="pengaduan_desa_status"),
            models.Index(fields=["pelapor", "-dibuat"], name="pengaduan_pelapor"),
            models.Index(fields=["ip_hash", "-dibuat"], name="pengaduan_ip"),
            # The live feed of one hashtag (maps/terkini.py); without one, the index on `dibuat` serves it.
            models.Index(fields=["kategori", "-dibuat"], condition=PUBLIK, name="pengaduan_publik_tagar"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["pelapor", "client_id"], name="pengaduan_client_id_sekali"),
            models.CheckConstraint(
                condition=Q(penilaian__isnull=True) | Q(penilaian__gte=1, penilaian__lte=5), name="pengaduan_nilai_1_5"
            ),
            models.CheckConstraint(
                condition=~Q(status="duplikat") | Q(duplikat_dari__isnull=False), name="duplikat_induk"
            ),
            models.CheckConstraint(
                condition=Q(sumber__in=(*SUMBER_AKUN, *SUMBER_TANPA_AKUN)), name="pengaduan_sumber_dikenal"
            ),
            # Name/phone on the complaint only for reporters without an account (an account holds its own).
            models.CheckConstraint(
                condition=Q(sumber__in=SUMBER_TANPA_AKUN) | Q(pelapor_nama="", pelapor_telepon=""),
                name="pengaduan_kontak_tanpa_akun",
            ),
            # A walk-in belongs to no account (not the staff member's own report); only walk-ins name a recorder.
            models.CheckConstraint(
                condition=~Q(sumber=SUMBER_PETUGAS) | Q(pelapor__isnull=True), name="pengaduan_petugas_tanpa_akun"
            ),
            models.CheckConstraint(
                condition=Q(sumber=SUMBER_PETUGAS) | Q(dicatat_oleh__isnull=True), name="pengaduan_dicatat_petugas"
            ),
            models.CheckConstraint(
                condition=~Q(status="diteruskan") | Q(instansi__isnull=False), name="diteruskan_instansi"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode_lacak} {self.judul}"

    @classmethod
    def scope_public_q(cls) -> Q:
        return copy.copy(PUBLIK)

    @property
    def is_public(self) -> bool:
        return not (self.tersembunyi or self.perlu_sunting)

    @property
    def terbuka(self) -> bool:
        return self.status in TERBUKA

    @property
    def label_sumber(self) -> str:
        """How the complaint came in, in people's words (for staff and the public timeline)."""
        return str(LABEL_SUMBER.get(self.sumber, LABEL_SUMBER["web"]))

    @property
    def dicatat_petugas(self) -> bool:
        """Recorded by staff for a walk-in or phone caller (shown as such; the caller's name stays internal)."""
        return self.sumber == SUMBER_PETUGAS

    @property
    def lewat_tenggat(self) -> bool:
        """Open and past a deadline (the same rule as reports.tenggat.q_lewat, which the inbox sorts by)."""
        now = timezone.now()
        tanggap = self.ditanggapi_pada is None and self.tenggat_tanggap is not None and self.tenggat_tanggap < now
        return self.terbuka and (tanggap or (self.tenggat_selesai is not None and self.tenggat_selesai < now))

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.kode_lacak])


class JenisTanggapan(models.TextChoices):
    STATUS = "status", _("Perubahan status")
    BALASAN = "balasan", _("Balasan")
    CATATAN = "catatan", _("Catatan internal")
    WARGA = "warga", _("Tanggapan pelapor")


class Tanggapan(models.Model):
    """One entry of a complaint's timeline; `publik=False` entries stay in the back office."""

    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.CASCADE, related_name="tanggapan")
    jenis = models.CharField(max_length=10, choices=JenisTanggapan.choices)
    dari_status = models.CharField(max_length=12, blank=True, choices=StatusPengaduan.choices)
    ke_status = models.CharField(max_length=12, blank=True, choices=StatusPengaduan.choices)
    teks = models.TextField(_("teks"), max_length=4000, blank=True)
    publik = models.BooleanField(default=True)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    oleh_staf = models.BooleanField(default=False)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dibuat", "pk"]
        verbose_name = _("tanggapan")
        verbose_name_plural = _("tanggapan")


def _foto_nama(kind: str) -> str:
    return f"pengaduan/{kind}/{uuid.uuid4().hex}.jpg"


def foto_path(instance: Any, filename: str) -> str:
    return _foto_nama("asli")


def thumb_path(instance: Any, filename: str) -> str:
    return _foto_nama("kecil")


class FotoPengaduan(models.Model):
    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.CASCADE, related_name="foto")
    berkas = models.ImageField(upload_to=foto_path, storage=penyimpanan_privat)
    thumbnail = models.ImageField(upload_to=thumb_path, storage=penyimpanan_privat)
    lebar = models.PositiveIntegerField(default=0)
    tinggi = models.PositiveIntegerField(default=0)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("foto pengaduan")
        verbose_name_plural = _("foto pengaduan")


class Dukungan(models.Model):
    """'Saya juga mengalami ini' — one per citizen per complaint."""

    pengaduan = models.ForeignKey(Pengaduan, on_delete=models.CASCADE, related_name="pendukung")
    pengguna = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pengaduan", "pengguna"], name="dukungan_sekali")]


class LanggananWilayah(models.Model):
    """Email alerts on new public complaints in a desa (optionally one category)."""

    pengguna = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="langganan")
    desa = models.ForeignKey("wilayah.Desa", on_delete=models.CASCADE, related_name="+", verbose_name=_("desa"))
    kategori = models.ForeignKey(
        KategoriPengaduan, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("kategori")
    )
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("langganan peringatan")
        verbose_name_plural = _("langganan peringatan")
        constraints = [
            models.UniqueConstraint(
                fields=["pengguna", "desa", "kategori"], name="langganan_unik", nulls_distinct=False
            )
        ]


class Blokir(models.Model):
    """An account (until lifted or `sampai`) or an address (always until `sampai`: it blocks everyone behind
    it) that may not submit complaints."""

    pengguna = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    ip_hash = models.CharField(max_length=64, blank=True, help_text=_("diisi dari pengaduan yang diblokir"))
    alasan = models.CharField(_("alasan"), max_length=200)
    sampai = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("blokir")
        verbose_name_plural = _("daftar blokir")
        constraints = [
            models.CheckConstraint(condition=Q(pengguna__isnull=False) | ~Q(ip_hash=""), name="blokir_ada_sasaran"),
            models.CheckConstraint(condition=Q(ip_hash="") | Q(sampai__isnull=False), name="blokir_alamat_berakhir"),
        ]


class Notifikasi(models.Model):
    """Outbox: written in the same transaction as the change it reports, sent after commit; a failed send is
    retried with growing pauses (reports.services.pemberitahuan.JEDA_MENIT) until it is delivered or given up (mati)."""

    penerima = models.EmailField()
    subjek = models.CharField(max_length=200)
    isi = models.TextField()
    dibuat = models.DateTimeField(auto_now_add=True)
    terkirim_pada = models.DateTimeField(null=True, blank=True)
    percobaan = models.PositiveSmallIntegerField(default=0)
    galat = models.CharField(max_length=300, blank=True)
    coba_lagi_pada = models.DateTimeField(_("coba lagi pada"), null=True, blank=True)
    mati = models.BooleanField(_("gagal permanen"), default=False, help_text=_("semua percobaan habis"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("notifikasi surel")
        verbose_name_plural = _("notifikasi surel")
        indexes = [
            models.Index(
                fields=["coba_lagi_pada"], condition=Q(terkirim_pada__isnull=True, mati=False), name="notifikasi_jatuh"
            ),
            models.Index(fields=["dibuat"], condition=Q(terkirim_pada__isnull=True), name="notifikasi_antre"),
        ]


class Instansi(models.Model):
    """An agency a complaint can be forwarded to (PUPR, PLN, PDAM, BPBD…): for one kecamatan, or everywhere
    when `kecamatan` is empty. Its name is public on the timeline; its contact stays with staff."""

    nama = models.CharField(_("nama instansi"), max_length=150)
    surel = models.EmailField(_("surel kontak"), blank=True)
    telepon = models.CharField(_("telepon kontak"), max_length=30, blank=True)
    kecamatan = models.ForeignKey(
        "wilayah.Kecamatan",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("kecamatan"),
        help_text=_("kosongkan bila instansi melayani semua kecamatan"),
    )
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["nama"]
        verbose_name = _("instansi tujuan")
        verbose_name_plural = _("instansi tujuan")
        constraints = [
            models.UniqueConstraint(fields=["nama", "kecamatan"], name="instansi_nama_unik", nulls_distinct=False)
        ]

    def __str__(self) -> str:
        return self.nama

    @property
    def kontak(self) -> str:
        return " · ".join(x for x in (self.surel, self.telepon) if x)


class JenisLibur(models.TextChoices):
    NASIONAL = "nasional", _("Libur nasional")
    CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
    DAERAH = "daerah", _("Libur daerah")


class HariLibur(models.Model):
    """A day without office service besides Saturday and Sunday (seeded with national holidays; admins add
    cuti bersama and regional ones). Deadlines skip these days."""

    tanggal = models.DateField(_("tanggal"), unique=True)
    nama = models.CharField(_("nama"), max_length=120)
    jenis = models.CharField(_("jenis"), max_length=12, choices=JenisLibur.choices, default=JenisLibur.NASIONAL)

    class Meta:
        ordering = ["tanggal"]
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")

    def __str__(self) -> str:
        return f"{self.tanggal:%Y-%m-%d} {self.nama}"


class TemplatBalasan(models.Model):
    """A reply an operator starts from (for one category, or all when empty); placeholders such as {kode} and
    {desa} are filled as plain text (reports/services/templat.py)."""

    judul = models.CharField(_("judul templat"), max_length=80)
    teks = models.TextField(_("teks"), max_length=4000)
    kategori = models.ForeignKey(
        KategoriPengaduan,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="templat",
        verbose_name=_("kategori"),
        help_text=_("kosongkan untuk semua kategori"),
    )
    aktif = models.BooleanField(_("aktif"), default=True)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=100)

    class Meta:
        ordering = ["urutan", "judul"]
        verbose_name = _("templat balasan")
        verbose_name_plural = _("templat balasan")

    def __str__(self) -> str:
        return self.judul

    def clean(self) -> None:
        from reports.services.templat import periksa_templat

        periksa_templat(self.teks)
