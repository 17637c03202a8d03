"""Every URL against every role.

New URLs join automatically: `test_every_url_is_in_the_table` fails for a
named URL that has no row here, so a view cannot slip in unchecked.
"""

import json

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from akun.models import Peran, User
from tests.akses_tulis import Tulis
from tests.audit import akses as akses_audit
from tests.bansos import akses as akses_bansos
from tests.bansos import akses_program, akses_tugas
from tests.conftest import PASSWORD
from tests.dasbor import akses as akses_dasbor
from tests.pendataan import akses_desil, akses_kunjungan, akses_pemeriksaan
from tests.pendataan import akses_impor as akses_impor_keluarga
from tests.petugas import akses_impor, akses_kartu, akses_penempatan
from tests.pimpinan import akses as akses_pimpinan
from tests.siksng import akses as akses_siksng

SEMUA = set(Peran.values)
# The data-protection officer opens the audit pages and nothing else (tests/audit/akses.py).
BUKAN_PETUGAS = SEMUA - {Peran.PETUGAS, Peran.PDP}
PUBLIK = "publik"

# url name -> (args built from the fixtures, roles that may open it; PUBLIK: anyone).
# A view that answers GET with 405 is POST-only: it is checked with an empty POST here, and
# with a real body from TULIS (below) in test_post_with_a_real_body.
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
    "wilayah:rw_detail": (lambda k: [k.rw_simpangbaru_1.pk], SEMUA - {Peran.PDP}),
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
    akses_desil.TABEL,
    akses_tugas.TABEL,
    akses_pimpinan.TABEL,
    akses_dasbor.TABEL,
    akses_audit.TABEL,
    akses_siksng.TABEL,
):
    assert not set(_bagian) & set(TABEL)
    TABEL.update(_bagian)

# The roles whose scope is a part of the city: the admin of Binawidya (akun.admin_binawidya)
# and the officer of Simpangbaru RW 1 (akun.petugas).
BERCAKUPAN = {Peran.ADMIN_KECAMATAN, Peran.PETUGAS}

# url name -> args naming an object outside the scope of both: in Sail (Cinta Raja). Each of
# the scoped roles the row lets in must get 404 (or 403) for it.
DI_LUAR_CAKUPAN = {
    "wilayah:kecamatan_detail": lambda k: [k.sail.kode],
    "wilayah:kelurahan_detail": lambda k: [k.cinta_raja.kode],
    "wilayah:rw_detail": lambda k: [k.rw_cinta_raja_1.pk],
    "wilayah:rw_titik": lambda k: [k.rw_cinta_raja_1.pk],
    **akses_dasbor.DI_LUAR_CAKUPAN,
    **akses_kunjungan.DI_LUAR_CAKUPAN,
    **akses_pemeriksaan.DI_LUAR_CAKUPAN,
    **akses_bansos.DI_LUAR_CAKUPAN,
    **akses_siksng.DI_LUAR_CAKUPAN,
}

# url name -> args naming an object in Binawidya but in another RW than the officer's
# (Simpangbaru RW 2): the officer must get 404 (or 403) for it.
DI_LUAR_RW = {
    "wilayah:rw_detail": lambda k: [k.rw_simpangbaru_2.pk],
    **akses_kunjungan.DI_LUAR_RW,
    **akses_pemeriksaan.DI_LUAR_RW,
}

_SEKOTA = "city-wide: only roles that see the whole city may open it"
# URLs with args that need no out-of-scope row, and why. Every other URL with args must
# have a row above (test_every_url_with_args_has_an_out_of_scope_row).
TANPA_CAKUPAN = {
    # the arg is a level ("kecamatan"/"kelurahan"), not an object; the boundaries are cut
    # to the user's scope by kecamatan_for (tests/wilayah)
    "wilayah:batas": "the arg is a level, not an object",
    # no role may open it in the table (no processed photo exists there); the scoped 404s
    # of a real photo are in tests/pendataan
    "pendataan:foto": "nobody is let in by the table",
    # a report lives in the uploader's own session under a random key
    "pendataan:keluarga_impor_laporan": "a key in the uploader's own session",
    "petugas:kandidat_impor_laporan": "a key in the uploader's own session",
    **akses_tugas.TANPA_CAKUPAN,
    # Dinsos's imports and programs: Dinsos works for the whole city
    "bansos:impor_penerima_status": _SEKOTA,
    "bansos:program_batas_desil": _SEKOTA,
    "pendataan:impor_desil_status": _SEKOTA,
    # the data-protection officer's requests: the whole city
    "audit:permintaan_tutup": _SEKOTA,
    # Dinsos's closing of a month's SIKS-NG file: the whole city
    **{name: _SEKOTA for name in akses_siksng.TANPA_CAKUPAN_SEKOTA},
    **akses_siksng.TANPA_CAKUPAN,
    # BKPSDM places and equips the officers of the whole city
    **{
        name: _SEKOTA
        for name in (
            "petugas:detail",
            "petugas:reset_sandi",
            "petugas:tersedia",
            "petugas:opd_ubah",
            "petugas:rencana",
            "petugas:rencana_terapkan",
            "petugas:rw",
            "petugas:rw_tempatkan",
            "petugas:penugasan_ganti",
            "petugas:penugasan_akhiri",
            "petugas:kartu_detail",
            "petugas:kartu_terbitkan",
            "petugas:kartu_cabut",
            "petugas:petugas_foto_unggah",
            "petugas:petugas_foto",
            "petugas:kartu_cetak",
        )
    },
    # a card's public check: anyone holding the token (the card's QR code) may open it
    "petugas:verifikasi": "public, by the card's token",
    "petugas:verifikasi_foto": "public, by the card's token",
}


