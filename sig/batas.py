"""Counters for abuse limits (prints, analyses) in the shared cache: one rule, every process sees the same count."""

from __future__ import annotations

from django.core.cache import caches


def lewat_batas(kunci: str, batas: int, detik: int = 3600) -> bool:
    """Count one more use of `kunci` in a window of `detik` seconds; True when this use is over `batas`."""
    cache = caches["batas"]
    key = f"batas:{kunci}"
    cache.add(key, 0, timeout=detik)
    try:
        return cache.incr(key) > batas
    except ValueError:  # expired between add and incr: this is the first use of a new window
        cache.add(key, 1, timeout=detik)
        return batas < 1
