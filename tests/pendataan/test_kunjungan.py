"""Saving a visit: once, however often the phone retries; checked before anything is written."""

import json
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pendataan.area_rw import rw_titik_tetapkan
from pendataan.models import CatatanAnggota, Kunjungan
from pendataan.services import kunjungan_simpan
from petugas.services import penugasan_akhiri
from tests.pendataan.conftest import data_kunjungan, waktu


def test_a_visit_is_saved_with_its_members_and_answers(akun, keluarga):
    siti = keluarga.anggota_set.get(nama="Siti Aminah")
    data = data_kunjungan(keluarga)
    data["anggota"][1] = {"id": siti.pk, "aksi": "meninggal", "tanggal": "2026-10-01"}
    data["anggota_baru"] = [{"nik": "1471080505250004", "nama": "Bayi Baru"}]
    kunjungan, dibuat = kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data)
    assert dibuat
    assert kunjungan.petugas == akun.petugas.petugas
    assert kunjungan.variabel == {
        "keluarga": {"lantai": 6, "atap": 3, "aset_sepeda_motor": 1},
        "anggota": {},
    }
    catatan = {c.aksi: c for c in kunjungan.anggota_set.all() if c.aksi != "tetap"}
    assert catatan["meninggal"].anggota == siti
    assert str(catatan["meninggal"].tanggal) == "2026-10-01"
    assert catatan["baru"].nik == "1471080505250004"


def test_the_same_visit_twice_is_kept_once(akun, keluarga):
    data = data_kunjungan(keluarga)
    pertama, dibuat = kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=dict(data))
    kedua, dibuat_lagi = kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=dict(data))
    assert dibuat and not dibuat_lagi
    assert pertama.pk == kedua.pk
    assert Kunjungan.objects.count() == 1
    assert CatatanAnggota.objects.count() == 3


def test_the_same_uuid_with_other_content_is_refused(akun, keluarga):
    data = data_kunjungan(keluarga)
    kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=dict(data))
    with pytest.raises(ValidationError, match="sudah dipakai"):
        kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data={**data, "hasil": "menolak"})
    assert Kunjungan.objects.get().hasil == "ditemui"