def _titik(k, args):
    from wilayah.models import RW

    return RW.objects.filter(pk=args[0]).values_list("latitude", "longitude").get()


def _sandi_semua(k, args):
    return list(User.objects.order_by("pk").values_list("password", flat=True))


# url name -> a real body for a POST view, and what it changes (tests/akses_tulis.py):
# test_post_with_a_real_body sends it as every role. Every POST-only view must have one
# (test_role_against_url fails otherwise); every form view has one too, except the public
# sign-in (akun:login, tests/akun) and akun:logout (checked in test_role_against_url).
TULIS = {
    "wilayah:rw_titik": Tulis(
        lambda k, args: {"latitude": "0.471234", "longitude": "101.381234"}, _titik
    ),
    "akun:password_change": Tulis(
        lambda k, args: {
            "old_password": PASSWORD,
            "new_password1": "Sandi-Baru-Uji-2026",
            "new_password2": "Sandi-Baru-Uji-2026",
        },
        _sandi_semua,
    ),
}
for _bagian in (
    akses_kunjungan.TULIS,
    akses_pemeriksaan.TULIS,
    akses_bansos.TULIS,
    akses_program.TULIS,
    akses_kartu.TULIS,
    akses_penempatan.TULIS,
    akses_audit.TULIS,
    akses_impor.TULIS,
    akses_impor_keluarga.TULIS,
    akses_desil.TULIS,
    akses_siksng.TULIS,
    akses_tugas.TULIS,
):
    assert not set(_bagian) & set(TULIS)
    TULIS.update(_bagian)


