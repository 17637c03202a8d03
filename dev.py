#!/usr/bin/env python3
"""One entry point for a newcomer: `python3 dev.py run` and `python3 dev.py test`.

It needs nothing but Python 3.11+: it makes `.venv`, installs the pinned
`requirements-dev.lock` (the runtime pins of `requirements.lock` plus the test
tools) into it, again only when the lock changes, and then runs the portal or
the test suite with that interpreter.

    python3 dev.py run        # migrate, load the Pekanbaru demo, print accounts, serve :8000
    python3 dev.py test       # the whole test suite (extra pytest arguments pass through)
    python3 dev.py stack      # web (gunicorn) + Celery worker + beat, as in docker-compose.yml
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements-dev.lock"
STAMP = VENV / ".lock-sha256"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_venv() -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may be run by an old python3
        sys.exit("Portal ini butuh Python 3.11 atau lebih baru.")
    wanted = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted and venv_python().exists():
        return venv_python()
    if not venv_python().exists():
        print("Membuat .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Memasang dependensi dari requirements-dev.lock ...", flush=True)
    pip = [str(venv_python()), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "-r", str(LOCK)], check=True)
    STAMP.write_text(wanted)
    return venv_python()


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("run", [])
    python = str(ensure_venv())
    env = dict(os.environ)
    if command == "run":
        env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
        manage = [python, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], check=True, env=env)
        subprocess.run([*manage, "siapkan_demo"], check=True, env=env)
        address = rest[0] if rest else "127.0.0.1:8000"
        return subprocess.call([*manage, "runserver", address], env=env)
    if command == "test":
        return subprocess.call([python, "-m", "pytest", *rest], cwd=ROOT, env=env)
    if command == "stack":
        env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
        # honcho hands each process a PORT counted from this one; web is first
        env.setdefault("PORT", "8000")
        # the Procfile's commands (python, gunicorn, celery) come from .venv
        env["PATH"] = os.pathsep.join([str(Path(python).parent), env.get("PATH", "")])
        return subprocess.call([python, "-m", "honcho", "start", *rest], cwd=ROOT, env=env)
    if command == "install":
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
