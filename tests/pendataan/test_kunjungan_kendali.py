"""Whatever the phone sends, it gets JSON it can show, and a refusal stores nothing.

A NUL in a visit's text once made psycopg raise DataError: an HTML 500 that the
phone's queue took for "no signal" and resent for ever, so the visit was never
stored. These tests send hostile bodies and check the answer and the database.
"""

import json
import uuid

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bansos.models import Verifikasi
from pendataan.models import CatatanAnggota, FotoKunjungan, Kunjungan, RiwayatKunjungan
from tests.pendataan.conftest import data_kunjungan
from tests.pendataan.test_pemeriksaan import bpnt, budi_meninggal, pkh  # noqa: F401 (fixtures)

# Words of Django's and Python's English messages: none may reach an officer.
INGGRIS = {"the", "is", "not", "invalid", "error", "must", "field", "required", "value", "this"}
KENDALI = "\x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f"


def indonesia(pesan: str) -> bool:
    kata = {k.strip(".,:;()\"'").lower() for k in pesan.split()}
    return bool(pesan.strip()) and not (kata & INGGRIS)


def kirim(client, keluarga, body: bytes | str):
    return client.post(
        reverse("pendataan:kunjungan_kirim", args=[keluarga.pk]),
        data=body,
        content_type="application/json",
    )


def jumlah() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (Kunjungan, CatatanAnggota, Verifikasi, RiwayatKunjungan, FotoKunjungan)
    )


# ------------------------------------------------------------------ control characters


def test_a_nul_in_the_visits_texts_is_dropped_and_the_visit_saved(akun, keluarga, client_for):
    data = data_kunjungan(
        keluarga,
        latitude=None,
        longitude=None,
        catatan="rumah\x00 kosong\x1b",
        alasan_tanpa_gps="hujan\x00 deras",
        anggota_baru=[{"nik": "1471080505250004", "nama": "Bayi\x00 Baru\x07"}],
    )
    response = kirim(client_for(akun.petugas), keluarga, json.dumps(data))
    assert response.status_code == 201, response.content
    k = Kunjungan.objects.get()
    assert (k.catatan, k.alasan_tanpa_gps) == ("rumah kosong", "hujan deras")
    assert k.anggota_set.get(aksi="baru").nama == "Bayi Baru"
    # resent as it was (the phone never saw the answer): the same visit, not a conflict
    again = kirim(client_for(akun.petugas), keluarga, json.dumps(data))
    assert again.status_code == 200 and again.json()["uuid"] == str(k.uuid)


def test_a_lone_surrogate_is_dropped(akun, keluarga, client_for):
    body = json.dumps(data_kunjungan(keluarga, catatan="ok")).replace('"ok"', '"o\\ud800k"')
    response = kirim(client_for(akun.petugas), keluarga, body)
    assert response.status_code == 201, response.content
    assert Kunjungan.objects.get().catatan == "ok"


def test_findings_texts_lose_their_control_characters_too(akun, keluarga, pkh, client_for):  # noqa: F811
    data = budi_meninggal(keluarga, pkh, alasan="lainnya", alasan_lain="dijual\x00\x01")
    response = kirim(client_for(akun.petugas), keluarga, json.dumps(data))
    assert response.status_code == 201, response.content
    assert Verifikasi.objects.get().alasan_lain == "dijual"


# ------------------------------------------------------------ a UUID and its family


def test_a_visits_uuid_sent_to_another_family_is_a_conflict(akun, keluarga, kota, client_for):
    from pendataan.models import AnggotaKeluarga, Hubungan, Keluarga

    tetangga = Keluarga.objects.create(
        nomor_kk="1471080101200077", rw=kota.rw_simpangbaru_1, rt=2, alamat="Jl. Garuda No. 7"
    )
    AnggotaKeluarga.objects.create(
        keluarga=tetangga, nik="1471081503900077", nama="Tetangga", hubungan=Hubungan.KEPALA
    )
    client = client_for(akun.petugas)
    data = data_kunjungan(keluarga)
    assert kirim(client, keluarga, json.dumps(data)).status_code == 201
    sebelum = jumlah()
    response = kirim(client, tetangga, json.dumps(data))
    assert response.status_code == 409
    assert response.json()["kode"] == "konflik"
    assert "keluarga lain" in response.json()["pesan"]
    assert jumlah() == sebelum
    assert not Kunjungan.objects.filter(keluarga=tetangga).exists()


# ----------------------------------------------------------------- any body at all

TEKS_NAKAL = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\ud800",
        KENDALI,
        "NaN",
        "1e400",
        "-1",
        "0.47",
        "101.38",
        "ditemui",
        "meninggal",
        "tidak_layak",
        "lainnya",
        "semen",
        "1471080505250004",
        "2026-09-30",
        "9999-12-31T23:59:59",
        str(uuid.UUID(int=0)),
        "<script>alert(1)</script>",
        "x" * 3000,
    ]
)
TEKS = TEKS_NAKAL | st.text(st.characters(exclude_categories=()), max_size=20)
SKALAR = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEKS
)
JSON = st.recursive(
    SKALAR,
    lambda anak: st.lists(anak, max_size=4) | st.dictionaries(TEKS, anak, max_size=4),
    max_leaves=10,
)
KUNCI = [
    "uuid",
    "hasil",
    "anggota",
    "anggota_baru",
    "variabel",
    "catatan",
    "latitude",
    "longitude",
    "akurasi_m",
    "alasan_tanpa_gps",
    "dibuka_at",
    "dikirim_at",
    "foto",
    "verifikasi",
    "usulan",
]
BARIS = st.dictionaries(
    st.sampled_from(
        [
            "id",
            "aksi",
            "tanggal",
            "nik",
            "nama",
            "penerima",
            "hasil",
            "alasan",
            "alasan_lain",
            "periode",
            "keterangan",
            "uuid",
            "jenis",
        ]
    ),
    JSON,
    max_size=5,
)
UBAH = st.dictionaries(
    st.sampled_from(KUNCI) | TEKS,
    JSON | st.lists(BARIS, max_size=3),
    max_size=4,
)
PROPERTI = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def periksa_jawaban(response, sebelum: tuple[int, ...]) -> None:
    assert response.status_code < 500, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    if response.status_code < 300:
        assert body["ok"] is True
    else:
        assert 400 <= response.status_code < 500
        assert body["ok"] is False
        assert indonesia(body["pesan"]), body
        assert jumlah() == sebelum


