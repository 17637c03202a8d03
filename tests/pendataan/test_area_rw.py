"""The "far from the RW" flag: never against an estimated point; an RW's area learned
from its approved visits, or its point set on the map (issue 15, point 1)."""

import math
import random
from decimal import Decimal

import pytest
from django.urls import reverse
from shapely.geometry import Point, shape

from akun.models import Peran
from akun.services import user_buat
from pendataan import pemeriksaan
from pendataan.area_rw import MIN_TITIK, rw_titik_tetapkan
from pendataan.models import AnggotaKeluarga, Hubungan, Keluarga, Kunjungan
from pendataan.services import kunjungan_simpan
from tests.conftest import DATA, PASSWORD, buat_petugas
from tests.pendataan.conftest import data_kunjungan
from wilayah import geo
from wilayah.demo import rw_demo_buat, titik_tersebar
from wilayah.models import RW, Kelurahan, SumberTitik
from wilayah.services import batas_import_geojson, wilayah_import_csv

METER = 1 / geo.METER_PER_DERAJAT


@pytest.fixture
def demo(db):
    """The demo's city: real kelurahan boundaries and 733 estimated RWs; an officer in
    RW 01 Simpangbaru and the Binawidya and Sail admins."""
    wilayah_import_csv(data=(DATA / "pekanbaru_wilayah.csv").read_bytes())
    batas_import_geojson(data=(DATA / "pekanbaru_batas.geojson").read_bytes())
    rw_demo_buat()
    rw = RW.objects.select_related("kelurahan").get(kelurahan__kode="14.71.08.1001", nomor=1)
    petugas = buat_petugas(ni_pppk="199003152025011001", nama="Petugas Demo", rw=rw)
    kel = {k.kode: k for k in Kelurahan.objects.all()}
    admin = user_buat(
        username="admin.binawidya",
        password=PASSWORD,
        peran=Peran.ADMIN_KECAMATAN,
        kecamatan=kel["14.71.08.1001"].kecamatan,
    )
    return rw, petugas.user, admin


def pusat_sebenarnya(rw: RW) -> tuple[float, float]:
    """Where the RW really is: a point of its kelurahan 300 m from every edge and more
    than 1.5 km from the estimated centre (the tester saw 2,290 m)."""
    batas = shape(rw.kelurahan.batas)
    for lat, lng in titik_tersebar(rw.kelurahan.batas, 40, "sebenarnya"):
        jauh = geo.jarak_m(lat, lng, float(rw.latitude), float(rw.longitude))
        if jauh > 1500 and batas.buffer(-300 * METER).contains(Point(lng, lat)):
            return lat, lng
    raise AssertionError("no such point in the kelurahan")


def di_sekitar(pusat, rng, radius_m=250):
    """A house within `radius_m` of the centre (uniform over the disc)."""
    r, sudut = radius_m * rng.random() ** 0.5, rng.uniform(0, 2 * math.pi)
    return (
        pusat[0] + r * math.sin(sudut) * METER,
        pusat[1] + r * math.cos(sudut) * METER / math.cos(math.radians(pusat[0])),
    )


def kunjungi(rw, petugas, nomor: int, titik) -> Kunjungan:
    keluarga = Keluarga.objects.create(nomor_kk=f"14710801012{nomor:05d}", rw=rw, rt=1)
    AnggotaKeluarga.objects.create(
        keluarga=keluarga,
        nik=f"14710815039{nomor:05d}",
        nama=f"Warga {nomor}",
        hubungan=Hubungan.KEPALA,
        jenis_kelamin="L",
    )
    data = data_kunjungan(
        keluarga, latitude=f"{titik[0]:.6f}", longitude=f"{titik[1]:.6f}", akurasi_m=10
    )
    return kunjungan_simpan(user=petugas, keluarga=keluarga, data=data)[0]


def jauh(k: Kunjungan) -> list[str]:
    return [b["pesan"] for b in k.bendera if b["kode"] == "jauh_dari_rw"]


