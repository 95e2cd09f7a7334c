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
from django.db.models import F, Q
from django.utils import timezone

from reports.models import Blokir, Dukungan, FotoPengaduan, KategoriPengaduan, Pengaduan
from reports.services import BatasTerlampaui
from reports.services.kabar import kabar_baru
from reports.services.privasi import data_pribadi
from sig.akun.models import STAFF_ROLES
from sig.foto import MAX_BYTES, FotoBersih, FotoError, bersihkan_foto
from sig.wilayah.models import Desa

MAKS_FOTO = 4


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


def email_terverifikasi(user: Any) -> bool:
    from allauth.account.models import EmailAddress

    if user.peran in STAFF_ROLES:
        return True
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def boleh_melapor(user: Any, ip_hash: str = "") -> None:
    """Raise PermissionDenied unless `user` may submit complaints now."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Masuk dengan akun warga untuk mengirim pengaduan.")
    if not email_terverifikasi(user):
        raise PermissionDenied("Verifikasi email Anda terlebih dahulu untuk mengirim pengaduan.")
    now = timezone.now()
    target = Q(pengguna=user) | (Q(ip_hash=ip_hash) if ip_hash else Q(pk__in=[]))
    if Blokir.objects.filter(target).filter(Q(sampai__isnull=True) | Q(sampai__gt=now)).exists():
        raise PermissionDenied("Akun atau jaringan Anda diblokir dari pengiriman pengaduan. Hubungi kantor desa.")


def _cek_batas(user: Any, ip_hash: str) -> None:
    sejam = timezone.now() - timezone.timedelta(hours=1)
    if Pengaduan.objects.filter(pelapor=user, dibuat__gte=sejam).count() >= settings.PENGADUAN_BATAS_AKUN_PER_JAM:
        raise BatasTerlampaui(
            f"Batas {settings.PENGADUAN_BATAS_AKUN_PER_JAM} pengaduan per jam untuk satu akun tercapai. "
            "Coba lagi nanti."
        )
    if ip_hash and Pengaduan.objects.filter(ip_hash=ip_hash, dibuat__gte=sejam).count() >= (
        settings.PENGADUAN_BATAS_IP_PER_JAM
    ):
        raise BatasTerlampaui("Terlalu banyak pengaduan dari jaringan ini dalam satu jam. Coba lagi nanti.")


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


def _desa_dari(lon: float, lat: float) -> tuple[Point, Desa]:
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValidationError({"lokasi": "Koordinat di luar rentang (bujur -180..180, lintang -90..90)."})
    titik = Point(lon, lat, srid=4326)
    desa = Desa.objects.filter(batas__intersects=titik).order_by("kode").first()
    if desa is None:
        raise ValidationError({"lokasi": "Lokasi berada di luar wilayah desa yang dilayani SIG Desa ini."})
    return titik, desa


def pengaduan_buat(
    *,
    kategori: str,
    judul: str,
    deskripsi: str,
    lon: float,
    lat: float,
    by: Any,
    foto: list[Any] | None = None,
    anonim: bool = False,
    client_id: uuid.UUID | None = None,
    ip: str | None = None,
    sumber: str = "web",
) -> HasilLapor:
    """A citizen pins a complaint; the desa is the one the point lies in. Nothing is written on any error."""
    ip_hash = hash_ip(ip)
    boleh_melapor(by, ip_hash)
    if client_id is not None:
        lama = Pengaduan.objects.filter(pelapor=by, client_id=client_id).first()
        if lama is not None:
            return HasilLapor(lama, baru=False, notices=["Pengaduan ini sudah diterima sebelumnya."])
    judul, deskripsi = (judul or "").strip(), (deskripsi or "").strip()
    errors = {}
    if not judul:
        errors["judul"] = "Judul wajib diisi."
    if len(deskripsi) < 10:
        errors["deskripsi"] = "Ceritakan masalahnya (paling sedikit 10 karakter)."
    kat = KategoriPengaduan.objects.filter(kode=kategori, aktif=True).first()
    if kat is None:
        errors["kategori"] = "Pilih kategori pengaduan yang tersedia."
    if errors:
        raise ValidationError(errors)
    titik, desa = _desa_dari(lon, lat)
    bersih = _bersihkan_semua(list(foto or []))
    pribadi = data_pribadi(judul, deskripsi)
    ditulis: list[Any] = []
    try:
        with transaction.atomic():
            # One submitter at a time, so the hourly limit is exact under concurrent submissions.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext('pengaduan-pelapor'), %s)", [by.pk])
            if client_id is not None:
                lama = Pengaduan.objects.filter(pelapor=by, client_id=client_id).first()
                if lama is not None:
                    return HasilLapor(lama, baru=False, notices=["Pengaduan ini sudah diterima sebelumnya."])
            _cek_batas(by, ip_hash)
            p = Pengaduan.objects.create(
                desa=desa,
                kategori=kat,
                judul=judul,
                deskripsi=deskripsi,
                lokasi=titik,
                pelapor=by,
                anonim=anonim,
                perlu_sunting=bool(pribadi),
                teks_asli={"judul": judul, "deskripsi": deskripsi},
                client_id=client_id,
                sumber=sumber,
                ip_hash=ip_hash,
            )
            _simpan_foto(p, bersih, ditulis)
            p.desa = desa
            kabar_baru(p)
    except IntegrityError:
        _hapus(ditulis)
        lama = Pengaduan.objects.filter(pelapor=by, client_id=client_id).first() if client_id else None
        if lama is None:
            raise
        return HasilLapor(lama, baru=False, notices=["Pengaduan ini sudah diterima sebelumnya."])
    except BaseException:
        _hapus(ditulis)
        raise
    notices = [f"Terima kasih! Pengaduan Anda tercatat dengan kode lacak {p.kode_lacak}."]
    if pribadi:
        notices.append(
            f"Teks Anda memuat {' dan '.join(pribadi)}; pengaduan tampil untuk publik setelah petugas "
            "menyamarkannya."
        )
    return HasilLapor(p, baru=True, notices=notices)


def _hapus(berkas: list[Any]) -> None:
    for f in berkas:
        f.storage.delete(f.name)


@transaction.atomic
def pengaduan_dukung(*, pengaduan: Pengaduan, by: Any) -> bool:
    """'Saya juga mengalami ini': once per citizen; returns False when already supported."""
    boleh_melapor(by)
    if not pengaduan.is_public or not pengaduan.terbuka:
        raise ValidationError("Hanya pengaduan terbuka yang dapat didukung.")
    if pengaduan.pelapor_id == by.pk:
        raise ValidationError("Anda adalah pelapor pengaduan ini.")
    _, dibuat = Dukungan.objects.get_or_create(pengaduan=pengaduan, pengguna=by)
    if dibuat:
        Pengaduan.objects.filter(pk=pengaduan.pk).update(dukungan=F("dukungan") + 1)
    return dibuat
