"""The password rule: 12 characters, no common password, nothing like the user's own
data, no local words (akun/sandi.py); one-time passwords from BKPSDM meet it too."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from akun.management.commands.siapkan_demo import PASSWORD_DEMO
from akun.services import sandi_reset, sandi_sekali_pakai
from petugas.services import akun_petugas_siapkan
from tests.conftest import PASSWORD, buat_petugas


def _ditolak(sandi: str, user=None) -> list[str]:
    with pytest.raises(ValidationError) as galat:
        validate_password(sandi, user)
    return galat.value.messages


@pytest.mark.parametrize(
    "sandi",
    [
        "pekanbaru",
        "pekanbaru2026",
        "Pekanbaru2026!",
        "PEKANBARU-2026",
        "password1234",
        "rahasia12345",
        "rahasia-sandi-123",
        "sandi2026sandi",
        "sukajadi12345",  # a kecamatan
        "Simpang Baru 2026",  # a kelurahan
        "2026!Tuah-Karya",
        "pekanbaruriau1",
    ],
)
def test_it_refuses_local_words_with_digits_around_them(kota, sandi):
    assert _ditolak(sandi)


def test_it_refuses_a_short_password_in_indonesian(db):
    pesan = _ditolak("Qz7-mW9-pX")
    assert "Kata sandi terlalu pendek" in " ".join(pesan)
    assert "12 karakter" in " ".join(pesan)


def test_it_refuses_a_common_password_in_indonesian(db):
    assert "terlalu umum" in " ".join(_ditolak("1qaz2wsx3edc"))


def test_it_refuses_the_users_own_name_and_ni_pppk(akun):
    petugas = akun.petugas  # username: NI PPPK 199003152025011001, name Petugas Simpangbaru
    assert _ditolak("Simpangbaru-77!!", petugas)
    assert _ditolak("x199003152025011001x", petugas)
    assert _ditolak("admin.binawidya", akun.admin_binawidya)
    pesan = " ".join(_ditolak("petugas-2026!!", petugas))
    assert "nama kota, kecamatan, atau kelurahan" in pesan


@pytest.mark.parametrize(
    "sandi", ["Sandi-Baru-yang-Panjang-9", "Pilihan-Sendiri-77", "kopi susu di pasar 2026"]
)
def test_it_accepts_a_long_password_of_the_users_own(akun, sandi):
    validate_password(sandi, akun.pimpinan)


def test_the_demo_and_test_passwords_pass(akun):
    validate_password(PASSWORD_DEMO, akun.dinsos)
    validate_password(PASSWORD, akun.dinsos)


def test_the_password_change_page_refuses_pekanbaru_and_changes_nothing(akun, client_for):
    response = client_for(akun.pimpinan).post(
        reverse("akun:password_change"),
        {"old_password": PASSWORD, "new_password1": "pekanbaru", "new_password2": "pekanbaru"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kata sandi terlalu pendek" in html
    assert "nama kota, kecamatan, atau kelurahan" in html
    akun.pimpinan.refresh_from_db()
    assert akun.pimpinan.check_password(PASSWORD)


def test_one_time_passwords_meet_the_rule(akun, kota):
    for _ in range(50):
        sandi = sandi_sekali_pakai()
        assert len(sandi) >= 12
        validate_password(sandi)
    sandi = sandi_reset(user=akun.petugas)
    validate_password(sandi, akun.petugas)
    baru = buat_petugas(ni_pppk="199505052025012001", nama="Dewi Lestari", rw=None)
    lama = baru.user
    baru.user = None
    baru.save(update_fields=["user"])
    lama.delete()
    sandi = akun_petugas_siapkan(petugas=baru)
    assert len(sandi) >= 12
    baru.refresh_from_db()
    validate_password(sandi, baru.user)
    assert baru.user.check_password(sandi)


def test_a_one_time_password_that_spells_a_word_is_drawn_again(db, monkeypatch):
    tarikan = iter("rahasiasandi" + "abcdefghjkmn")
    monkeypatch.setattr("akun.services.secrets.choice", lambda alfabet: next(tarikan))
    assert sandi_sekali_pakai() == "abcdefghjkmn"


def test_a_very_long_password_is_checked_quickly(kota):
    import time

    mulai = time.monotonic()
    with pytest.raises(ValidationError):
        validate_password("pekanbaru" * 2000)
    validate_password("kopi susu di pasar " * 500)
    assert time.monotonic() - mulai < 2
