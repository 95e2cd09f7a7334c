"""Benchmarks write their own figures into docs/performance.md: one block per benchmark, replaced on each run."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from _laporan import catat, tulis_blok


def test_a_run_replaces_its_own_block_and_keeps_the_prose(tmp_path, monkeypatch):
    monkeypatch.delenv("BENCH_TANPA_DOK", raising=False)
    doc = tmp_path / "performance.md"
    doc.write_text("# Performance\n\nProse that stays.\n")
    with catat("lapisan", doc):
        print("tiles 393.5/s  ours / reference 1.31x")
    first = doc.read_text()
    assert "Prose that stays." in first and "1.31x" in first and first.count("<!-- bench:lapisan -->") == 1
    tulis_blok("lapisan", "tiles 400.0/s  ours / reference 1.40x", doc)
    tulis_blok("cetak", "PDF 0.21x", doc)
    second = doc.read_text()
    assert "1.40x" in second and "1.31x" not in second and "PDF 0.21x" in second
    assert second.count("<!-- bench:lapisan -->") == 1 and second.index("Prose that stays.") < second.index("1.40x")
