"""Every URL against every role.

New URLs join automatically: `test_every_url_is_in_the_table` fails for a
named URL that has no row here, so a view cannot slip in unchecked.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from akun.models import Peran
from tests.bansos import akses as akses_bansos
from tests.bansos import akses_program
from tests.dasbor import akses as akses_dasbor
from tests.pendataan import akses_impor as akses_impor_keluarga
from tests.pendataan import akses_kunjungan, akses_pemeriksaan
from tests.petugas import akses_impor, akses_kartu, akses_penempatan
from tests.pimpinan import akses as akses_pimpinan

SEMUA = set(Peran.values)
BUKAN_PETUGAS = SEMUA - {Peran.PETUGAS}
PUBLIK = "publik"

# url name -> (args built from the fixtures, roles that may open it; PUBLIK: anyone).
# A view that answers GET with 405 is POST-only: it is checked with an empty POST.
TABEL = {
    "root": (lambda k: [], PUBLIK),
    "healthz": (lambda k: [], PUBLIK),
    "akun:login": (lambda k: [], PUBLIK),
    "akun:logout": (lambda k: [], PUBLIK),  # POST only; checked in tests/akun
    "akun:password_change": (lambda k: [], SEMUA),
    "akun:password_change_done": (lambda k: [], SEMUA),
    "akun:beranda": (lambda k: [], SEMUA),
    "wilayah:kecamatan_list": (lambda k: [], BUKAN_PETUGAS),
    "wilayah:kecamatan_detail": (lambda k: [k.binawidya.kode], BUKAN_PETUGAS),
    "wilayah:kelurahan_detail": (lambda k: [k.simpangbaru.kode], BUKAN_PETUGAS),
    "wilayah:rw_detail": (lambda k: [k.rw_simpangbaru_1.pk], SEMUA),
    "wilayah:rw_titik": (
        lambda k: [k.rw_simpangbaru_1.pk],
        {Peran.ADMIN_KECAMATAN, Peran.BKPSDM, Peran.SUPERADMIN},
    ),
    "wilayah:batas": (lambda k: ["kelurahan"], BUKAN_PETUGAS),
}

# Each feature keeps its rows in its own file, next to its tests.
for _bagian in (
    akses_impor.TABEL,
    akses_kartu.TABEL,
    akses_penempatan.TABEL,
    akses_kunjungan.TABEL,
    akses_pemeriksaan.TABEL,
    akses_impor_keluarga.TABEL,
    akses_bansos.TABEL,
    akses_program.TABEL,
    akses_pimpinan.TABEL,
    akses_dasbor.TABEL,
):
    assert not set(_bagian) & set(TABEL)
    TABEL.update(_bagian)

# Objects outside the scope of the admin of Binawidya and of the Simpangbaru officer.
DI_LUAR_CAKUPAN = {
    "wilayah:kecamatan_detail": lambda k: [k.sail.kode],
    "wilayah:kelurahan_detail": lambda k: [k.cinta_raja.kode],
    "wilayah:rw_detail": lambda k: [k.rw_cinta_raja_1.pk],
    "wilayah:rw_titik": lambda k: [k.rw_cinta_raja_1.pk],
    **akses_dasbor.DI_LUAR_CAKUPAN,
}


def _names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _names(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name


def test_every_url_is_in_the_table():
    assert set(_names()) == set(TABEL), "add the new URL to TABEL with the roles that may open it"


@pytest.mark.parametrize("name", sorted(TABEL))
@pytest.mark.parametrize("peran", sorted(SEMUA))
def test_role_against_url(name, peran, kota, akun, client_for):
    args_for, allowed = TABEL[name]
    user = akun.by_peran()[peran]
    url = reverse(name, args=args_for(kota))
    if name == "akun:logout":  # POST only, like every write
        assert client_for(user).get(url).status_code == 405
        response = client_for(user).post(url)
        assert response.status_code == 302
        return
    client = client_for(user)
    response = client.get(url)
    if response.status_code == 405:
        # A POST-only view (a write): an empty POST must be refused outside the
        # allowed roles, and must not crash for the allowed ones.
        response = client.post(url, {})
        if allowed == PUBLIK or peran in allowed:
            # let in: the empty form is answered (a redirect with a message, or a
            # 400 saying what is missing), never a crash
            assert response.status_code in (200, 302, 400), response.status_code
        else:
            assert response.status_code in (403, 404), response.status_code
        return
    if allowed == PUBLIK or peran in allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert name in ("root", "akun:login")
    else:
        assert response.status_code in (403, 404)


@pytest.mark.parametrize(
    "name", sorted(n for n, (_, allowed) in TABEL.items() if allowed != PUBLIK)
)
def test_anonymous_is_sent_to_login(name, kota, akun, client):
    args_for, _ = TABEL[name]
    url = reverse(name, args=args_for(kota))
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    if getattr(resolve(url).func, "json_api", False):
        # the phone's endpoints: fetch() would follow a redirect to an HTML page
        assert (response.status_code, response.json()["kode"]) == (401, "sesi")
        return
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("akun:login"))


@pytest.mark.parametrize("name", sorted(DI_LUAR_CAKUPAN))
def test_object_outside_admin_kecamatan_scope_is_404(name, kota, akun, client_for):
    response = client_for(akun.admin_binawidya).get(reverse(name, args=DI_LUAR_CAKUPAN[name](kota)))
    assert response.status_code == 404


def test_rw_outside_petugas_scope_is_404(kota, akun, client_for):
    client = client_for(akun.petugas)
    own = client.get(reverse("wilayah:rw_detail", args=[kota.rw_simpangbaru_1.pk]))
    neighbour = client.get(reverse("wilayah:rw_detail", args=[kota.rw_simpangbaru_2.pk]))
    assert own.status_code == 200
    assert neighbour.status_code == 404


def test_unknown_code_is_404(kota, akun, client_for):
    response = client_for(akun.bkpsdm).get(reverse("wilayah:kecamatan_detail", args=["99.99.99"]))
    assert response.status_code == 404


def test_django_admin_only_for_superadmin(kota, akun, client_for):
    for peran, user in akun.by_peran().items():
        response = client_for(user).get(reverse("admin:index"))
        assert response.status_code == (200 if peran == Peran.SUPERADMIN else 302), peran


def test_counts_of_filled_rw_count_only_active_placements(kota, akun, client_for):
    from petugas.services import penugasan_akhiri
    from wilayah.models import Kecamatan, Kelurahan
    from wilayah.selectors import kecamatan_ringkasan, kelurahan_ringkasan

    simpangbaru = kelurahan_ringkasan(Kelurahan.objects.filter(pk=kota.simpangbaru.pk)).get()
    assert (simpangbaru.jumlah_rw, simpangbaru.jumlah_rw_terisi) == (2, 1)
    binawidya = kecamatan_ringkasan(Kecamatan.objects.filter(pk=kota.binawidya.pk)).get()
    assert (binawidya.jumlah_rw, binawidya.jumlah_rw_terisi, binawidya.jumlah_rw_kosong) == (
        3,
        1,
        2,
    )
    penugasan_akhiri(penugasan=akun.petugas.petugas.penugasan_set.get(), alasan="pindah")
    binawidya = kecamatan_ringkasan(Kecamatan.objects.filter(pk=kota.binawidya.pk)).get()
    assert (binawidya.jumlah_rw_terisi, binawidya.jumlah_rw_kosong) == (0, 3)
