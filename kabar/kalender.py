"""Agenda as iCalendar (RFC 5545): one event, or a desa's feed that phone calendars subscribe to."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.utils import timezone

from kabar.models import Agenda
from sig.situs import url_mutlak


def _teks(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r", "").replace("\n", "\\n")


def _waktu(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _lipat(line: str) -> str:
    """Lines longer than 75 octets are folded (continuation lines start with a space)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts: list[str] = []
    start = 0
    while start < len(data):
        end = min(start + (75 if not parts else 74), len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # never split a UTF-8 character
            end -= 1
        parts.append(data[start:end].decode())
        start = end
    return "\r\n ".join(parts)


def _event(agenda: Agenda) -> list[str]:
    from kabar.isi import teks_polos

    lines = [
        "BEGIN:VEVENT",
        f"UID:{agenda.uid}@sigdesa",
        f"DTSTAMP:{_waktu(agenda.diubah or timezone.now())}",
        f"DTSTART:{_waktu(agenda.mulai)}",
        f"DTEND:{_waktu(agenda.selesai or agenda.mulai + timedelta(hours=2))}",
        f"SUMMARY:{_teks(agenda.judul)}",
        f"DESCRIPTION:{_teks(agenda.ringkasan or teks_polos(agenda.isi, 1000))}",
        f"URL:{url_mutlak(agenda.get_absolute_url())}",
        f"ORGANIZER;CN={_teks(agenda.pemilik)}:mailto:noreply@sigdesa.invalid",
    ]
    if agenda.tempat:
        lines.append(f"LOCATION:{_teks(agenda.tempat)}")
    if agenda.lokasi is not None:
        lines.append(f"GEO:{agenda.lokasi.y:.6f};{agenda.lokasi.x:.6f}")
    lines.append("END:VEVENT")
    return lines


def ical(agenda: Iterable[Agenda], nama: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//SIG Desa//Agenda//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_teks(nama)}",
        "X-WR-TIMEZONE:Asia/Jakarta",
    ]
    for item in agenda:
        lines += _event(item)
    lines.append("END:VCALENDAR")
    return "\r\n".join(_lipat(line) for line in lines) + "\r\n"
