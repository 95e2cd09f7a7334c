"""Submitting a complaint: who may, how often, where; photos cleaned first; exactly once per client id."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from reports.models import SUMBER_PETUGAS, SUMBER_SALURAN, Dukungan, FotoPengaduan, Pengaduan
from reports.services import BatasTerlampaui
from reports.services.alur import boleh_tangani
from reports.services.pemberitahuan import beritahu_baru
from reports.services.privasi import data_pribadi
from sig.akun.models import STAFF_ROLES, AnyUser, User
from sig.foto import MAX_BYTES, FotoBersih, FotoError, bersihkan_foto
from sig.teks import banyak_baris, satu_baris

MAKS_FOTO = 4
SUDAH_DITERIMA = "Pengaduan ini sudah diterima sebelumnya."


@dataclass
class HasilLapor:
    pengaduan: Pengaduan
    baru: bool  # False: the same client id was already stored (a replayed offline submission)
    notices: list[str] = field(default_factory=list)


def hash_ip(ip: str | None) -> str:
    """Addresses are kept only as a keyed hash: enough to rate-limit and block, not to identify."""
    if not ip:
        return ""
    return hashlib.sha256(f"{settings.SECRET_KEY}|{ip}".encode()).hexdigest()


PESAN_VERIFIKASI = "Verifikasi email Anda terlebih dahulu untuk mengirim pengaduan."
PESAN_BLOKIR = "Akun atau jaringan Anda diblokir dari pengiriman pengaduan. Hubungi kantor desa."

# Who may submit: a verified e-mail (staff always) and no current block on the account or the address.
SYARAT_PELAPOR = """
  %(staf)s OR EXISTS (SELECT 1 FROM account_emailaddress WHERE user_id = %(user)s AND verified),
  EXISTS (SELECT 1 FROM reports_blokir WHERE (pengguna_id = %(user)s OR (ip_hash <> '' AND ip_hash = %(ip)s))
          AND (sampai IS NULL OR sampai > now()))"""

# Every precondition of a submission in one round trip, run after the per-submitter lock so that the counts and
# the client-id lookup see every earlier submission of this citizen.
PRASYARAT = f"""
SELECT {SYARAT_PELAPOR},
  (SELECT id FROM reports_pengaduan WHERE pelapor_id = %(user)s AND client_id = %(cid)s),
  (SELECT count(*) FROM reports_pengaduan WHERE pelapor_id = %(user)s AND dibuat >= now() - interval '1 hour'),
  (SELECT count(*) FROM reports_pengaduan WHERE %(ip)s <> '' AND ip_hash = %(ip)s
          AND dibuat >= now() - interval '1 hour'),
  wilayah_desa_berlaku(ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326)),  -- the boundaries in force
  EXISTS (SELECT 1 FROM reports_kategoripengaduan WHERE kode = %(kat)s AND aktif)
"""  # noqa: S608 (constant SQL)


def _params_pelapor(user: User | None, ip_hash: str, tanpa_verifikasi: bool = False) -> dict[str, Any]:
    staf = tanpa_verifikasi or getattr(user, "peran", None) in STAFF_ROLES
    return {"staf": staf, "user": getattr(user, "pk", None), "ip": ip_hash}


@dataclass(frozen=True)
class AtasNama:
    """A reporter without a signed-in account. Channel (`sumber` whatsapp/telegram): `kunci` names the identity
    the channel verified (e.g. 'whatsapp:6281…'); it is hashed like an address, so the per-account hourly limit
    and address blocks apply to it; `akun` is the account it is linked to (the complaint is then theirs).
    Walk-in (`sumber` petugas): recorded by `by`, staff of the complaint's desa, with optional name and phone."""

    sumber: str
    kunci: str = ""
    akun: User | None = None
    nama: str = ""
    telepon: str = ""


@dataclass(frozen=True)
class _Pengirim:
    pelapor: User | None
    petugas: User | None
    ip_hash: str
    kunci: int  # advisory lock key: submissions of one submitter are serialised
    tanpa_verifikasi: bool
    batas_ip: int
    nama: str = ""
    telepon: str = ""


def _kunci_int(teks: str) -> int:
    return int.from_bytes(hashlib.sha256(teks.encode()).digest()[:4], "big", signed=True)


def _telepon(teks: str) -> str:
    teks = satu_baris(teks)
    digits = sum(ch.isdigit() for ch in teks)
    if teks and (len(teks) > 20 or digits < 8 or any(not (ch.isdigit() or ch in "+ -()") for ch in teks)):
        raise ValidationError({"pelapor_telepon": "Nomor telepon tidak valid (8–20 angka, boleh diawali +)."})
    return teks


