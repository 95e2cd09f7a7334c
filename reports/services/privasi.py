"""Personal data in public text: NIK (16 digits), Indonesian phone numbers and e-mail addresses are flagged
before publishing, whatever separators or digit forms hide them."""

from __future__ import annotations

import re
import unicodedata

# Separators people put between digits: spaces, dots, hyphens, slashes, brackets (at most 3 in a row).
_SEP = r"[\s.\-/()]{0,3}"
_NIK = re.compile(rf"(?<!\d)(?:\d{_SEP}){{15}}\d(?!\d)")
_TELEPON = re.compile(rf"(?<![\d+])\(?(?:\+\s?62|62|0){_SEP}8(?:{_SEP}\d){{7,11}}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+\s?(?:@|\[at\]|\(at\))\s?[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)


def _seragam(teks: str) -> str:
    """Digits of any script and full-width signs as plain ASCII, character for character (same positions)."""
    out = []
    for ch in teks:
        if ch.isdigit() and not ch.isascii():
            digit = unicodedata.digit(ch, None)
            out.append(str(digit) if digit is not None else ch)
        elif "\uff01" <= ch <= "\uff5e":  # full-width ASCII forms
            out.append(chr(ord(ch) - 0xFEE0))
        else:
            out.append(ch)
    return "".join(out)


def data_pribadi(*teks: str) -> list[str]:
    """Kinds of personal data found in the texts (empty when none)."""
    joined = _seragam("\n".join(t or "" for t in teks))
    found = []
    if _NIK.search(joined):
        found.append("NIK")
    if _TELEPON.search(joined):
        found.append("nomor telepon")
    if _EMAIL.search(joined):
        found.append("alamat e-mail")
    return found


def samarkan(teks: str) -> str:
    """The text with NIK, phone numbers and e-mail addresses masked (a suggestion for the operator's redaction)."""
    teks = _NIK.sub("[NIK disamarkan]", _seragam(teks or ""))
    teks = _TELEPON.sub("[nomor disamarkan]", teks)
    return _EMAIL.sub("[e-mail disamarkan]", teks)
