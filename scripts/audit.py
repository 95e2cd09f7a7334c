"""Known vulnerabilities in the installed Python packages (pip-audit): prints a summary and every finding;
exits 1 when a vulnerability is found, 0 when none is (or when the audit service cannot be reached, said so)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

VENV_BIN = Path(sys.executable).parent


def main() -> int:
    result = subprocess.run(  # noqa: S603 (fixed command)
        [str(VENV_BIN / "pip-audit"), "--format", "json", "--progress-spinner", "off", "--skip-editable"],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(f"pip-audit: layanan audit tidak terjangkau; tidak ada hasil ({result.stderr.strip()[-300:]})")
        return 0
    deps = report.get("dependencies", [])
    found = [(d["name"], d["version"], v) for d in deps for v in d.get("vulns", [])]
    skipped = [d for d in deps if d.get("skip_reason")]
    print(f"pip-audit: {len(deps) - len(skipped)} paket diaudit, {len(skipped)} dilewati, {len(found)} kerentanan")
    for name, version, vuln in found:
        fixes = ", ".join(vuln.get("fix_versions", [])) or "belum ada"
        print(f"  {name} {version}: {vuln['id']} (perbaikan: {fixes})")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
