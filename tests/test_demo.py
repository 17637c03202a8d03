import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

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
