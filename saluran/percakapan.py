"""The report conversation: location (or a desa name) → photo (optional) → text with a #hashtag → the complaint,
created by the same submission service as the web form, and a confirmation with its tracking code. Each inbound
message is handled exactly once (PesanMasuk is unique per channel and message id); replies go through the outbox."""

from __future__ import annotations

import datetime
import uuid

from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from reports.services.lapor import AtasNama, pengaduan_buat
from saluran.keluar import antrekan_pesan, url_lacak
from saluran.klien import BukanFoto, GalatKirim, unduh_foto
from saluran.masuk import Pesan
from saluran.models import Identitas, Langkah, PengaduanSaluran, Percakapan, PesanMasuk
from saluran.tagar import daftar_tagar, kategori_dari_tagar, tagar_dalam
from sig.foto import FotoError, bersihkan_foto
from sig.penyimpanan import penyimpanan_privat
from sig.teks import banyak_baris, satu_baris
from sig.wilayah.models import Desa
from sig.wilayah.selectors import desa_di_lokasi

NAMA_SALURAN = {"whatsapp": "WhatsApp", "telegram": "Telegram"}
BERHENTI = {"STOP", "/STOP", "BERHENTI"}
MULAI = {"MULAI", "START", "/START"}
BATAL = {"BATAL", "/BATAL", "ULANG"}
LEWATI = {"LEWATI", "SKIP", "/LEWATI"}
KEDALUWARSA = datetime.timedelta(days=7)

SAPA = (
    "Halo! Ini layanan pengaduan SIG Desa.\n"
    "1. Kirim lokasi masalah (lampiran › Lokasi) atau ketik nama desanya.\n"
    "2. Kirim foto (boleh dilewati: ketik LEWATI).\n"
    "3. Ceritakan masalahnya dengan tagar kategori, mis. #banjir atau #jalanrusak.\n"
    "Ketik BATAL untuk mengulang, STOP untuk berhenti menerima pesan."
)


def terima(p: Pesan) -> bool:
    """Handle one inbound message; False when this message id was handled before (a replayed webhook)."""
    with transaction.atomic():
        identitas, _ = Identitas.objects.get_or_create(
            saluran=p.saluran, id_eksternal=p.pengirim, defaults={"nama": satu_baris(p.nama)[:120]}
        )
        identitas = Identitas.objects.select_for_update().get(pk=identitas.pk)  # one message of a person at a time
        try:
            with transaction.atomic():
                PesanMasuk.objects.create(saluran=p.saluran, id_pesan=p.id_pesan, identitas=identitas, jenis=p.jenis)
        except IntegrityError:
            return False
        _proses(identitas, p)
    return True


def _balas(identitas: Identitas, teks: str) -> None:
    antrekan_pesan(identitas, teks)


def _reset(c: Percakapan) -> None:
    _hapus_foto(c)
    c.langkah, c.lon, c.lat, c.desa_nama, c.foto = Langkah.LOKASI, None, None, "", ""
    c.save()


def _hapus_foto(c: Percakapan) -> None:
    if c.foto:
        name = c.foto
        transaction.on_commit(lambda: penyimpanan_privat().delete(name))


def _proses(identitas: Identitas, p: Pesan) -> None:
    kata = satu_baris(p.teks).upper() if p.jenis == "teks" else ""
    c, _ = Percakapan.objects.get_or_create(identitas=identitas)
    if kata in BERHENTI:  # opt out: nothing is sent any more, not even a confirmation
        identitas.berhenti = True
        identitas.save(update_fields=["berhenti"])
        _reset(c)
        return
    if kata in MULAI:
        identitas.berhenti = False
        identitas.save(update_fields=["berhenti"])
        _balas(identitas, SAPA)
        return
    if identitas.berhenti:
        return  # opted out: the message is logged, nothing is answered
    nama = satu_baris(p.nama)[:120]
    if nama and nama != identitas.nama:
        identitas.nama = nama
        identitas.save(update_fields=["nama"])
    if kata in BATAL:
        _reset(c)
        _balas(identitas, "Laporan dibatalkan.\n\n" + SAPA)
    elif p.jenis == "lokasi":
        _lokasi(identitas, c, p.lon, p.lat)
    elif c.langkah == Langkah.LOKASI:
        _langkah_lokasi(identitas, c, p)
    elif p.jenis == "foto":
        _foto(identitas, c, p)
    elif p.jenis == "teks" and kata in LEWATI:
        c.langkah = Langkah.TEKS
        c.save()
        _balas(identitas, "Baik, tanpa foto. " + _minta_teks())
    elif p.jenis == "teks":
        _teks(identitas, c, p, p.teks)
    else:
        _balas(identitas, "Pesan jenis ini tidak dapat diproses. Kirim foto (JPEG, PNG, WebP) atau teks.")


def nama_desa(nama: str) -> str:
    return nama if nama.lower().startswith("desa ") else f"Desa {nama}"


def _minta_teks() -> str:
    return "Sekarang ceritakan masalahnya dan sertakan tagar kategori, mis. #banjir atau #jalanrusak."


def _lokasi(identitas: Identitas, c: Percakapan, lon: float | None, lat: float | None) -> None:
    desa = desa_di_lokasi(Point(lon, lat, srid=4326)) if lon is not None and lat is not None else None
    if desa is None:
        _balas(identitas, "Lokasi itu di luar wilayah desa yang dilayani SIG Desa ini. Kirim lokasi lain.")
        return
    c.lon, c.lat, c.desa_nama = lon, lat, desa.nama[:100]
    if c.langkah == Langkah.LOKASI:
        c.langkah = Langkah.FOTO
        lanjut = "Sekarang kirim foto masalahnya, atau ketik LEWATI bila tidak ada foto."
    else:
        lanjut = "Lokasi diperbarui."
    c.save()
    _balas(identitas, f"Lokasi diterima: {nama_desa(desa.nama)}. {lanjut}")