def test_visits_inside_the_rw_are_not_flagged_against_an_estimated_centre(demo):
    rw, petugas, admin = demo
    assert rw.titik_sumber == SumberTitik.ESTIMASI
    pusat, rng = pusat_sebenarnya(rw), random.Random(15)
    kunjungan = []
    for nomor in range(60):
        k = kunjungi(rw, petugas, nomor, di_sekitar(pusat, rng))
        kunjungan.append(k)
        pemeriksaan.kunjungan_setujui(kunjungan=k, oleh=admin)
    bertanda = [k for k in kunjungan if jauh(k)]
    assert len(bertanda) <= 0.05 * len(kunjungan), jauh(bertanda[0])
    # the area was learned from the approved points, near where the houses really are
    rw.refresh_from_db()
    assert rw.titik_sumber == SumberTitik.KUNJUNGAN
    assert rw.jumlah_titik == 60
    assert geo.jarak_m(float(rw.latitude), float(rw.longitude), *pusat) < 60
    assert 150 < rw.sebaran_m <= 250


def test_a_point_in_another_kelurahan_is_always_flagged(demo):
    rw, petugas, admin = demo
    delima = Kelurahan.objects.get(kode="14.71.08.1008")
    di_delima = geo.titik_wakil(delima.batas)
    # with the estimated centre only
    pesan = jauh(kunjungi(rw, petugas, 900, (float(di_delima[0]), float(di_delima[1]))))
    assert len(pesan) == 1 and "di luar batas kelurahan Simpangbaru" in pesan[0]
    # once the area is learned
    pusat, rng = pusat_sebenarnya(rw), random.Random(7)
    for nomor in range(MIN_TITIK):
        pemeriksaan.kunjungan_setujui(
            kunjungan=kunjungi(rw, petugas, nomor, di_sekitar(pusat, rng)), oleh=admin
        )
    pesan = jauh(kunjungi(rw, petugas, 901, (float(di_delima[0]), float(di_delima[1]))))
    assert len(pesan) == 1 and "di luar batas kelurahan Simpangbaru" in pesan[0]
    # a point in the kelurahan but far from the learned area, with the rule in words
    rw.refresh_from_db()
    jauh_1km = (pusat[0] + 1000 * METER, pusat[1])
    if not geo.dalam_batas(rw.kelurahan.batas, *jauh_1km):
        jauh_1km = (pusat[0] - 1000 * METER, pusat[1])
    pesan = jauh(kunjungi(rw, petugas, 902, jauh_1km))
    assert len(pesan) == 1
    assert f"dihitung dari {MIN_TITIK} titik kunjungan yang disetujui" in pesan[0]
    # and once the admin set the point on the map
    rw_titik_tetapkan(
        rw=rw, latitude=Decimal(f"{pusat[0]:.6f}"), longitude=Decimal(f"{pusat[1]:.6f}"), oleh=admin
    )
    pesan = jauh(kunjungi(rw, petugas, 903, (float(di_delima[0]), float(di_delima[1]))))
    assert len(pesan) == 1 and "di luar batas kelurahan Simpangbaru" in pesan[0]


def test_fewer_than_enough_points_teach_nothing(demo):
    rw, petugas, admin = demo
    estimasi = (rw.latitude, rw.longitude)
    pusat, rng = pusat_sebenarnya(rw), random.Random(3)
    for nomor in range(MIN_TITIK - 1):
        pemeriksaan.kunjungan_setujui(
            kunjungan=kunjungi(rw, petugas, nomor, di_sekitar(pusat, rng)), oleh=admin
        )
    rw.refresh_from_db()
    assert (rw.titik_sumber, rw.latitude, rw.longitude) == (SumberTitik.ESTIMASI, *estimasi)


# --- setting the point on the map