@pytest.mark.parametrize(
    "ubah, pesan",
    [
        ({"hasil": "entah"}, "Pilih hasil kunjungan"),
        ({"latitude": None, "longitude": None}, "Titik GPS belum diambil"),
        ({"latitude": "abc", "longitude": "101"}, "tidak terbaca"),
        ({"latitude": "-6.2", "longitude": "106.8"}, "di luar kelurahan"),  # Jakarta
        ({"latitude": "1.2", "longitude": "102.9"}, "mungkin di laut"),  # Strait of Malacca
        ({"variabel": {"keluarga": {"lantai": 99}}}, "tidak ada dalam daftar"),
        ({"variabel": {"keluarga": {"kolam_renang": 1}}}, "tidak dikenal"),
        ({"anggota_baru": [{"nik": "14710805052500AB", "nama": "X"}]}, "NIK anggota baru"),
        ({"anggota_baru": [{"nik": "1471083202250004", "nama": "X"}]}, "NIK anggota baru"),
        ({"anggota": [{"id": 999999, "aksi": "tetap"}]}, "tidak dikenal"),
        ({"catatan": "x" * 2001}, "terlalu panjang"),
        ({"uuid": "bukan-uuid"}, "UUID"),
        ({"dibuka_at": "kemarin"}, "Waktu dari ponsel"),
        ({"dikirim_at": "9999-12-31T23:59:59-12:00"}, "Waktu dari ponsel"),
        ({"anggota": "semua"}, "Kiriman rusak"),
        ({"anggota": ["x"]}, "Kiriman rusak"),
        ({"variabel": ["lantai"]}, "Kiriman rusak"),
        ({"variabel": {"aset": 3}}, "rusak"),
        ({"variabel": {"keluarga": {"lantai": ["semen"]}}}, "harus berupa angka"),
        ({"foto": 3}, "Kiriman rusak"),
        ({"latitude": {"x": 1}}, "Kiriman rusak"),
        ({"latitude": "NaN", "longitude": "101.38"}, "tidak terbaca"),
        ({"akurasi_m": "1e300"}, "tidak terbaca"),
        ({"akurasi_m": "inf"}, "tidak terbaca"),
        ({"foto": [{"uuid": "x", "jenis": "rumah"}]}, "Kode foto"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(akun, keluarga, ubah, pesan):
    with pytest.raises(ValidationError) as info:
        kunjungan_simpan(
            user=akun.petugas, keluarga=keluarga, data=data_kunjungan(keluarga, **ubah)
        )
    assert pesan in " ".join(info.value.messages)
    assert Kunjungan.objects.count() == 0
    assert CatatanAnggota.objects.count() == 0


def test_a_deceased_member_needs_a_date_not_in_the_future(akun, keluarga):
    siti = keluarga.anggota_set.get(nama="Siti Aminah")
    for tanggal in (None, "2099-01-01"):
        data = data_kunjungan(keluarga)
        data["anggota"] = [{"id": siti.pk, "aksi": "meninggal", "tanggal": tanggal}]
        with pytest.raises(ValidationError, match="Tanggal meninggal"):
            kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data)
    assert Kunjungan.objects.count() == 0


def test_no_point_is_allowed_with_a_reason_and_is_flagged(akun, keluarga):
    data = data_kunjungan(
        keluarga, latitude=None, longitude=None, alasan_tanpa_gps="GPS ponsel rusak"
    )
    kunjungan, _ = kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data)
    assert [b["kode"] for b in kunjungan.bendera] == ["tanpa_gps"]
    assert "GPS ponsel rusak" in kunjungan.bendera[0]["pesan"]


def test_flags_for_a_weak_far_and_short_visit(akun, keluarga):
    # far from the RW's point as set on the map (an estimated one is never used)
    rw_titik_tetapkan(
        rw=keluarga.rw, latitude=Decimal("0.47"), longitude=Decimal("101.38"), oleh=akun.superadmin
    )
    data = data_kunjungan(
        keluarga,
        latitude="0.400000",  # inside Pekanbaru's reach but far from the RW's point
        longitude="101.380000",
        akurasi_m=80,
        dibuka_at=waktu(-20),
        dikirim_at=waktu(0),
    )
    kunjungan, _ = kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data)
    kode = {b["kode"] for b in kunjungan.bendera}
    assert {"gps_lemah", "terlalu_singkat"} <= kode
    assert "jauh_dari_rw" in kode


def test_a_visit_after_the_placement_ended_is_refused(akun, keluarga):
    penugasan_akhiri(penugasan=akun.petugas.petugas.penugasan_set.get(), alasan="berhenti")
    with pytest.raises(ValidationError, match="tidak sedang ditugaskan"):
        kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data_kunjungan(keluarga))
    assert Kunjungan.objects.count() == 0


def kirim(client, keluarga, data):
    return client.post(
        reverse("pendataan:kunjungan_kirim", args=[keluarga.pk]),
        data=json.dumps(data),
        content_type="application/json",
    )


def test_the_phone_endpoint_answers_json_and_lists_missing_photos(akun, keluarga, client_for):
    client = client_for(akun.petugas)
    foto_uuid = str(uuid.uuid4())
    data = data_kunjungan(keluarga, foto=[{"uuid": foto_uuid, "jenis": "rumah"}])
    response = kirim(client, keluarga, data)
    assert response.status_code == 201
    body = response.json()
    assert body["ok"] and body["baru"]
    assert body["foto_kurang"] == [{"uuid": foto_uuid, "jenis": "rumah"}]
    again = kirim(client, keluarga, data)
    assert again.status_code == 200 and again.json()["baru"] is False
    conflict = kirim(client, keluarga, {**data, "hasil": "menolak"})
    assert conflict.status_code == 409
    assert Kunjungan.objects.count() == 1


def test_the_phone_endpoint_refuses_garbage(akun, keluarga, client_for):
    client = client_for(akun.petugas)
    url = reverse("pendataan:kunjungan_kirim", args=[keluarga.pk])
    assert client.post(url, data="{bukan json", content_type="application/json").status_code == 400
    assert client.post(url, data="[]", content_type="application/json").status_code == 400
    for rusak in ('{"akurasi_m": NaN}', '{"a": ' + "9" * 5000 + "}", "[" * 50_000):
        assert client.post(url, data=rusak, content_type="application/json").status_code == 400
    big = json.dumps({"catatan": "x" * 300_000})
    assert client.post(url, data=big, content_type="application/json").status_code == 413
    assert client.get(url).status_code == 405
    assert Kunjungan.objects.count() == 0


