"""Audit the locked dependencies with pip-audit: fail on a known vulnerability; report,
and do not fail, when the vulnerability service cannot be reached (CI and this project's
machines reach only the package index, not its JSON API or OSV).

    .venv/bin/python scripts/audit.py [LOCK ...]   (default: both lock files)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ["requirements/requirements.txt", "requirements/requirements-dev.txt"]
# pip-audit's words when it could not ask the service about a package
UNREACHABLE = ("not found on PyPI", "ConnectionError", "Failed to resolve", "Max retries",
               "timed out", "Temporary failure")


def audit(lock: str) -> int:
    cmd = [str(Path(sys.executable).parent / "pip-audit"), "-r", str(ROOT / lock), "--require-hashes",
           "--disable-pip", "--progress-spinner", "off", "-f", "json"]
    try:
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        print(f"audit: {lock}: pip-audit timed out: the vulnerability service is unreachable; "
              "not audited")
        return 0
    try:
        report = json.loads(run.stdout or "{}")
    except json.JSONDecodeError:
        report = {}
    deps = report.get("dependencies", [])
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if d.get("skip_reason")]
    if vulnerable:
        for d in vulnerable:
            for v in d["vulns"]:
                fixes = ", ".join(v.get("fix_versions", [])) or "no fix yet"
                print(f"audit: {lock}: {d['name']} {d['version']}: {v['id']} (fixed in {fixes})")
        return 1
    if run.returncode != 0 and not deps:
        if any(word in run.stderr for word in UNREACHABLE):
            print(f"audit: {lock}: the vulnerability service is unreachable; not audited")
            return 0
        print(f"audit: {lock}: pip-audit failed:\n{run.stderr.strip()[-2000:]}")
        return 1
    audited = len(deps) - len(skipped)
    if deps and audited == 0 and all(any(w in d["skip_reason"] for w in UNREACHABLE) for d in skipped):
        print(f"audit: {lock}: the vulnerability service is unreachable ({len(deps)} packages "
              "could not be looked up); not audited")
        return 0
    print(f"audit: {lock}: {audited} packages audited, no known vulnerabilities"
          + (f"; {len(skipped)} skipped" if skipped else ""))
    return 0


def main() -> int:
    locks = sys.argv[1:] or LOCKS
    return max(audit(lock) for lock in locks)


if __name__ == "__main__":
    sys.exit(main())
