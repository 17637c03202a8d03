"""The README stays true: every environment variable the settings read is in its table,
and the file limits it gives are the ones the import pages enforce and show."""

import importlib
import re
from pathlib import Path

import pytest

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


def _bagian(judul: str) -> str:
    teks = (ROOT / "README.md").read_text()
    awal = teks.index(f"### {judul}\n")
    return teks[awal : teks.index("\n#", awal + 1)]


@pytest.mark.parametrize(
    ("judul", "modul"),
    [
        ("Officer candidates from the OPDs", "petugas.impor"),
        ("Families from DTSEN (Dinsos)", "pendataan.impor"),
        ("Desil from DTSEN (Dinsos)", "pendataan.desil"),
        ("Recipient lists (Dinsos)", "bansos.impor.berkas"),
        ("Usul and sanggah: ground-check tasks (Dinsos)", "bansos.tugas.impor"),
    ],
)
def test_each_imports_limits_are_the_ones_its_page_enforces(judul, modul):
    batas = importlib.import_module(modul)
    bagian = " ".join(_bagian(judul).split())
    assert f"{batas.MAKS_BARIS:,} rows" in bagian
    assert f"{batas.MAKS_UKURAN // (1024 * 1024)} MB" in bagian
    assert "million rows)" not in bagian  # the old, second figure (issue 15)