def test_another_rws_officer_gets_404_for_the_family_visit_and_photos(akun, keluarga, client_for):
    kunjungan, _ = kunjungan_simpan(
        user=akun.petugas, keluarga=keluarga, data=data_kunjungan(keluarga)
    )
    lain = client_for(akun.petugas_sail)
    assert lain.get(reverse("pendataan:keluarga_detail", args=[keluarga.pk])).status_code == 404
    assert lain.get(reverse("pendataan:kunjungan_baru", args=[keluarga.pk])).status_code == 404
    assert kirim(lain, keluarga, data_kunjungan(keluarga)).status_code == 404
    assert lain.get(reverse("pendataan:kunjungan_detail", args=[kunjungan.uuid])).status_code == 404
    url = reverse("pendataan:kunjungan_foto_unggah", args=[kunjungan.uuid])
    assert lain.post(url, {}).status_code == 404


def test_the_worklist_shows_the_rw_by_rt_and_finds_by_nik(
    akun, keluarga, keluarga_sail, client_for, django_assert_max_num_queries
):
    client = client_for(akun.petugas)
    with django_assert_max_num_queries(12):
        body = client.get(reverse("pendataan:daftar_kerja")).content.decode()
    assert "Budi Santoso" in body and "Ahmad Sail" not in body
    assert "1471081503900001" not in body  # numbers are masked in lists
    found = client.get(reverse("pendataan:daftar_kerja"), {"q": "1471085503"})
    assert "Budi Santoso" in found.content.decode()
    none = client.get(reverse("pendataan:daftar_kerja"), {"q": "1471031503800009"})
    assert "Ahmad Sail" not in none.content.decode()
    belum = client.get(reverse("pendataan:daftar_kerja"), {"saring": "sudah"})
    assert "Budi Santoso" not in belum.content.decode()


