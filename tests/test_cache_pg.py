"""The shared PostgreSQL cache behaves like a Django cache, and its counters are atomic."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.core.cache import caches
from django.db import connections

from sig.batas import lewat_batas


@pytest.mark.django_db
def test_the_shared_cache_keeps_values_and_expiry():
    cache = caches["default"]
    cache.set("a", {"petak": b"\x1a\x00"}, timeout=60)
    assert cache.get("a") == {"petak": b"\x1a\x00"}
    assert cache.add("a", 1) is False and cache.add("b", 5) is True
    assert cache.incr("b", 2) == 7 and cache.get("b") == 7
    with pytest.raises(ValueError):
        cache.incr("a")  # not a number
    with pytest.raises(ValueError):
        cache.incr("tidak-ada")
    cache.set("kedaluwarsa", "x", timeout=0)
    assert cache.get("kedaluwarsa", "hilang") == "hilang" and cache.add("kedaluwarsa", "baru") is True
    cache.set("selamanya", True, timeout=None)
    assert cache.get("selamanya") is True and cache.touch("selamanya", 30) is True
    assert cache.delete("a") is True and cache.get("a") is None
    caches["batas"].set("b", 1)
    cache.clear()  # only this cache's keys
    assert cache.get("b") is None and caches["batas"].get("b") == 1


@pytest.mark.django_db(transaction=True)
def test_a_limit_holds_across_concurrent_connections():
    hasil: list[bool] = []
    kunci = f"uji-serentak-{uuid.uuid4().hex}"  # threads get their own cache objects (default prefix)

    def pakai() -> None:
        try:
            for _ in range(10):
                hasil.append(lewat_batas(kunci, 25))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pakai) for _ in range(4)]  # each thread: its own connection
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(hasil) == 40 and hasil.count(False) == 25