def _pengirim(by: AnyUser | None, ip: str | None, atas_nama: AtasNama | None) -> _Pengirim:
    """Who submits: a signed-in citizen, a channel identity, or staff recording a walk-in."""
    if atas_nama is None:
        akun = _wajib_masuk(by)
        return _Pengirim(akun, None, hash_ip(ip), akun.pk, False, settings.PENGADUAN_BATAS_IP_PER_JAM)
    if atas_nama.sumber == SUMBER_PETUGAS:
        if by is None or not by.is_staff:
            raise PermissionDenied("Hanya petugas desa yang dapat mencatat pengaduan atas nama warga.")
        nama = satu_baris(atas_nama.nama)[:120]
        return _Pengirim(None, by, "", by.pk, True, 0, nama, _telepon(atas_nama.telepon))
    if atas_nama.sumber in SUMBER_SALURAN and atas_nama.kunci:
        return _Pengirim(
            atas_nama.akun,
            None,
            hash_ip(atas_nama.kunci),
            _kunci_int(atas_nama.kunci),
            True,
            settings.PENGADUAN_BATAS_AKUN_PER_JAM,
            satu_baris(atas_nama.nama)[:120],
            _telepon(atas_nama.telepon),
        )
    raise ValueError(f"sumber tanpa akun tidak dikenal: {atas_nama.sumber}")


def _tolak_pelapor(verified: bool, blocked: bool) -> None:
    if not verified:
        raise PermissionDenied(PESAN_VERIFIKASI)
    if blocked:
        raise PermissionDenied(PESAN_BLOKIR)


def _wajib_masuk(user: AnyUser | None) -> User:
    """The signed-in account behind `user`; anonymous visitors are refused."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied("Masuk dengan akun warga untuk mengirim pengaduan.")
    return user


def boleh_melapor(user: AnyUser | None, ip_hash: str = "") -> None:
    """Raise PermissionDenied unless `user` may submit complaints now (signed in, verified, not blocked)."""
    akun = _wajib_masuk(user)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {SYARAT_PELAPOR}", _params_pelapor(akun, ip_hash))
        _tolak_pelapor(*cursor.fetchone())


def _periksa(*, oleh: _Pengirim, client_id: uuid.UUID | None, lon: float, lat: float, kategori: str) -> Any:
    """Lock this submitter, check everything at once; returns (id of the same earlier submission, desa id)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('pengaduan-pelapor'), %s)", [oleh.kunci])
        params = {
            **_params_pelapor(oleh.pelapor, oleh.ip_hash, oleh.tanpa_verifikasi),
            "cid": client_id,
            "lon": lon,
            "lat": lat,
            "kat": kategori,
        }
        cursor.execute(PRASYARAT, params)
        verified, blocked, existing, per_akun, per_ip, desa_id, kategori_ok = cursor.fetchone()
    _tolak_pelapor(verified, blocked)
    if existing:
        return existing, desa_id
    if per_akun >= settings.PENGADUAN_BATAS_AKUN_PER_JAM:
        raise BatasTerlampaui(
            f"Batas {settings.PENGADUAN_BATAS_AKUN_PER_JAM} pengaduan per jam untuk satu akun tercapai. "
            "Coba lagi nanti."
        )
    if oleh.batas_ip and per_ip >= oleh.batas_ip:
        asal = "nomor ini" if oleh.tanpa_verifikasi else "jaringan ini"
        raise BatasTerlampaui(f"Terlalu banyak pengaduan dari {asal} dalam satu jam. Coba lagi nanti.")
    if not kategori_ok:
        raise ValidationError({"kategori": "Pilih kategori pengaduan yang tersedia."})
    if desa_id is None:
        raise ValidationError({"lokasi": "Lokasi berada di luar wilayah desa yang dilayani SIG Desa ini."})
    if oleh.petugas is not None and not boleh_tangani(oleh.petugas, Pengaduan(desa_id=desa_id)):
        raise PermissionDenied("Anda hanya dapat mencatat pengaduan untuk desa yang Anda tangani.")
    return None, desa_id


def _bersihkan_semua(foto: list[Any]) -> list[FotoBersih]:
    if len(foto) > MAKS_FOTO:
        raise ValidationError({"foto": f"Paling banyak {MAKS_FOTO} foto untuk satu pengaduan."})
    hasil = []
    for berkas in foto:
        if getattr(berkas, "size", 0) > MAX_BYTES:
            raise ValidationError({"foto": f"Foto {berkas.name} terlalu besar; batasnya 12 MB."})
        try:
            hasil.append(bersihkan_foto(berkas.read(MAX_BYTES + 1)))
        except FotoError as exc:
            raise ValidationError({"foto": f"{getattr(berkas, 'name', 'foto')}: {exc}"}) from exc
    return hasil