def _langkah_lokasi(identitas: Identitas, c: Percakapan, p: Pesan) -> None:
    teks = satu_baris(p.teks)
    if p.jenis != "teks" or not teks or tagar_dalam(teks):
        _balas(identitas, "Kirim lokasi masalah dulu (lampiran › Lokasi) atau ketik nama desanya.\n\n" + SAPA)
        return
    nama = (teks[5:].strip() if teks.lower().startswith("desa ") else teks)[:100]
    cocok = list(Desa.objects.filter(Q(nama__iexact=nama) | Q(nama__iexact=teks[:100]), batas__isnull=False)[:2])
    if len(cocok) != 1:
        alasan = "Ada beberapa desa bernama itu" if cocok else f"Desa «{nama[:100]}» tidak dikenal"
        _balas(identitas, f"{alasan}. Kirim lokasi masalah (lampiran › Lokasi) atau ketik nama desa yang lain.")
        return
    batas = cocok[0].batas
    if batas is None:  # excluded by the query; keeps the type checker sure
        return
    titik = batas.point_on_surface
    titik.transform(4326)
    _lokasi(identitas, c, titik.x, titik.y)


def _foto(identitas: Identitas, c: Percakapan, p: Pesan) -> None:
    try:
        bersih = bersihkan_foto(unduh_foto(p.saluran, p.media_id))
    except (BukanFoto, FotoError) as exc:
        _balas(identitas, f"Foto tidak diterima: {exc} Kirim foto lain atau ketik LEWATI.")
        return
    except GalatKirim:
        _balas(identitas, f"Foto tidak dapat diambil dari {NAMA_SALURAN[p.saluran]}. Kirim ulang atau ketik LEWATI.")
        return
    _hapus_foto(c)
    c.foto = penyimpanan_privat().save(f"saluran/sementara/{uuid.uuid4().hex}.jpg", ContentFile(bersih.data))
    try:
        c.langkah = Langkah.TEKS
        c.save()
        if tagar_dalam(p.teks):
            _teks(identitas, c, p, p.teks)
        else:
            _balas(identitas, "Foto diterima. " + _minta_teks())
    except BaseException:
        penyimpanan_privat().delete(c.foto)  # the conversation rolls back: the file must not outlive it
        raise


def _judul(teks: str, cadangan: str) -> str:
    polos = satu_baris(" ".join(w for w in teks.split() if not w.startswith("#")))
    kalimat = polos.split(". ")[0]
    if len(kalimat) > 80:
        kalimat = kalimat[:80].rsplit(" ", 1)[0] + "…"
    return kalimat if len(kalimat) >= 5 else cadangan


def _teks(identitas: Identitas, c: Percakapan, p: Pesan, teks: str) -> None:
    tags = tagar_dalam(teks)
    if not tags:
        _balas(identitas, f"Sertakan satu tagar kategori. Pilihan: {daftar_tagar()}.")
        return
    kategori = kategori_dari_tagar(tags)
    if kategori is None:
        _balas(identitas, f"Tagar #{tags[0][:40]} tidak dikenal. Pilihan: {daftar_tagar()}.")
        return
    foto = [ContentFile(penyimpanan_privat().open(c.foto).read(), name="foto.jpg")] if c.foto else []
    asal = AtasNama(
        sumber=p.saluran,
        kunci=f"{p.saluran}:{identitas.id_eksternal}",
        akun=identitas.pengguna,
        nama=identitas.nama,
        telepon=f"+{identitas.id_eksternal}" if p.saluran == "whatsapp" else "",
    )
    assert c.lon is not None and c.lat is not None  # set: the conversation is past the location step
    try:
        with transaction.atomic():
            hasil = pengaduan_buat(
                kategori=kategori.kode,
                judul=_judul(teks, kategori.nama_id),
                deskripsi=banyak_baris(teks),
                lon=c.lon,
                lat=c.lat,
                by=identitas.pengguna,
                foto=foto,
                atas_nama=asal,
            )
            PengaduanSaluran.objects.create(pengaduan=hasil.pengaduan, identitas=identitas, id_pesan=p.id_pesan)
    except (ValidationError, PermissionDenied) as exc:
        alasan = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        _balas(identitas, f"Pengaduan belum tercatat: {alasan}")
        return
    _reset(c)
    pg = hasil.pengaduan
    tambahan = "\n".join(hasil.notices[1:])
    _balas(
        identitas,
        f"Terima kasih! Pengaduan Anda tercatat dengan kode lacak {pg.kode_lacak}.\n"
        f"Kategori: {kategori.nama_id} · {nama_desa(pg.desa.nama)}\n"
        + (f"{tambahan}\n" if tambahan else "")
        + f"Pantau di {url_lacak(pg)}\n"
        "Kabar perubahan status akan dikirim di sini. Ketik STOP untuk berhenti menerima pesan.",
    )


def bersihkan_percakapan_lama() -> int:
    """Forget conversations untouched for a week (their unsent photos first)."""
    lama = Percakapan.objects.filter(diubah__lt=timezone.now() - KEDALUWARSA)
    for name in lama.exclude(foto="").values_list("foto", flat=True):
        penyimpanan_privat().delete(name)
    return lama.delete()[0]