def test_each_photo_url_is_scoped(
    akun, keluarga, client_for, django_capture_on_commit_callbacks, tugas_di_proses_ini
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pendataan.demo import foto_kamera_jpeg
    from pendataan.foto import foto_terima

    kunjungan, _ = kunjungan_simpan(
        user=akun.petugas, keluarga=keluarga, data=data_kunjungan(keluarga)
    )
    berkas = SimpleUploadedFile("rumah.jpg", foto_kamera_jpeg(ukuran=(800, 600)), "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        foto, _ = foto_terima(
            kunjungan=kunjungan, foto_uuid=uuid.uuid4(), jenis="rumah", berkas=berkas
        )
    foto.refresh_from_db()
    assert foto.status == "selesai"
    for ukuran in ("besar", "kecil"):
        url = reverse("pendataan:foto", args=[foto.pk, ukuran])
        assert client_for(akun.petugas).get(url).status_code == 200
        assert client_for(akun.admin_binawidya).get(url).status_code == 200
        assert client_for(akun.dinsos).get(url).status_code == 200
        assert client_for(akun.petugas_sail).get(url).status_code == 404
        assert client_for(akun.admin_sail).get(url).status_code == 404
        assert client_for(akun.bkpsdm).get(url).status_code == 403
        assert client_for(akun.pimpinan).get(url).status_code == 403
    response = client_for(akun.petugas).get(reverse("pendataan:foto", args=[foto.pk, "kecil"]))
    data = b"".join(response.streaming_content)
    assert data[:2] == b"\xff\xd8" and b"Exif" not in data[:4096]
    # the original is never served
    assert (
        client_for(akun.petugas).get(reverse("pendataan:foto", args=[foto.pk, "asli"])).status_code
        == 404
    )


def test_a_missing_photo_can_be_sent_from_the_visit_page(
    akun, keluarga, client_for, tugas_di_proses_ini
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pendataan.demo import foto_kamera_jpeg

    client = client_for(akun.petugas)
    foto_uuid = str(uuid.uuid4())
    data = data_kunjungan(keluarga, foto=[{"uuid": foto_uuid, "jenis": "kk"}])
    body = kirim(client, keluarga, data).json()
    page = client.get(body["url"]).content.decode()
    assert "Foto yang belum sampai" in page and 'name="dari_halaman"' in page
    rusak = SimpleUploadedFile("kk.jpg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    response = client.post(
        body["foto_url"],
        {"dari_halaman": "1", "foto_uuid": foto_uuid, "jenis": "kk", "foto": rusak},
        follow=True,
    )
    assert "bukan foto" in response.content.decode()
    baik = SimpleUploadedFile("kk.jpg", foto_kamera_jpeg(ukuran=(640, 480)), "image/jpeg")
    response = client.post(
        body["foto_url"],
        {"dari_halaman": "1", "foto_uuid": foto_uuid, "jenis": "kk", "foto": baik},
        follow=True,
    )
    assert "Foto diterima" in response.content.decode()
    assert "Foto yang belum sampai" not in response.content.decode()


def test_a_second_visit_far_from_the_first_is_flagged(akun, keluarga):
    kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data_kunjungan(keluarga))
    kedua, _ = kunjungan_simpan(
        user=akun.petugas,
        keluarga=keluarga,
        data=data_kunjungan(keluarga, latitude="0.472000", longitude="101.380000"),
    )
    bendera = {b["kode"]: b["pesan"] for b in kedua.bendera}
    assert "jauh_dari_titik_lama" in bendera
    assert "222 m" in bendera["jauh_dari_titik_lama"]


def test_the_family_page_masks_numbers_for_the_kecamatan_reviewer(akun, keluarga, client_for):
    url = reverse("pendataan:keluarga_detail", args=[keluarga.pk])
    admin = client_for(akun.admin_binawidya).get(url).content.decode()
    assert "1471081503900001" not in admin and "1471••••••••0001" in admin
    petugas = client_for(akun.petugas).get(url).content.decode()
    assert "1471081503900001" in petugas


def test_the_family_page_loads_visit_photos_on_the_officers_tap_only(akun, keluarga, client_for):
    from pendataan.models import FotoKunjungan

    kunjungan, _ = kunjungan_simpan(
        user=akun.petugas, keluarga=keluarga, data=data_kunjungan(keluarga)
    )
    FotoKunjungan.objects.create(
        kunjungan=kunjungan, foto_uuid=uuid.uuid4(), jenis="rumah", asli="x.jpg"
    )
    url = reverse("pendataan:keluarga_detail", args=[keluarga.pk])
    # a closed <details>: the phone fetches no thumbnail until the officer opens it
    petugas = client_for(akun.petugas).get(url).content.decode()
    assert '<details class="foto-riwayat">' in petugas and "1 foto" in petugas
    admin = client_for(akun.admin_binawidya).get(url).content.decode()
    assert '<details class="foto-riwayat" open>' in admin


def test_a_new_members_nik_elsewhere_in_the_city_is_not_revealed(akun, keluarga, keluarga_sail):
    data = data_kunjungan(keluarga, anggota_baru=[{"nik": "1471031503800009", "nama": "Pindahan"}])
    kunjungan, _ = kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data)
    assert kunjungan.anggota_set.filter(aksi="baru").count() == 1
    own = data_kunjungan(keluarga, anggota_baru=[{"nik": "1471081503900001", "nama": "Budi"}])
    with pytest.raises(ValidationError, match="sudah ada di keluarga ini"):
        kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=own)


def test_a_photo_not_announced_with_the_visit_is_refused(akun, keluarga, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pendataan.demo import foto_kamera_jpeg

    client = client_for(akun.petugas)
    body = kirim(client, keluarga, data_kunjungan(keluarga)).json()
    foto = SimpleUploadedFile("x.jpg", foto_kamera_jpeg(ukuran=(640, 480)), "image/jpeg")
    response = client.post(
        body["foto_url"], {"foto_uuid": str(uuid.uuid4()), "jenis": "rumah", "foto": foto}
    )
    assert response.status_code == 400
    assert "tidak tercatat" in response.json()["pesan"]
