"""House rules the import graph keeps: jobs are queued by name through sig.tunda, so services and views never
import a tasks module (tasks import services, never the other way round: no cycle)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("sig", "assets", "importers", "kabar", "layers", "maps", "reports", "saluran", "survei", "temu")


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_only_workers_import_tasks_modules():
    pelanggar = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            rel = path.relative_to(ROOT)
            if path.name == "tasks.py" or "migrations" in rel.parts:
                continue
            bad = sorted(m for m in imports(path) if m.split(".")[-1] == "tasks" and m.split(".")[0] in APPS)
            if bad:
                pelanggar.append(f"{rel}: {bad}")
    assert pelanggar == [], "antrekan tugas lewat sig.tunda.tunda(nama, antrean, ...)"


def test_the_background_switches_are_read_in_one_place():
    pembaca = sorted(
        str(p.relative_to(ROOT))
        for app in APPS
        for p in (ROOT / app).rglob("*.py")
        if "settings" not in p.parts
        and any(
            s in p.read_text(encoding="utf-8")
            for s in ("settings.NOTIFIKASI_LATAR", "settings.IMPOR_LATAR", '"IMPOR_LATAR"')
        )
    )
    assert pembaca == ["sig/tunda.py"], pembaca


def test_no_app_imports_another_apps_private_modules():
    pelanggar = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            rel = path.relative_to(ROOT)
            if "migrations" in rel.parts:
                continue
            for module in imports(path):
                parts = module.split(".")
                private = any(p.startswith("_") and not p.startswith("__") for p in parts[1:])
                if parts[0] in APPS and parts[0] != rel.parts[0] and private:
                    pelanggar.append(f"{rel}: {module}")
    assert pelanggar == [], "pakai modul publik (mis. sig.tampilan) atau pindahkan ke kernel"


def test_csrf_is_switched_off_only_where_a_signature_or_key_replaces_it():
    """Webhooks verified by the channel's signature (saluran) and Open311 (API key) only; every form keeps CSRF."""
    tanpa_csrf = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
                    "csrf_exempt" in ast.unparse(d) for d in node.decorator_list
                ):
                    tanpa_csrf.add(f"{path.relative_to(ROOT)}:{node.name}")
    assert tanpa_csrf == {"reports/open311.py:requests", "saluran/views.py:whatsapp", "saluran/views.py:telegram"}


def test_domain_apps_never_import_the_channels():
    """saluran depends on reports (submission service, the pelapor_diberitahu signal), never the other way round."""
    pelanggar = [
        str(p.relative_to(ROOT))
        for app in ("sig", "assets", "importers", "kabar", "layers", "maps", "reports")
        for p in (ROOT / app).rglob("*.py")
        if any(m == "saluran" or m.startswith("saluran.") for m in imports(p))
    ]
    assert pelanggar == []


LABELS = {"wilayah", "akun", "assets", "importers", "kabar", "layers", "reports", "saluran", "survei", "temu"}
TABEL = re.compile(r"\b(" + "|".join(sorted(LABELS)) + r")_(?!id\b)[a-z]+\b")  # not a column such as wilayah_id


def test_no_app_names_another_apps_tables_in_sql_text():
    """A dependency on another app's table goes through its model (`Model._meta.db_table`), so it shows in the
    import graph and survives a rename; SQL text names only the app's own tables."""
    pelanggar = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            rel = path.relative_to(ROOT)
            if "migrations" in rel.parts:
                continue
            own = rel.parts[1] if rel.parts[0] == "sig" and len(rel.parts) > 2 else rel.parts[0]
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    for m in TABEL.finditer(node.value):
                        if m.group(1) != own and (
                            "SELECT" in node.value.upper()
                            or "FROM" in node.value.upper()
                            or "JOIN" in node.value.upper()
                        ):
                            pelanggar.append(f"{rel}: {m.group(0)}")
    assert pelanggar == [], sorted(set(pelanggar))


# The layers of the house: an app imports only apps of its own level or below, and the apps form no cycle.
LEVEL = {
    "sig": 0,  # kernel: territory, accounts and scope, shared plumbing
    "assets": 1,  # domain apps: what the village keeps
    "reports": 1,
    "kabar": 1,
    "survei": 1,
    "importers": 2,  # reading, serving and relaying the domain
    "layers": 2,
    "saluran": 2,
    "maps": 3,  # pages over everything
    "temu": 3,
}


def app_graph() -> dict[str, dict[str, set[str]]]:
    """app → imported app → the files importing it (module-level and deferred imports alike)."""
    graph: dict[str, dict[str, set[str]]] = {app: {} for app in LEVEL}
    for app in LEVEL:
        for path in (ROOT / app).rglob("*.py"):
            rel = path.relative_to(ROOT)
            if "migrations" in rel.parts:
                continue
            for module in imports(path):
                other = module.split(".")[0]
                if other in LEVEL and other != app:
                    graph[app].setdefault(other, set()).add(str(rel))
    return graph


def test_apps_import_only_their_level_or_below():
    assert set(LEVEL) == set(APPS)
    upward = [
        f"{app} → {other}: {sorted(files)}"
        for app, deps in app_graph().items()
        for other, files in deps.items()
        if LEVEL[other] > LEVEL[app]
    ]
    assert upward == [], "impor ke arah yang salah (kernel ← domain ← importers/layers ← maps)"


def test_apps_form_no_cycle():
    graph = {app: set(deps) for app, deps in app_graph().items()}
    cycles = []

    def walk(app: str, path: list[str]) -> None:
        for other in sorted(graph[app]):
            if other in path:
                cycles.append(" → ".join([*path[path.index(other) :], other]))
            elif len(path) < len(graph):
                walk(other, [*path, other])

    for app in sorted(graph):
        walk(app, [app])
    assert cycles == []
