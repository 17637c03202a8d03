"""The README stays true: every environment variable the settings read is in its table."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# env.int("NAME", ...), env("NAME"), os.environ.get("NAME", ...)
LEIDO = re.compile(r"""(?:\benv(?:\.[a-z]+)?\(|os\.environ\.get\()\s*["']([A-Z][A-Z0-9_]+)["']""")


def test_every_environment_variable_is_documented():
    dibaca = set()
    for path in [*(ROOT / "config").rglob("*.py"), ROOT / "dev.py"]:
        dibaca |= set(LEIDO.findall(path.read_text(encoding="utf-8")))
    dibaca -= {"PATH"}  # the system's own, passed on by dev.py
    assert {"DATABASE_URL", "SECRET_KEY", "BERKAS_BANSOS_SIMPAN_HARI"} <= dibaca
    tabel = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", (ROOT / "README.md").read_text(), re.M))
    assert dibaca - tabel == set(), "read by the settings but not in the README's table"