def _simpan_foto(pengaduan: Pengaduan, bersih: list[FotoBersih], ditulis: list[Any]) -> None:
    for foto in bersih:
        name = f"{uuid.uuid4().hex}.jpg"
        row = FotoPengaduan(pengaduan=pengaduan, lebar=foto.lebar, tinggi=foto.tinggi)
        row.berkas.save(name, ContentFile(foto.data), save=False)
        ditulis.append(row.berkas)
        row.thumbnail.save(name, ContentFile(foto.thumbnail), save=False)
        ditulis.append(row.thumbnail)
        row.save()


def pengaduan_buat(
    *,
    kategori: str,
    judul: str,
    deskripsi: str,
    lon: float,
    lat: float,
    by: AnyUser | None,
    foto: list[Any] | None = None,
    anonim: bool = False,
    client_id: uuid.UUID | None = None,
    ip: str | None = None,
    sumber: str = "web",
    bahasa: str | None = None,
    atas_nama: AtasNama | None = None,
) -> HasilLapor:
    """A citizen pins a complaint; the desa is the one the point lies in. Nothing is written on any error.
    The receipt e-mail goes out in `bahasa` (the language of the submitting page), once per stored complaint.
    With `atas_nama` the complaint comes from a channel identity or a walk-in recorded by staff `by`."""
    oleh = _pengirim(by, ip, atas_nama)
    if atas_nama is not None:
        sumber = atas_nama.sumber
    judul, deskripsi = satu_baris(judul), banyak_baris(deskripsi)
    errors = {}
    if not judul:
        errors["judul"] = "Judul wajib diisi."
    if len(deskripsi) < 10:
        errors["deskripsi"] = "Ceritakan masalahnya (paling sedikit 10 karakter)."
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        errors["lokasi"] = "Koordinat di luar rentang (bujur -180..180, lintang -90..90)."
    if errors:
        raise ValidationError(errors)
    bersih = _bersihkan_semua(list(foto or []))
    pribadi = data_pribadi(judul, deskripsi)
    ditulis: list[Any] = []
    try:
        with transaction.atomic():
            existing, desa_id = _periksa(oleh=oleh, client_id=client_id, lon=lon, lat=lat, kategori=kategori)
            if existing:
                return HasilLapor(Pengaduan.objects.get(pk=existing), baru=False, notices=[SUDAH_DITERIMA])
            p = Pengaduan.objects.create(
                desa_id=desa_id,
                kategori_id=kategori,
                judul=judul,
                deskripsi=deskripsi,
                lokasi=Point(lon, lat, srid=4326),
                pelapor=oleh.pelapor,
                pelapor_nama=oleh.nama,
                pelapor_telepon=oleh.telepon,
                dicatat_oleh=oleh.petugas,
                anonim=anonim,
                perlu_sunting=bool(pribadi),
                teks_asli={"judul": judul, "deskripsi": deskripsi},
                client_id=client_id,
                sumber=sumber,
                ip_hash=oleh.ip_hash,
            )
            _simpan_foto(p, bersih, ditulis)
            beritahu_baru(p, bahasa)
    except IntegrityError:
        _hapus(ditulis)
        lama = (
            Pengaduan.objects.filter(pelapor=oleh.pelapor, client_id=client_id).first()
            if client_id and oleh.pelapor
            else None
        )
        if lama is None:
            raise
        return HasilLapor(lama, baru=False, notices=[SUDAH_DITERIMA])
    except BaseException:
        _hapus(ditulis)
        raise
    notices = [f"Terima kasih! Pengaduan Anda tercatat dengan kode lacak {p.kode_lacak}."]
    if pribadi:
        notices.append(
            f"Teks Anda memuat {' dan '.join(pribadi)}; pengaduan tampil untuk publik setelah petugas menyamarkannya."
        )
    return HasilLapor(p, baru=True, notices=notices)


def _hapus(berkas: list[Any]) -> None:
    for f in berkas:
        f.storage.delete(f.name)


@transaction.atomic
def pengaduan_dukung(*, pengaduan: Pengaduan, by: AnyUser) -> bool:
    """'Saya juga mengalami ini': once per citizen; returns False when already supported."""
    boleh_melapor(by)
    akun = _wajib_masuk(by)
    if not pengaduan.is_public or not pengaduan.terbuka:
        raise ValidationError("Hanya pengaduan terbuka yang dapat didukung.")
    if pengaduan.pelapor_id == akun.pk:
        raise ValidationError("Anda adalah pelapor pengaduan ini.")
    _, dibuat = Dukungan.objects.get_or_create(pengaduan=pengaduan, pengguna=akun)
    if dibuat:
        Pengaduan.objects.filter(pk=pengaduan.pk).update(dukungan=F("dukungan") + 1)
    return dibuat