def _names(resolver=None, prefix="", *, dengan_args=False):
    """Every named URL (with `dengan_args`, only those whose path takes args)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _names(entry, ns, dengan_args=dengan_args)
        elif isinstance(entry, URLPattern) and entry.name:
            if dengan_args and not entry.pattern.regex.groups:
                continue
            yield prefix + entry.name


def test_every_url_is_in_the_table():
    assert set(_names()) == set(TABEL), "add the new URL to TABEL with the roles that may open it"


def test_every_url_with_args_has_an_out_of_scope_row():
    met_args = set(_names(dengan_args=True))
    assert met_args, "no URL with args found"
    tanpa = met_args - set(DI_LUAR_CAKUPAN) - set(TANPA_CAKUPAN)
    assert not tanpa, f"add a DI_LUAR_CAKUPAN row or a TANPA_CAKUPAN reason for {sorted(tanpa)}"
    assert not set(DI_LUAR_CAKUPAN) & set(TANPA_CAKUPAN)
    assert set(DI_LUAR_CAKUPAN) | set(DI_LUAR_RW) | set(TANPA_CAKUPAN) <= set(TABEL)
    # a city-wide reason only where no scoped role is let in
    for name, alasan in TANPA_CAKUPAN.items():
        allowed = TABEL[name][1]
        if alasan == _SEKOTA:
            assert allowed != PUBLIK and not allowed & BERCAKUPAN, name
    # a row only where a scoped role is let in, else it tests nothing
    for name in DI_LUAR_CAKUPAN:
        assert TABEL[name][1] & BERCAKUPAN, name
    for name in DI_LUAR_RW:
        assert Peran.PETUGAS in TABEL[name][1], name
    # every URL the officer opens with an object is checked against another RW too
    for name in DI_LUAR_CAKUPAN:
        if Peran.PETUGAS in TABEL[name][1]:
            assert name in DI_LUAR_RW, f"add a DI_LUAR_RW row for {name}"


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
        assert name in TULIS, "add a real body for this POST-only view to TULIS"
        # A POST-only view (a write): an empty POST must be refused outside the
        # allowed roles, and must not crash for the allowed ones (the real body: TULIS).
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


def _kirim(client, url, tulis: Tulis, badan: dict):
    if tulis.json:
        return client.post(url, json.dumps(badan), content_type="application/json")
    return client.post(url, badan)


def test_every_write_row_is_in_the_table():
    assert set(TULIS) <= set(TABEL)


@pytest.mark.parametrize("name", sorted(TULIS))
@pytest.mark.parametrize("peran", sorted(SEMUA))
def test_post_with_a_real_body(name, peran, kota, akun, client_for):
    """The allowed roles make the write; every other role is refused and changes nothing."""
    args_for, allowed = TABEL[name]
    tulis = TULIS[name]
    args = args_for(kota)
    badan = tulis.badan(kota, args)
    sebelum = tulis.keadaan(kota, args)
    response = _kirim(client_for(akun.by_peran()[peran]), reverse(name, args=args), tulis, badan)
    sesudah = tulis.keadaan(kota, args)
    if (allowed == PUBLIK or peran in allowed) and peran not in tulis.tanpa_tulis:
        assert response.status_code in (200, 201, 302), response.status_code
        assert sesudah != sebelum, "the write did not happen"
    elif allowed == PUBLIK or peran in allowed:
        assert response.status_code in (200, 302, 400, 403, 404), response.status_code
        assert sesudah == sebelum
    else:
        assert response.status_code in (403, 404), response.status_code
        assert sesudah == sebelum, "a refused role changed the database"


# CSRF is enforced in production: a sample of writes, each by a role allowed to make it.
CSRF_CONTOH = {
    "akun:password_change": Peran.PETUGAS,
    "pendataan:kunjungan_kirim": Peran.PETUGAS,
    "pendataan:kunjungan_periksa": Peran.ADMIN_KECAMATAN,
    "petugas:kartu_terbitkan": Peran.BKPSDM,
    "bansos:program_batas_desil": Peran.DINSOS,
    "audit:permintaan_tutup": Peran.PDP,
    "siksng:muskel_baru": Peran.ADMIN_KECAMATAN,
    "wilayah:rw_titik": Peran.SUPERADMIN,
}


@pytest.mark.parametrize("name", sorted(CSRF_CONTOH))
def test_post_without_csrf_token_is_refused(name, kota, akun):
    args_for, allowed = TABEL[name]
    peran = CSRF_CONTOH[name]
    assert peran in allowed
    tulis = TULIS[name]
    args = args_for(kota)
    badan = tulis.badan(kota, args)
    sebelum = tulis.keadaan(kota, args)
    client = Client(enforce_csrf_checks=True)
    client.force_login(akun.by_peran()[peran])
    response = _kirim(client, reverse(name, args=args), tulis, badan)
    assert response.status_code == 403
    assert tulis.keadaan(kota, args) == sebelum


def _minta(client, url):
    """GET, or for a POST-only view an empty POST (the object is looked up first)."""
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


def _tulis_di_luar(client, name, args, kota):
    """A write with the real body on an object outside the scope: refused, nothing changed."""
    tulis = TULIS[name]
    badan = tulis.badan(kota, args)
    sebelum = tulis.keadaan(kota, args)
    response = _kirim(client, reverse(name, args=args), tulis, badan)
    assert response.status_code in (403, 404), response.status_code
    assert tulis.keadaan(kota, args) == sebelum, "an out-of-scope write changed the database"


_LUAR = [
    (name, peran)
    for name in sorted(DI_LUAR_CAKUPAN)
    for peran in sorted(BERCAKUPAN & TABEL[name][1])
]


@pytest.mark.parametrize(("name", "peran"), _LUAR)
def test_object_outside_scope_is_404(name, peran, kota, akun, client_for):
    user = akun.by_peran()[peran]
    args = DI_LUAR_CAKUPAN[name](kota)
    url = reverse(name, args=args)
    response = _minta(client_for(user), url)
    assert response.status_code in (403, 404), response.status_code
    if name in TULIS:
        _tulis_di_luar(client_for(user), name, args, kota)
    if Peran.SUPERADMIN in TABEL[name][1]:
        # the object exists and opens for the city-wide superadmin: the 404 was the scope
        assert _minta(client_for(akun.superadmin), url).status_code != 404


# POST views without args whose body names an object: the body names one outside the scope.
TULIS_DI_LUAR = {**akses_bansos.TULIS_DI_LUAR, **akses_pemeriksaan.TULIS_DI_LUAR}


@pytest.mark.parametrize(
    ("name", "peran"),
    [(n, p) for n in sorted(TULIS_DI_LUAR) for p in sorted(BERCAKUPAN & TABEL[n][1])],
)
def test_body_naming_an_object_outside_scope_writes_nothing(name, peran, kota, akun, client_for):
    tulis = TULIS_DI_LUAR[name]
    badan = tulis.badan(kota, [])
    sebelum = tulis.keadaan(kota, [])
    response = _kirim(client_for(akun.by_peran()[peran]), reverse(name), tulis, badan)
    assert response.status_code in (302, 400, 403, 404), response.status_code
    assert tulis.keadaan(kota, []) == sebelum, "an out-of-scope write changed the database"
    # the same body from the city-wide superadmin makes the write: the object was fine
    _kirim(client_for(akun.superadmin), reverse(name), tulis, badan)
    assert tulis.keadaan(kota, []) != sebelum


@pytest.mark.parametrize("name", sorted(DI_LUAR_RW))
def test_object_in_another_rw_is_404_for_the_officer(name, kota, akun, client_for):
    args = DI_LUAR_RW[name](kota)
    response = _minta(client_for(akun.petugas), reverse(name, args=args))
    assert response.status_code in (403, 404), response.status_code
    if name in TULIS:
        _tulis_di_luar(client_for(akun.petugas), name, args, kota)


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
