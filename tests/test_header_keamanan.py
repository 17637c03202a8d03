"""Security headers on every URL, under the production settings (issue 13, point 3):
a Content-Security-Policy without inline script, Permissions-Policy, nosniff, frame
deny, Referrer-Policy, HSTS over HTTPS, and `no-store` wherever a whole NIK or KK
number is in the answer (found by looking for the fixtures' numbers in the body)."""

import json
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from akun.models import Peran
from tests.pendataan import conftest as pendataan
from tests.test_access import PUBLIK, TABEL
from tests.test_healthz import _production

keluarga = pendataan.keluarga
tugas_di_proses_ini = pendataan.tugas_di_proses_ini

# the whole numbers of the fixtures of tests/pendataan (family pages, visits, searches)
NOMOR_UTUH = re.compile(rb"1471081503900001|1471080101200001|1471085503920002")
# the role that sees the most (whole NIKs) among those allowed to open a URL
URUTAN_PERAN = [
    Peran.DINSOS,
    Peran.PETUGAS,
    Peran.ADMIN_KECAMATAN,
    Peran.SUPERADMIN,
    Peran.BKPSDM,
    Peran.PIMPINAN,
]
DIBACA = [
    "SECURE_HSTS_SECONDS",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "MIDDLEWARE",
    "CONTENT_SECURITY_POLICY",
    "PERMISSIONS_POLICY",
]


@pytest.fixture(scope="module")
def produksi() -> dict:
    """The security settings as config/settings/production.py makes them."""
    kode = (
        "import json; "
        f"print(json.dumps({{k: getattr(settings, k) for k in {DIBACA!r}}}, default=str))"
    )
    hasil = _production({"SECRET_KEY": "k3y-" * 12}, kode)
    assert hasil.returncode == 0, hasil.stderr
    return json.loads(hasil.stdout.strip().splitlines()[-1])


@pytest.fixture
def seperti_produksi(settings, produksi):
    """The test settings with production's HTTPS and middleware settings; the policies
    themselves are the same objects in both (base.py), checked below."""
    for nama in DIBACA[:5]:
        nilai = produksi[nama]
        setattr(settings, nama, tuple(nilai) if nama == "SECURE_PROXY_SSL_HEADER" else nilai)
    return settings


def _periksa(response, url: str) -> None:
    csp = response["Content-Security-Policy"]
    arahan = dict(
        (bagian.split(" ", 1) + [""])[:2] for bagian in (b.strip() for b in csp.split(";"))
    )
    assert "'unsafe-inline'" not in arahan["script-src"], url
    assert "'unsafe-eval'" not in arahan["script-src"], url
    assert "'unsafe-inline'" not in arahan["style-src"], url
    assert arahan["object-src"] == "'none'" and arahan["frame-ancestors"] == "'none'", url
    izin = response["Permissions-Policy"]
    for bagian in ("geolocation=(self)", "camera=(self)", "microphone=()"):
        assert bagian in izin, url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["Referrer-Policy"] == "same-origin", url
    assert response["Strict-Transport-Security"] == "max-age=31536000", url
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        assert response["X-Frame-Options"] == "DENY", url
    isi = b"".join(response.streaming_content) if response.streaming else response.content
    if NOMOR_UTUH.search(isi):
        assert "no-store" in response.get("Cache-Control", ""), url


def test_production_turns_hsts_on_and_keeps_the_headers(produksi, settings):
    assert produksi["SECURE_HSTS_SECONDS"] == 31536000
    assert produksi["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert "csp.middleware.CSPMiddleware" in produksi["MIDDLEWARE"]
    assert "django_permissions_policy.PermissionsPolicyMiddleware" in produksi["MIDDLEWARE"]
    assert "lib.tembolok.TanpaSimpanMiddleware" in produksi["MIDDLEWARE"]
    for nama in ("CONTENT_SECURITY_POLICY", "PERMISSIONS_POLICY"):  # the tests' own, too
        assert produksi[nama] == json.loads(json.dumps(getattr(settings, nama), default=str))


def test_every_url_answers_with_the_security_headers(
    seperti_produksi, kota, akun, client_for, client, keluarga, record_property
):
    """Each URL opened by the role that sees most of it, over HTTPS behind the proxy."""
    dengan_nomor = 0
    for nama in sorted(TABEL):
        args_for, boleh = TABEL[nama]
        url = reverse(nama, args=args_for(kota))
        if boleh == PUBLIK or not boleh:
            klien = client
        else:
            peran = next(p for p in URUTAN_PERAN if p in boleh)
            klien = client_for(akun.by_peran()[peran])
        response = klien.get(url, headers={"X-Forwarded-Proto": "https"})
        if response.status_code == 405:
            response = klien.post(url, {}, headers={"X-Forwarded-Proto": "https"})
        _periksa(response, url)
        isi = b"" if response.streaming else response.content
        dengan_nomor += bool(NOMOR_UTUH.search(isi))
    record_property("angka: halaman dengan NIK/KK utuh", dengan_nomor)
    assert dengan_nomor >= 3  # the family page, the visit, the worklist search at least


def test_over_plain_http_there_is_no_hsts(seperti_produksi, client, db):
    response = client.get(reverse("akun:login"))
    assert "Strict-Transport-Security" not in response
    assert "Content-Security-Policy" in response


def test_a_page_with_whole_niks_is_never_cached(akun, keluarga, client_for):
    response = client_for(akun.dinsos).get(reverse("pendataan:keluarga_detail", args=[keluarga.pk]))
    assert b"1471081503900001" in response.content
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("jenis", "cache"),
    [("kk", "private, no-store"), ("ktp", "private, no-store"), ("rumah", "private, max-age=600")],
)
def test_kk_and_ktp_photos_are_never_cached_house_photos_are(
    akun,
    keluarga,
    client_for,
    django_capture_on_commit_callbacks,
    tugas_di_proses_ini,
    jenis,
    cache,
):
    from pendataan.demo import foto_kamera_jpeg
    from pendataan.foto import foto_terima
    from pendataan.services import kunjungan_simpan
    from tests.pendataan.conftest import data_kunjungan

    kunjungan, _ = kunjungan_simpan(
        user=akun.petugas, keluarga=keluarga, data=data_kunjungan(keluarga)
    )
    berkas = SimpleUploadedFile("foto.jpg", foto_kamera_jpeg(ukuran=(800, 600)), "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        foto, _ = foto_terima(
            kunjungan=kunjungan, foto_uuid=uuid.uuid4(), jenis=jenis, berkas=berkas
        )
    response = client_for(akun.dinsos).get(reverse("pendataan:foto", args=[foto.pk, "besar"]))
    assert response.status_code == 200
    assert response["Cache-Control"] == cache