def test_the_admin_sets_the_point_and_waiting_visits_are_flagged_again(demo, client_for):
    rw, petugas, admin = demo
    pusat = pusat_sebenarnya(rw)
    dekat = kunjungi(rw, petugas, 1, pusat)
    jauh_1km = (pusat[0] + 1200 * METER, pusat[1])
    if not geo.dalam_batas(rw.kelurahan.batas, *jauh_1km):
        jauh_1km = (pusat[0] - 1200 * METER, pusat[1])
    menunggu = kunjungi(rw, petugas, 2, jauh_1km)
    assert not jauh(menunggu)  # nothing real to measure against yet

    client = client_for(admin)
    url = reverse("wilayah:rw_titik", args=[rw.pk])
    halaman = client.get(url)
    assert halaman.status_code == 200 and b'id="peta"' in halaman.content
    respon = client.post(url, {"latitude": f"{pusat[0]:.6f}", "longitude": f"{pusat[1]:.6f}"})
    assert respon.status_code == 302
    rw.refresh_from_db()
    assert (rw.titik_sumber, rw.titik_oleh) == (SumberTitik.DITETAPKAN, admin)
    menunggu.refresh_from_db()
    dekat.refresh_from_db()
    assert "dari titik RW yang ditetapkan di peta" in jauh(menunggu)[0]
    assert not jauh(dekat)
    # learning never overrides a point a person set
    for nomor in range(10, 10 + MIN_TITIK):
        pemeriksaan.kunjungan_setujui(kunjungan=kunjungi(rw, petugas, nomor, jauh_1km), oleh=admin)
    rw.refresh_from_db()
    assert rw.titik_sumber == SumberTitik.DITETAPKAN
    assert (float(rw.latitude), float(rw.longitude)) == pytest.approx(pusat, abs=1e-6)


def test_a_bad_point_is_refused_in_indonesian_and_changes_nothing(demo, client_for):
    rw, _petugas, admin = demo
    sebelum = (rw.latitude, rw.longitude, rw.titik_sumber)
    client = client_for(admin)
    for data, pesan in [
        ({"latitude": "0.9", "longitude": "101.0"}, "di luar kelurahan Simpangbaru"),
        ({"latitude": "abc", "longitude": "101.4"}, "Masukkan sebuah bilangan"),
        ({"latitude": "95", "longitude": "101.4"}, "lebih kecil dari atau sama dengan 90"),
        ({"latitude": "0.5"}, "tidak boleh kosong"),
    ]:
        respon = client.post(reverse("wilayah:rw_titik", args=[rw.pk]), data)
        assert respon.status_code == 200
        assert pesan in respon.content.decode(), data
        rw.refresh_from_db()
        assert (rw.latitude, rw.longitude, rw.titik_sumber) == sebelum


def test_bkpsdm_may_set_a_point_anywhere_in_the_city(demo, client_for):
    rw = RW.objects.get(kelurahan__kode="14.71.03.1001", nomor=1)
    bkpsdm = user_buat(username="bkpsdm", password=PASSWORD, peran=Peran.BKPSDM)
    lat, lng = geo.titik_wakil(rw.kelurahan.batas)
    respon = client_for(bkpsdm).post(
        reverse("wilayah:rw_titik", args=[rw.pk]), {"latitude": lat, "longitude": lng}
    )
    assert respon.status_code == 302
    rw.refresh_from_db()
    assert rw.titik_sumber == SumberTitik.DITETAPKAN


def test_another_kecamatans_admin_gets_404(demo, client_for):
    rw, _petugas, _admin = demo
    sail = Kelurahan.objects.get(kode="14.71.03.1001").kecamatan
    admin_sail = user_buat(
        username="admin.sail", password=PASSWORD, peran=Peran.ADMIN_KECAMATAN, kecamatan=sail
    )
    url = reverse("wilayah:rw_titik", args=[rw.pk])
    client = client_for(admin_sail)
    assert client.get(url).status_code == 404
    assert client.post(url, {"latitude": "0.47", "longitude": "101.38"}).status_code == 404
    rw.refresh_from_db()
    assert rw.titik_sumber == SumberTitik.ESTIMASI


def test_other_roles_get_403(demo, client_for):
    rw, petugas, _admin = demo
    url = reverse("wilayah:rw_titik", args=[rw.pk])
    for peran in [Peran.DINSOS, Peran.PIMPINAN]:
        user = user_buat(username=f"u-{peran}", password=PASSWORD, peran=peran)
        for pengguna in (petugas, user):
            client = client_for(pengguna)
            assert client.get(url).status_code == 403
            assert client.post(url, {"latitude": "0.47", "longitude": "101.38"}).status_code == 403
    rw.refresh_from_db()
    assert rw.titik_sumber == SumberTitik.ESTIMASI


def test_only_get_and_post(demo, client_for):
    rw, _petugas, admin = demo
    respon = client_for(admin).put(reverse("wilayah:rw_titik", args=[rw.pk]))
    assert respon.status_code == 405
