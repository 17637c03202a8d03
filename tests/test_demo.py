import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from akun.models import Peran, User
from petugas.models import Penugasan
from tests.pendataan.conftest import tugas_di_proses_ini  # noqa: F401 (fixture)
from wilayah import geo
from wilayah.demo import bagi
from wilayah.models import RW, Kecamatan, Kelurahan


@pytest.mark.django_db
def test_it_loads_pekanbaru_with_733_rw_and_one_account_per_role(capsys):
    call_command("siapkan_demo", "--paksa")
    out = capsys.readouterr().out
    assert (Kecamatan.objects.count(), Kelurahan.objects.count(), RW.objects.count()) == (
        15,
        83,
        733,
    )
    per_kecamatan = dict(
        Kecamatan.objects.annotate(n=Count("kelurahan_set__rw_set")).values_list("nama", "n")
    )
    assert per_kecamatan["Binawidya"] == 49
    assert per_kecamatan["Sail"] == 18
    assert RW.objects.filter(kelurahan__kode="14.71.14.1005").count() == 13  # Pematangkapau
    assert not RW.objects.filter(estimasi_demo=False).exists()
    assert set(Kecamatan.objects.filter(dalam_program=True).values_list("nama", flat=True)) == {
        "Binawidya",
        "Sail",
    }
    assert set(User.objects.values_list("peran", flat=True)) == set(Peran.values)
    admin = User.objects.get(peran=Peran.ADMIN_KECAMATAN)
    assert admin.kecamatan.nama == "Binawidya"
    penugasan = Penugasan.objects.get(selesai__isnull=True)
    assert penugasan.rw.kelurahan.kecamatan.nama == "Binawidya"
    assert penugasan.petugas.user.username == penugasan.petugas.ni_pppk
    for username in User.objects.values_list("username", flat=True):
        assert username in out
    assert "demo-pekanbaru-2026" in out


@pytest.mark.django_db
def test_every_demo_rw_centre_lies_inside_its_kelurahan():
    call_command("siapkan_demo", "--paksa")
    for rw in RW.objects.select_related("kelurahan"):
        assert (
            geo.jarak_ke_batas_m(rw.kelurahan.batas, float(rw.latitude), float(rw.longitude)) == 0
        )


@pytest.mark.django_db
def test_running_it_again_changes_nothing():
    call_command("siapkan_demo", "--paksa")
    before = list(RW.objects.values_list("pk", "latitude", "longitude").order_by("pk"))
    call_command("siapkan_demo", "--paksa")
    assert list(RW.objects.values_list("pk", "latitude", "longitude").order_by("pk")) == before
    assert User.objects.count() == 7
    assert Penugasan.objects.count() == 1


@pytest.mark.django_db
def test_it_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("siapkan_demo")
    assert not User.objects.exists()


def test_largest_remainder_split():
    assert bagi(10, {"a": 1, "b": 1, "c": 1}) == {"a": 4, "b": 3, "c": 3}
    assert sum(bagi(666, {str(i): 1 + i % 3 for i in range(13)}).values()) == 666
    assert min(bagi(13, {str(i): 0.0 for i in range(13)}).values()) == 1


@pytest.mark.django_db
def test_the_demo_families_get_a_desil(
    django_capture_on_commit_callbacks,
    tugas_di_proses_ini,  # noqa: F811 - the import runs here on commit, even with Redis
):
    from pendataan.models import DesilKeluarga, Keluarga

    with django_capture_on_commit_callbacks(execute=True):
        call_command("siapkan_demo", "--paksa")
    keluarga = Keluarga.objects.all()
    assert keluarga.exists()
    assert not keluarga.filter(desil__isnull=True).exists()
    assert DesilKeluarga.objects.count() == keluarga.count()
    assert keluarga.filter(desil__lte=2).exists() and keluarga.filter(desil__gte=6).exists()


@pytest.mark.django_db
def test_the_demo_shows_a_turn_of_the_siksng_cycle(
    capsys,
    client,
    django_capture_on_commit_callbacks,
    tugas_di_proses_ini,  # noqa: F811 - the imports and summaries run here on commit
):
    from dasbor.models import RingkasanRW
    from siksng.models import BulanSiksng, Keputusan, Muskel, Putusan
    from siksng.siklus import bulan_geser, bulan_muskel

    with django_capture_on_commit_callbacks(execute=True):
        call_command("siapkan_demo", "--paksa")
    assert "Siklus SIKS-NG demo: 7 kunjungan disetujui" in capsys.readouterr().out
    bulan_ini = bulan_muskel()
    bulan_lalu = bulan_geser(bulan_ini, -1)
    # last month: Simpangbaru's muskel, two agreed and one postponed, the month closed
    muskel = Muskel.objects.get()
    assert (muskel.kelurahan.nama, muskel.bulan) == ("Simpangbaru", bulan_lalu)
    assert muskel.tanggal < timezone.localdate() and muskel.peserta_set.count() == 4
    assert sorted(muskel.keputusan_set.values_list("putusan", flat=True)) == [
        Putusan.DISEPAKATI,
        Putusan.DISEPAKATI,
        Putusan.DITUNDA,
    ]
    assert list(BulanSiksng.objects.values_list("bulan", flat=True)) == [bulan_lalu]
    assert Keputusan.objects.filter(bulan=bulan_lalu).count() == 2
    # this month: four new changes and the postponed one wait for Simpangbaru's muskel
    rw = RingkasanRW.objects.get(rw__kelurahan__kode="14.71.08.1001", rw__nomor=1)
    assert rw.perubahan_terbuka == 5
    client.force_login(User.objects.get(username="admin.binawidya"))
    html = client.get(reverse("siksng:bulan")).text
    assert "5 menunggu musyawarah" in html
    form = client.get(reverse("siksng:muskel_baru", args=[muskel.kelurahan_id])).text
    assert "5 perubahan yang disetujui dan belum masuk berkas" in form
    assert "ditunda sebelumnya" in form
    html = client.get(reverse("siksng:bulan") + f"?bulan={bulan_lalu:%Y-%m}").text
    assert reverse("siksng:muskel_detail", args=[muskel.pk]) in html and "Ditutup" in html
    # run again: nothing more
    call_command("siapkan_demo", "--paksa")
    assert (Muskel.objects.count(), Keputusan.objects.count()) == (1, 3)
