"""Data for the slow-client check (benchmarks/klien_lambat.py, run by .ci/stack-check).

    DJANGO_SETTINGS_MODULE=config.settings.production DATABASE_URL=... SECRET_KEY=... \\
        .venv/bin/python benchmarks/klien_lambat_data.py --keluar /tmp/klien-lambat

Run with the stack's own environment, after the stack has migrated its database.
Through the real services it makes (or finds, when run again) the Pekanbaru
kecamatan and kelurahan, RW 01 Simpangbaru, an officer placed there with a fresh
random password, `--kunjungan-jumlah` families in that RW and a new visit to each
announcing `--foto-jumlah` house photos: each upload thread sends to a visit of
its own, as officers at different doors do (photos of one visit are stored one
at a time, under the visit's lock). It writes into `--keluar` a ~3 MB JPEG of
noise (it does not shrink when compressed, like a phone's photo) and
`data.json`: the officer's login, the visits' UUIDs and their photo UUIDs.
"""

import argparse
import datetime
import json
import os
import secrets
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

from PIL import Image  # noqa: E402

from akun.models import Peran, User  # noqa: E402
from akun.services import user_buat  # noqa: E402
from pendataan.models import AnggotaKeluarga, Hubungan, JenisFoto, Keluarga  # noqa: E402
from pendataan.services import kunjungan_simpan  # noqa: E402
from petugas.models import OPD, JenisKelamin, Petugas  # noqa: E402
from petugas.services import penugasan_tempatkan  # noqa: E402
from wilayah.models import RW, Kelurahan  # noqa: E402
from wilayah.services import wilayah_import_csv  # noqa: E402

NI_PPPK = "199003152025011001"
LAT, LNG = "0.470000", "101.380000"


def petugas_siapkan(password: str) -> tuple[User, RW]:
    if not Kelurahan.objects.filter(kode="14.71.08.1001").exists():
        wilayah_import_csv(data=(ROOT / "wilayah/data/pekanbaru_wilayah.csv").read_bytes())
    kelurahan = Kelurahan.objects.get(kode="14.71.08.1001")
    rw, _ = RW.objects.get_or_create(
        kelurahan=kelurahan, nomor=1, defaults={"latitude": LAT, "longitude": LNG}
    )
    user = User.objects.filter(username=NI_PPPK).first()
    if user is None:
        user = user_buat(username=NI_PPPK, password=password, peran=Peran.PETUGAS, nama="Uji")
        opd, _ = OPD.objects.get_or_create(nama="Dinas Uji Klien Lambat", defaults={"kuota": 1})
        petugas = Petugas.objects.create(
            user=user,
            nama="Petugas Uji Klien Lambat",
            ni_pppk=NI_PPPK,
            opd=opd,
            jenis_kelamin=JenisKelamin.LAKI_LAKI,
            kelurahan_domisili=kelurahan,
            rw_domisili=rw.nomor,
        )
        penugasan_tempatkan(
            petugas=petugas, rw=rw, oleh=None, nomor_sk="SK/UJI/1", alasan="uji klien lambat"
        )
    else:  # a new password each run: nothing to remember between runs
        user.set_password(password)
        user.save(update_fields=["password"])
    return user, rw


def keluarga_siapkan(rw: RW, nomor: int) -> Keluarga:
    keluarga, dibuat = Keluarga.objects.get_or_create(
        nomor_kk=f"147108010120{nomor:04d}",
        defaults={"rw": rw, "rt": 1, "alamat": f"Jl. Uji No. {nomor}"},
    )
    if dibuat:
        AnggotaKeluarga.objects.create(
            keluarga=keluarga,
            nik=f"147108150390{nomor:04d}",
            nama="Kepala Uji",
            hubungan=Hubungan.KEPALA,
            jenis_kelamin="L",
            tanggal_lahir=datetime.date(1990, 3, 15),
        )
    return keluarga


def kunjungan_siapkan(user: User, keluarga: Keluarga, jumlah_foto: int) -> tuple[str, list[str]]:
    sekarang = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    foto = [str(uuid.uuid4()) for _ in range(jumlah_foto)]
    data = {
        "uuid": str(uuid.uuid4()),
        "hasil": "ditemui",
        "anggota": [
            {"id": a.pk, "aksi": "tetap", "tanggal": None} for a in keluarga.anggota_set.all()
        ],
        "anggota_baru": [],
        "variabel": {"keluarga": {"lantai": 6, "atap": 3}},
        "catatan": "",
        "latitude": LAT,
        "longitude": LNG,
        "akurasi_m": 10,
        "alasan_tanpa_gps": "",
        "dibuka_at": (sekarang - datetime.timedelta(minutes=6)).isoformat(),
        "dikirim_at": sekarang.isoformat(),
        "foto": [{"uuid": u, "jenis": JenisFoto.RUMAH} for u in foto],
    }
    kunjungan, _ = kunjungan_simpan(user=user, keluarga=keluarga, data=data)
    return str(kunjungan.uuid), foto


def foto_tulis(path: Path, *, ukuran_bytes: int = 3_000_000) -> int:
    """Noise as a JPEG, about `ukuran_bytes` long."""
    lebar = 1200
    tinggi = 900
    while True:
        gambar = Image.frombytes("RGB", (lebar, tinggi), os.urandom(lebar * tinggi * 3))
        gambar.save(path, "JPEG", quality=85)
        ukuran = path.stat().st_size
        if ukuran >= ukuran_bytes * 0.95:
            return ukuran
        skala = (ukuran_bytes / ukuran) ** 0.5
        lebar, tinggi = int(lebar * skala) + 8, int(tinggi * skala) + 6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keluar", type=Path, required=True)
    parser.add_argument("--kunjungan-jumlah", type=int, default=20)
    parser.add_argument("--foto-jumlah", type=int, default=20)
    args = parser.parse_args()
    args.keluar.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(16)
    user, rw = petugas_siapkan(password)
    kunjungan = []
    for nomor in range(1, args.kunjungan_jumlah + 1):
        uuid_kunjungan, foto = kunjungan_siapkan(
            user, keluarga_siapkan(rw, nomor), args.foto_jumlah
        )
        kunjungan.append({"uuid": uuid_kunjungan, "foto_uuid": foto})
    ukuran = foto_tulis(args.keluar / "foto.jpg")
    data = {
        "username": NI_PPPK,
        "password": password,
        "kunjungan": kunjungan,
        "foto": str(args.keluar / "foto.jpg"),
    }
    (args.keluar / "data.json").write_text(json.dumps(data))
    print(
        f"data: {len(kunjungan)} visits announcing {args.foto_jumlah} photos each; "
        f"photo {ukuran:,} bytes"
    )


if __name__ == "__main__":
    main()
