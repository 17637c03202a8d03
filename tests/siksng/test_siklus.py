"""The cut-off day and the window of each month's file (siksng/siklus.py), in WIB."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from siksng.models import BulanSiksng, Pengaturan
from siksng.services import bulan_tutup, pengaturan_ubah
from siksng.siklus import batas, bulan_muskel, bulan_untuk, jendela

WIB = ZoneInfo("Asia/Jakarta")
UTC = datetime.UTC
D = datetime.date


def wib(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=WIB)


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


@pytest.mark.django_db
def test_it_ends_a_month_at_the_end_of_the_17th_wib_by_default():
    assert batas(D(2026, 11, 1)) == wib(2026, 11, 18) == utc(2026, 11, 17, 17)
    assert jendela(D(2026, 12, 1)) == (wib(2026, 11, 18), wib(2026, 12, 18))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("waktu", "bulan"),
    [
        (wib(2026, 11, 17, 23, 59, 59), D(2026, 11, 1)),  # the last second of the 17th
        (wib(2026, 11, 18, 0, 0, 0), D(2026, 12, 1)),  # the first of the 18th
        (utc(2026, 11, 17, 16, 59, 59), D(2026, 11, 1)),  # 23:59:59 WIB
        (utc(2026, 11, 17, 17, 0, 0), D(2026, 12, 1)),  # the 17th in UTC, the 18th in WIB
        (wib(2026, 11, 1, 0, 0), D(2026, 11, 1)),
        (utc(2026, 10, 31, 17, 30), D(2026, 11, 1)),  # still October in UTC
        (wib(2026, 12, 18, 0, 0), D(2027, 1, 1)),  # December's window ends: January's
        (wib(2026, 12, 31, 23, 0), D(2027, 1, 1)),
    ],
)
def test_an_instant_belongs_to_one_window(waktu, bulan):
    assert bulan_untuk(waktu) == bulan
    mulai, akhir = jendela(bulan)
    assert mulai <= waktu < akhir


@pytest.mark.django_db
def test_a_new_cut_off_day_moves_the_open_months_only(akun):
    BulanSiksng.objects.create(bulan=D(2026, 10, 1), hari_batas=17, ditutup_oleh=akun.dinsos)
    pengaturan_ubah(hari_batas=10, oleh=akun.dinsos)
    assert batas(D(2026, 11, 1)) == wib(2026, 11, 11)
    assert batas(D(2026, 10, 1)) == wib(2026, 10, 18), "a closed month keeps its day"
    # November's window starts where closed October's ended: no gap, no overlap
    assert jendela(D(2026, 11, 1)) == (wib(2026, 10, 18), wib(2026, 11, 11))
    assert bulan_untuk(wib(2026, 11, 10, 23, 59)) == D(2026, 11, 1)
    assert bulan_untuk(wib(2026, 11, 11, 0, 0)) == D(2026, 12, 1)
    with pytest.raises(ValidationError):
        pengaturan_ubah(hari_batas=29, oleh=akun.dinsos)
    assert Pengaturan.objects.get().hari_batas == 10


@pytest.mark.django_db
def test_closing_waits_for_the_cut_off_and_happens_once(akun):
    with pytest.raises(ValidationError, match="setelah tanggal batas"):
        bulan_tutup(bulan=D(2026, 11, 1), oleh=akun.dinsos, sekarang=wib(2026, 11, 17, 23, 59))
    bulan_tutup(bulan=D(2026, 11, 1), oleh=akun.dinsos, sekarang=wib(2026, 11, 18))
    with pytest.raises(ValidationError, match="sudah ditutup"):
        bulan_tutup(bulan=D(2026, 11, 1), oleh=akun.dinsos, sekarang=wib(2026, 11, 19))
    assert BulanSiksng.objects.get().hari_batas == 17


@pytest.mark.django_db
def test_a_muskel_after_an_early_close_feeds_the_next_month(akun):
    assert bulan_muskel(wib(2026, 11, 18, 9)) == D(2026, 12, 1)
    BulanSiksng.objects.create(bulan=D(2026, 12, 1), hari_batas=17, ditutup_oleh=akun.dinsos)
    assert bulan_muskel(wib(2026, 11, 18, 9)) == D(2027, 1, 1)


def test_it_sets_the_cut_off_day_on_its_page(akun, client_for):
    client = client_for(akun.dinsos)
    assert client.get(reverse("siksng:pengaturan")).status_code == 200
    response = client.post(reverse("siksng:pengaturan"), {"hari_batas": "20"}, follow=True)
    assert "Tanggal batas disimpan: tanggal 20 setiap bulan." in response.text
    assert Pengaturan.objects.get().hari_batas == 20
    for salah in ("29", "0", "x", ""):
        response = client.post(reverse("siksng:pengaturan"), {"hari_batas": salah})
        assert response.status_code == 200
        assert "Tanggal batas" in response.text and "1 sampai 28" in response.text
        assert Pengaturan.objects.get().hari_batas == 20


def test_only_dinsos_sets_it(akun, client_for):
    response = client_for(akun.admin_binawidya).post(
        reverse("siksng:pengaturan"), {"hari_batas": "20"}
    )
    assert response.status_code == 403
    assert not Pengaturan.objects.exists()


@pytest.mark.parametrize("nilai", ["0001-01", "9999-12", "2026-13", "²", "nan"])
def test_a_month_out_of_range_shows_the_current_one(nilai, akun, client_for):
    """Year 1 or 9999 took the calendar's month before or after past what a date holds."""
    response = client_for(akun.dinsos).get(reverse("siksng:bulan"), {"bulan": nilai})
    assert response.status_code == 200


@pytest.mark.parametrize(("tahun", "bulan"), [(1, 1), (9999, 12), (2026, 13)])
def test_a_month_out_of_range_in_the_url_is_404(tahun, bulan, akun, client_for):
    client = client_for(akun.dinsos)
    for nama in ("siksng:bulan_ekspor", "siksng:bulan_tutup"):
        assert client.post(reverse(nama, args=[tahun, bulan])).status_code == 404