@PROPERTI
@given(ubah=UBAH)
def test_any_change_to_a_visit_body_gets_json_and_a_refusal_stores_nothing(
    akun,
    keluarga,
    pkh,  # noqa: F811
    client_for,
    ubah,
):
    client = client_for(akun.petugas)
    data = budi_meninggal(keluarga, pkh)
    data.update(ubah)
    sebelum = jumlah()
    periksa_jawaban(kirim(client, keluarga, json.dumps(data)), sebelum)


@PROPERTI
@given(body=JSON | st.binary(max_size=200))
def test_any_json_or_bytes_as_a_visit_body_gets_json(akun, keluarga, client_for, body):
    client = client_for(akun.petugas)
    sebelum = jumlah()
    mentah = body if isinstance(body, bytes) else json.dumps(body)
    periksa_jawaban(kirim(client, keluarga, mentah), sebelum)


@pytest.mark.parametrize("nilai", ["\x00", "a\x00b", "\ud800", KENDALI, "x" * 5000])
def test_a_hostile_text_in_any_field_never_breaks_the_server(
    akun,
    keluarga,
    pkh,  # noqa: F811
    client_for,
    nilai,
):
    client = client_for(akun.petugas)
    for kunci in KUNCI:
        data = budi_meninggal(keluarga, pkh)
        data[kunci] = nilai
        sebelum = jumlah()
        periksa_jawaban(kirim(client, keluarga, json.dumps(data)), sebelum)


# ------------------------------------------------- the review's and the fix's forms

TEKS_FORM = TEKS_NAKAL.filter(lambda t: "\ud800" not in t) | st.text(
    st.characters(exclude_categories=("Cs",)), max_size=20
)


AKSI = ("setujui", "kembalikan", "tolak")
# each example saves a visit first: fewer of them
PROPERTI_FORM = settings(PROPERTI, max_examples=60)


def form_acak(kunci: list[str]):
    return st.dictionaries(
        st.sampled_from(kunci) | TEKS_FORM, st.lists(TEKS_FORM, min_size=1, max_size=3), max_size=5
    )


def keadaan(k: Kunjungan) -> tuple:
    k.refresh_from_db()
    return (
        k.status,
        k.komentar_pemeriksa,
        list(k.verifikasi_set.order_by("pk").values_list("hasil", "alasan", "alasan_lain")),
        jumlah(),
    )


@PROPERTI_FORM
@given(isi=form_acak(["aksi", "komentar", "foto", "foto_terlihat", "alasan"]))
def test_any_review_form_is_answered_and_a_refusal_changes_nothing(
    akun,
    keluarga,
    pkh,  # noqa: F811
    client_for,
    isi,
):
    from pendataan.services import kunjungan_simpan

    k, _ = kunjungan_simpan(
        user=akun.petugas, keluarga=keluarga, data=budi_meninggal(keluarga, pkh)
    )
    sebelum = keadaan(k)
    response = client_for(akun.admin_binawidya).post(
        reverse("pendataan:kunjungan_periksa", args=[k.uuid]), isi
    )
    # 400: a body Django will not parse (a field name past its header limit)
    assert response.status_code in (302, 400)
    if response.status_code == 400 or isi.get("aksi", [""])[-1] not in AKSI:
        assert keadaan(k) == sebelum


@PROPERTI_FORM
@given(isi=st.data())
def test_any_fix_form_is_answered_and_a_refusal_changes_nothing(
    akun,
    keluarga,
    pkh,  # noqa: F811
    client_for,
    isi,
):
    from django.contrib.messages import get_messages

    from pendataan import pemeriksaan
    from pendataan.services import kunjungan_simpan

    k, _ = kunjungan_simpan(
        user=akun.petugas, keluarga=keluarga, data=budi_meninggal(keluarga, pkh)
    )
    pemeriksaan.kunjungan_kembalikan(kunjungan=k, oleh=akun.admin_binawidya, komentar="foto akta")
    v = k.verifikasi_set.get()
    form = isi.draw(
        form_acak([f"hasil-{v.pk}", f"alasan-{v.pk}", f"alasan_lain-{v.pk}", "tanggapan"])
    )
    sebelum = keadaan(k)
    response = client_for(akun.petugas).post(
        reverse("pendataan:kunjungan_perbaiki", args=[k.uuid]), form
    )
    assert response.status_code in (302, 400)
    pesan = [m for m in get_messages(response.wsgi_request)]
    if response.status_code == 400:
        assert keadaan(k) == sebelum
    elif any(m.level_tag == "error" for m in pesan):
        assert all(indonesia(str(m)) for m in pesan)
        assert keadaan(k) == sebelum
