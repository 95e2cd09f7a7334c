"""Personal data in public text: NIK (16 digits) and Indonesian phone numbers are flagged before publishing."""

from __future__ import annotations

import re

_NIK = re.compile(r"(?<!\d)(?:\d[\s.-]?){15}\d(?!\d)")
_TELEPON = re.compile(r"(?<![\d+])(?:\+62|62|0)[\s.-]?8(?:[\s.-]?\d){7,11}(?!\d)")


def data_pribadi(*teks: str) -> list[str]:
    """Kinds of personal data found in the texts (empty when none)."""
    found = []
    joined = "\n".join(t or "" for t in teks)
    if _NIK.search(joined):
        found.append("NIK")
    if _TELEPON.search(joined):
        found.append("nomor telepon")
    return found


def samarkan(teks: str) -> str:
    """The text with NIK and phone numbers masked (a suggestion for the operator's redaction)."""
    teks = _NIK.sub("[NIK disamarkan]", teks or "")
    return _TELEPON.sub("[nomor disamarkan]", teks)
