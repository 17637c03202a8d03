import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

LOGIN = "/akun/masuk/"


def login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.mark.parametrize(
    "siapa, landing",
    [
        ("petugas", "RW tugas saya"),
        ("admin_binawidya", "Kecamatan Binawidya"),
        ("bkpsdm", "Penempatan petugas per kecamatan"),
        ("dinsos", "Kota Pekanbaru"),
        ("pimpinan", "Ringkasan agregat tanpa data pribadi"),
        ("superadmin", "Buka admin Django"),
    ],
)
def test_each_role_lands_on_its_own_home(client, akun, siapa, landing):
    response = login(client, getattr(akun, siapa).username, PASSWORD)
    assert response.status_code == 302
    home = client.get(response["Location"], follow=True)
    assert landing in home.content.decode()


def test_the_login_page_is_indonesian(client, db):
    body = client.get(LOGIN).content.decode()
    assert "Masuk ke Portal 1 ASN 1 RW" in body
    assert 'lang="id"' in body


def test_wrong_password_gets_a_clear_message(client, akun):
    response = login(client, akun.dinsos.username, "salah")
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_account(client, akun, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, akun.dinsos.username, "salah").status_code == 200
    locked = login(client, akun.dinsos.username, "salah")
    assert locked.status_code == 429
    assert "Akun terkunci sementara" in locked.content.decode()
    # even the right password is refused while locked
    again = login(client, akun.dinsos.username, PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_of_one_user_leaves_others_alone(client, akun, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, akun.dinsos.username, "salah")
    assert login(client, akun.pimpinan.username, PASSWORD).status_code == 302


def test_logout_needs_post_and_ends_the_session(client_for, akun):
    client = client_for(akun.bkpsdm)
    assert client.get(reverse("akun:logout")).status_code == 405
    response = client.post(reverse("akun:logout"))
    assert response.status_code == 302
    assert client.get(reverse("akun:beranda")).status_code == 302


def test_password_change(client_for, akun):
    client = client_for(akun.pimpinan)
    response = client.post(
        reverse("akun:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Sandi-Baru-yang-Panjang-9",
            "new_password2": "Sandi-Baru-yang-Panjang-9",
        },
    )
    assert response.status_code == 302
    akun.pimpinan.refresh_from_db()
    assert akun.pimpinan.check_password("Sandi-Baru-yang-Panjang-9")


def test_password_change_with_a_wrong_old_password(client_for, akun):
    response = client_for(akun.pimpinan).post(
        reverse("akun:password_change"),
        {"old_password": "salah", "new_password1": "x", "new_password2": "x"},
    )
    assert response.status_code == 200
    assert "Kata sandi lama salah" in response.content.decode()


def test_an_officer_whose_placement_ended_sees_no_rw(client_for, akun, kota):
    from petugas.services import penugasan_akhiri

    penugasan_akhiri(penugasan=akun.petugas.petugas.penugasan_set.get(), alasan="mengundurkan diri")
    client = client_for(akun.petugas)
    body = client.get(reverse("akun:beranda")).content.decode()
    assert "tidak sedang ditugaskan" in body
    assert (
        client.get(reverse("wilayah:rw_detail", args=[kota.rw_simpangbaru_1.pk])).status_code == 404
    )


def test_admin_kecamatan_home_lists_only_its_kelurahan(client_for, akun):
    body = client_for(akun.admin_binawidya).get(reverse("akun:beranda")).content.decode()
    assert "Simpangbaru" in body and "Delima" in body
    assert "Cinta Raja" not in body and "Jadirejo" not in body
