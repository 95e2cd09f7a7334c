"""The complaint workflow: who may move a complaint where, replies, assignment, merging, redaction, and the
reporter's confirmation, reopening and rating. Every change checks the version the user saw (optimistic lock)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from reports.models import TERBUKA, TERTUTUP, Blokir, Instansi, JenisTanggapan, Pengaduan, StatusPengaduan, Tanggapan
from reports.services import KonflikVersi
from reports.services.pemberitahuan import beritahu_balasan, beritahu_pelanggan, beritahu_status
from reports.services.privasi import data_pribadi
from sig.akun import scope
from sig.akun.models import AnyUser, Peran, User
from sig.akun.scope import Action
from sig.teks import banyak_baris, satu_baris

S = StatusPengaduan
# Staff transitions; ditolak and duplikat always carry a reason (duplikat also its original, via merge);
# diteruskan always names its agency (pengaduan_teruskan, from any open status).
TRANSISI_STAF: dict[str, set[str]] = {
    S.BARU: {S.DIVERIFIKASI, S.DIPROSES, S.DITOLAK},
    S.DIVERIFIKASI: {S.DIPROSES, S.SELESAI, S.DITOLAK},
    S.DIPROSES: {S.SELESAI, S.DITOLAK},
    S.SELESAI: {S.DIPROSES},
    S.DITOLAK: {S.DIVERIFIKASI},
    S.DUPLIKAT: {S.DIVERIFIKASI},
    S.DITERUSKAN: {S.DIVERIFIKASI, S.DIPROSES},
}
PERLU_ALASAN = {S.DITOLAK}


def boleh_tangani(user: AnyUser, pengaduan: Pengaduan) -> bool:
    """Operators of its desa, admins of its kecamatan and superadmins handle a complaint; planners only read."""
    return scope.can(user, Action.MODERATE, pengaduan) and getattr(user, "peran", None) != Peran.PERENCANA


def _wajib_petugas(user: AnyUser, pengaduan: Pengaduan) -> None:
    if not boleh_tangani(user, pengaduan):
        raise PermissionDenied("Anda tidak berwenang menangani pengaduan di desa ini.")


def _perbarui(pengaduan: Pengaduan, versi: int | None, **fields: Any) -> None:
    """Write `fields` only if nobody changed the complaint since version `versi`; else KonflikVersi."""
    qs = Pengaduan.objects.filter(pk=pengaduan.pk)
    if versi is not None:
        qs = qs.filter(versi=versi)
    now = timezone.now()
    if not qs.update(versi=F("versi") + 1, diubah=now, **fields):
        sekarang = Pengaduan.objects.filter(pk=pengaduan.pk).values_list("status", flat=True).first()
        raise KonflikVersi(
            "Pengaduan ini baru saja diubah oleh petugas lain"
            + (f" (status sekarang: {S(sekarang).label})" if sekarang else "")
            + ". Muat ulang halaman lalu ulangi bila masih perlu."
        )
    pengaduan.refresh_from_db()


def _catat(pengaduan: Pengaduan, by: User, jenis: str, teks: str = "", publik: bool = True, **kw: Any) -> Tanggapan:
    return Tanggapan.objects.create(
        pengaduan=pengaduan,
        jenis=jenis,
        teks=teks,
        publik=publik,
        oleh=by,
        oleh_staf=getattr(by, "is_staff", False) and by.pk != pengaduan.pelapor_id,
        **kw,
    )


def _tanggapan_pertama(pengaduan: Pengaduan) -> dict[str, Any]:
    return {} if pengaduan.ditanggapi_pada else {"ditanggapi_pada": timezone.now()}


@transaction.atomic
def pengaduan_ubah_status(
    *, pengaduan: Pengaduan, ke: str, by: User, versi: int | None, teks: str = "", publik: bool = True
) -> Pengaduan:
    """Move a complaint along the workflow; the note (if any) joins the public timeline."""
    _wajib_petugas(by, pengaduan)
    if ke not in S.values:
        raise ValidationError({"ke": "Status tujuan tidak dikenal."})
    if ke == S.DUPLIKAT:
        raise ValidationError({"ke": "Tandai duplikat lewat 'Gabungkan ke pengaduan lain'."})
    if ke == S.DITERUSKAN:
        raise ValidationError({"ke": "Teruskan lewat 'Teruskan ke instansi lain' dan pilih instansinya."})
    dari = pengaduan.status
    if ke not in TRANSISI_STAF.get(dari, set()):
        raise ValidationError({"ke": f"Status {S(dari).label} tidak dapat diubah menjadi {S(ke).label}."})
    teks = (teks or "").strip()
    if ke in PERLU_ALASAN and not teks:
        raise ValidationError({"teks": "Tuliskan alasan penolakan untuk pelapor."})
    fields: dict[str, Any] = {"status": ke, **_tanggapan_pertama(pengaduan)}
    if ke in PERLU_ALASAN:
        fields["alasan"] = teks
    if ke == S.SELESAI:
        fields |= {"selesai_pada": timezone.now(), "dikonfirmasi_pada": None}
    if dari == S.SELESAI:
        fields["selesai_pada"] = None
    if dari == S.DITERUSKAN:
        fields["instansi"] = None  # back with the desa; the timeline keeps where it had gone
    _perbarui(pengaduan, versi, **fields)
    _catat(pengaduan, by, JenisTanggapan.STATUS, teks, publik, dari_status=dari, ke_status=ke)
    beritahu_status(pengaduan, str(S(dari).label), teks if publik else "")
    return pengaduan


def instansi_untuk(pengaduan: Pengaduan) -> Any:
    """Active agencies a complaint may go to: those of its kecamatan and those serving everywhere."""
    kecamatan_id = pengaduan.desa.kecamatan_id
    return Instansi.objects.filter(aktif=True).filter(Q(kecamatan__isnull=True) | Q(kecamatan_id=kecamatan_id))


def _instansi_tujuan(pengaduan: Pengaduan, instansi_id: Any) -> Instansi:
    if instansi_id in (None, ""):
        raise ValidationError({"instansi": "Pilih instansi tujuan penerusan."})
    nilai = str(getattr(instansi_id, "pk", instansi_id))
    instansi = Instansi.objects.filter(pk=int(nilai)).first() if nilai.isdecimal() and len(nilai) < 10 else None
    if instansi is None:
        raise ValidationError({"instansi": "Instansi tujuan tidak dikenal."})
    if not instansi.aktif:
        raise ValidationError({"instansi": f"Instansi {instansi.nama} tidak aktif lagi; pilih instansi lain."})
    if instansi.kecamatan_id not in (None, pengaduan.desa.kecamatan_id):
        raise ValidationError({"instansi": f"Instansi {instansi.nama} tidak melayani kecamatan pengaduan ini."})
    return instansi


@transaction.atomic
def pengaduan_teruskan(
    *, pengaduan: Pengaduan, instansi_id: Any, by: User, versi: int | None, teks: str = ""
) -> Pengaduan:
    """Forward an open complaint to another agency: the agency's name joins the public timeline and the
    reporter is told; its contact stays in the back office. Not a refusal: the desa answered by forwarding."""
    _wajib_petugas(by, pengaduan)
    instansi = _instansi_tujuan(pengaduan, instansi_id)
    dari = pengaduan.status
    if dari not in TERBUKA:
        raise ValidationError({"ke": f"Pengaduan berstatus {S(dari).label} tidak dapat diteruskan."})
    catatan = f"Diteruskan ke {instansi.nama}."
    teks = banyak_baris(teks)
    if teks:
        catatan = f"{catatan}\n{teks}"
    _perbarui(pengaduan, versi, status=S.DITERUSKAN, instansi=instansi, **_tanggapan_pertama(pengaduan))
    _catat(pengaduan, by, JenisTanggapan.STATUS, catatan, dari_status=dari, ke_status=S.DITERUSKAN)
    beritahu_status(pengaduan, str(S(dari).label), catatan)
    return pengaduan


@transaction.atomic
def pengaduan_balas(*, pengaduan: Pengaduan, teks: str, by: User, publik: bool = True) -> Tanggapan:
    """A staff reply (public, e-mailed to the reporter) or an internal note."""
    _wajib_petugas(by, pengaduan)
    teks = (teks or "").strip()
    if not teks:
        raise ValidationError({"teks": "Balasan tidak boleh kosong."})
    if publik:
        _perbarui(pengaduan, None, **_tanggapan_pertama(pengaduan))
    tanggapan = _catat(pengaduan, by, JenisTanggapan.BALASAN if publik else JenisTanggapan.CATATAN, teks, publik)
    if publik:
        beritahu_balasan(pengaduan, teks)
    return tanggapan


@transaction.atomic
def pengaduan_tugaskan(*, pengaduan: Pengaduan, petugas: User | None, by: User, versi: int | None) -> Pengaduan:
    _wajib_petugas(by, pengaduan)
    if petugas is not None and not boleh_tangani(petugas, pengaduan):
        raise ValidationError({"petugas": "Petugas itu tidak menangani desa pengaduan ini."})
    _perbarui(pengaduan, versi, petugas=petugas)
    nama = petugas.get_full_name() if petugas else "—"
    _catat(pengaduan, by, JenisTanggapan.CATATAN, f"Ditugaskan ke {nama}.", publik=False)
    return pengaduan


@transaction.atomic
def pengaduan_gabung(*, pengaduan: Pengaduan, induk: Pengaduan, by: User, versi: int | None) -> Pengaduan:
    """Mark as duplicate of `induk`: its supporters (and the reporter) count for the original."""
    _wajib_petugas(by, pengaduan)
    _wajib_petugas(by, induk)
    if induk.pk == pengaduan.pk or induk.duplikat_dari_id == pengaduan.pk:
        raise ValidationError({"induk": "Pilih pengaduan lain sebagai pengaduan utama."})
    if induk.status == S.DUPLIKAT:
        raise ValidationError({"induk": f"{induk.kode_lacak} sendiri duplikat; gabungkan ke pengaduan utamanya."})
    dari = pengaduan.status
    alasan = f"Sama dengan pengaduan {induk.kode_lacak}."
    _perbarui(pengaduan, versi, status=S.DUPLIKAT, duplikat_dari=induk, alasan=alasan, **_tanggapan_pertama(pengaduan))
    Pengaduan.objects.filter(pk=induk.pk).update(dukungan=F("dukungan") + pengaduan.dukungan + 1)
    _catat(pengaduan, by, JenisTanggapan.STATUS, alasan, dari_status=dari, ke_status=S.DUPLIKAT)
    beritahu_status(pengaduan, str(S(dari).label), alasan)
    return pengaduan


@transaction.atomic
def pengaduan_sunting(
    *, pengaduan: Pengaduan, judul: str, deskripsi: str, by: User, versi: int | None, tersembunyi: bool
) -> Pengaduan:
    """Redact the public text (the reporter's original is kept) and publish or hide the complaint."""
    _wajib_petugas(by, pengaduan)
    judul, deskripsi = satu_baris(judul), banyak_baris(deskripsi)
    if not judul or not deskripsi:
        raise ValidationError("Judul dan uraian tidak boleh kosong.")
    sisa = data_pribadi(judul, deskripsi)
    if sisa and not tersembunyi:
        raise ValidationError(f"Teks masih memuat {' dan '.join(sisa)}; samarkan dulu sebelum menerbitkan.")
    sebelumnya = pengaduan.is_public
    _perbarui(pengaduan, versi, judul=judul, deskripsi=deskripsi, tersembunyi=tersembunyi, perlu_sunting=bool(sisa))
    keadaan = "disembunyikan dari publik" if tersembunyi else "disunting dan tampil untuk publik"
    _catat(pengaduan, by, JenisTanggapan.CATATAN, f"Teks {keadaan}.", publik=False)
    if pengaduan.is_public and not sebelumnya:
        beritahu_pelanggan(pengaduan)
    return pengaduan


def _wajib_pelapor(by: User, pengaduan: Pengaduan) -> None:
    if not getattr(by, "is_authenticated", False) or pengaduan.pelapor_id != by.pk:
        raise PermissionDenied("Hanya pelapor yang dapat menanggapi penyelesaian pengaduan ini.")


def batas_buka_ulang(pengaduan: Pengaduan) -> Any:
    if pengaduan.selesai_pada is None:
        return None
    return pengaduan.selesai_pada + datetime.timedelta(days=settings.PENGADUAN_HARI_BUKA_ULANG)


@transaction.atomic
def pengaduan_konfirmasi(*, pengaduan: Pengaduan, selesai: bool, by: User, teks: str = "") -> Pengaduan:
    """The reporter answers 'sudah selesai?': yes confirms; no reopens (within 14 days of closing)."""
    _wajib_pelapor(by, pengaduan)
    if pengaduan.status != S.SELESAI:
        raise ValidationError("Pengaduan ini belum ditandai selesai.")
    batas = batas_buka_ulang(pengaduan)
    if batas is not None and timezone.now() > batas:
        raise ValidationError(
            f"Batas {settings.PENGADUAN_HARI_BUKA_ULANG} hari untuk menanggapi penyelesaian sudah lewat; "
            "kirim pengaduan baru bila masalah muncul lagi."
        )
    teks = (teks or "").strip()[:2000]
    if selesai:
        _perbarui(pengaduan, None, dikonfirmasi_pada=timezone.now())
        _catat(pengaduan, by, JenisTanggapan.WARGA, teks or "Pelapor mengonfirmasi masalah sudah selesai.")
    else:
        if not teks:
            raise ValidationError({"teks": "Ceritakan apa yang belum selesai."})
        _perbarui(pengaduan, None, status=S.DIPROSES, selesai_pada=None, dikonfirmasi_pada=None)
        _catat(pengaduan, by, JenisTanggapan.WARGA, teks, dari_status=S.SELESAI, ke_status=S.DIPROSES)
    return pengaduan


@transaction.atomic
def pengaduan_nilai(*, pengaduan: Pengaduan, nilai: int, by: User, komentar: str = "") -> Pengaduan:
    """Satisfaction rating (1–5) once the complaint is closed."""
    _wajib_pelapor(by, pengaduan)
    if pengaduan.status not in TERTUTUP:
        raise ValidationError("Penilaian dapat diberikan setelah pengaduan ditutup.")
    if not isinstance(nilai, int) or not 1 <= nilai <= 5:
        raise ValidationError({"nilai": "Nilai harus 1 sampai 5."})
    _perbarui(pengaduan, None, penilaian=nilai, komentar_penilaian=(komentar or "").strip()[:500])
    return pengaduan


BLOKIR_ALAMAT_JAM = 24
BLOKIR_ALAMAT_MAKS_JAM = 168


@transaction.atomic
def pelapor_blokir(*, pengaduan: Pengaduan, sasaran: str, by: User, jam: int | None = None) -> Blokir:
    """Stop a reporter from sending complaints and hide this one (internal timeline note).

    `sasaran` "akun" blocks the reporter's account (until lifted); "alamat" blocks the network address they
    reported from, for `jam` hours only: everyone behind that address (village Wi-Fi, a carrier's NAT) is
    blocked with them, so it is an explicit choice that always expires."""
    _wajib_petugas(by, pengaduan)
    alasan = f"Pengaduan {pengaduan.kode_lacak}"
    if sasaran == "akun":
        if pengaduan.pelapor_id is None:
            raise ValidationError({"sasaran": "Akun pelapor sudah tidak ada; pilih blokir alamat bila perlu."})
        blokir = Blokir.objects.create(pengguna_id=pengaduan.pelapor_id, alasan=alasan, oleh=by)
        catatan = "Akun pelapor diblokir dari pengiriman pengaduan."
    elif sasaran == "alamat":
        if not pengaduan.ip_hash:
            raise ValidationError({"sasaran": "Alamat jaringan pelapor tidak tercatat."})
        jam = jam or BLOKIR_ALAMAT_JAM
        if not 1 <= jam <= BLOKIR_ALAMAT_MAKS_JAM:
            raise ValidationError({"jam": f"Lama blokir alamat 1–{BLOKIR_ALAMAT_MAKS_JAM} jam."})
        sampai = timezone.now() + datetime.timedelta(hours=jam)
        blokir = Blokir.objects.create(ip_hash=pengaduan.ip_hash, sampai=sampai, alasan=alasan, oleh=by)
        catatan = f"Alamat jaringan pelapor diblokir selama {jam} jam (semua pengguna di jaringan itu ikut terblokir)."
    else:
        raise ValidationError({"sasaran": "Pilih blokir akun atau alamat."})
    _perbarui(pengaduan, None, tersembunyi=True)
    _catat(pengaduan, by, JenisTanggapan.CATATAN, catatan, publik=False)
    return blokir
