"""What the officer's phone keeps for use without signal: each family's visit form.

The phone asks for one small map, family id -> a version of what its visit form
shows (the family, its members, its recipients on the lists being verified, the
programs it may be proposed for, and the form itself as deployed), and fetches
again only the forms whose version changed since its last sync (static/js/
petugas.js). The map answers 304 while nothing in the RW changed.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.templatetags.static import static

from akun.access import peran_efektif
from akun.models import Peran, User
from bansos.models import Penerima, Sasaran, StatusTugas, TugasLapangan
from bansos.selectors import periode_terbaru
from pendataan.models import AnggotaKeluarga, Hubungan
from pendataan.risiko import alasan_risiko
from pendataan.selectors import anggota_for, daftar_kerja_for, keluarga_for
from pendataan.variabel.kode import VARIABEL_ANGGOTA, VARIABEL_KELUARGA

# What the service worker keeps from its install: the officer pages' own files.
STATIS = [
    "css/portal.css",
    "js/antrean.js",
    "js/petugas.js",
    "js/kunjungan.js",
    "js/kunjungan_tugas.js",
    "js/daftar_kerja.js",
    "img/ikon-192.png",
    "img/ikon-512.png",
]
TEMPLAT = [
    "base.html",
    "pendataan/kunjungan_form.html",
    "pendataan/_kunjungan_variabel.html",
    "pendataan/_variabel_bidang.html",
    "pendataan/_kunjungan_tugas.html",
    "pendataan/luring/_teks_antrean.html",
]


@cache
def _versi_tampilan() -> str:
    """The form as deployed: its templates and the hashed names of the files it loads. A
    deploy that changes any of them makes the phone fetch its pages again, so a kept page
    never points to a script the service worker no longer has."""
    folder = Path(settings.BASE_DIR) / "templates"
    isi = b"".join((folder / t).read_bytes() for t in TEMPLAT)
    # the DTSEN code lists the form offers (a new code or bound is a new form)
    kode = [
        (v.kunci, str(v.label), [(k, str(t)) for k, t in v.kode], str(v.minimum), str(v.maksimum))
        for v in (*VARIABEL_KELUARGA.values(), *VARIABEL_ANGGOTA.values())
    ]
    isi += json.dumps(kode).encode()
    return hashlib.sha256(isi + " ".join(static(s) for s in STATIS).encode()).hexdigest()


def versi_formulir_for(user: User) -> dict[str, str]:
    """Family id (as text, JSON's keys) -> the version of its visit form, for the
    families of the user's RW; four queries whatever the RW's size."""
    periode = periode_terbaru()
    umum = [
        _versi_tampilan(),
        sorted((p.pk, p.program.sasaran == Sasaran.KELUARGA) for p in periode),
    ]
    # the values last known pre-fill the form: an approved visit or an import changes it
    keluarga = keluarga_for(user).values_list("pk", "nomor_kk", "rt", "alamat", "variabel")
    isi: dict[int, list] = {
        pk: [kk, rt, alamat, [], [], [], variabel] for pk, kk, rt, alamat, variabel in keluarga
    }
    anggota = (
        AnggotaKeluarga.objects.filter(keluarga__in=keluarga_for(user))
        .order_by("keluarga_id", "pk")
        .values_list("keluarga_id", "pk", "nama", "nik", "hubungan", "status", "variabel")
    )
    # a family that joined the RW between these queries (an import) waits for the next sync
    for keluarga_id, *baris in anggota:
        if keluarga_id in isi:
            isi[keluarga_id][3].append(baris)
    penerima = (
        Penerima.objects.filter(
            keluarga__in=keluarga_for(user), aktif=True, periode__in=[p.pk for p in periode]
        )
        .order_by("keluarga_id", "pk")
        .values_list("keluarga_id", "pk", "periode_id", "anggota_id", "terdaftar_id", "nomor_kartu")
    )
    for keluarga_id, *baris in penerima:
        if keluarga_id in isi:
            isi[keluarga_id][4].append(baris)
    # an open ground-check task added (or answered) changes the family's form
    tugas = (
        TugasLapangan.objects.filter(keluarga__in=keluarga_for(user), status=StatusTugas.TERBUKA)
        .order_by("keluarga_id", "pk")
        .values_list("keluarga_id", "pk", "jenis", "program_id", "keluhan")
    )
    for keluarga_id, *baris in tugas:
        if keluarga_id in isi:
            isi[keluarga_id][5].append(baris)
    return {
        str(pk): hashlib.sha256(
            json.dumps([umum, data], default=str, separators=(",", ":")).encode()
        ).hexdigest()[:16]
        for pk, data in isi.items()
    }


def daftar_luring_for(user: User) -> list[list]:
    """The worklist as the phone keeps it for use without signal, in the worklist's order
    (risk first, pendataan/risiko.py): per family [id, RT, address, KK number, state,
    members, reasons], a member being [name, NIK, head (1/0)], a reason [rule key,
    sentence], the state one of "kembali", "verifikasi", "sudah", "belum" (the
    worklist's badges). The phone searches and filters it when there is no signal
    (static/js/daftar_kerja.js); it holds nothing the RW's kept visit forms do not show.
    Two queries whatever the RW's size, and up to three for the reasons."""
    if peran_efektif(user) != Peran.PETUGAS:  # the superadmin: no RW of their own
        return []
    keluarga = list(daftar_kerja_for(user).only("pk", "rt", "alamat", "nomor_kk", "desil", "rw_id"))
    alasan_risiko(keluarga)
    daftar = []
    anggota: dict[int, list] = {}
    for k in keluarga:
        status = (
            "kembali"
            if k.dikembalikan
            else "verifikasi"
            if k.perlu_verifikasi
            else "sudah"
            if k.sudah
            else "belum"
        )
        anggota[k.pk] = []
        alasan = [[a.kunci, a.teks] for a in k.alasan_risiko]
        daftar.append([k.pk, k.rt, k.alamat, k.nomor_kk, status, anggota[k.pk], alasan])
    if not anggota:
        return daftar
    # by the RW, as the worklist reads its families, not by a list of 900 ids
    semua = (
        anggota_for(user)
        .order_by("keluarga_id", "pk")
        .values_list("keluarga_id", "nama", "nik", "hubungan")
    )
    for keluarga_id, nama, nik, hubungan in semua:
        if keluarga_id in anggota:
            anggota[keluarga_id].append([nama, nik, int(hubungan == Hubungan.KEPALA)])
    return daftar
