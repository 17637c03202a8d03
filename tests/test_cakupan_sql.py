"""The scope checks written out in SQL for the officer pages (petugas.selectors.rw_aktif_ids,
pendataan.selectors.keluarga_rw_for) name exactly the rows the ORM selectors name, for
every role, with families in two kecamatan, and after a placement ends."""

import pytest

from akun.models import Peran
from pendataan.models import Keluarga
from pendataan.selectors import keluarga_for, keluarga_rw_for
from petugas.models import Penugasan
from petugas.selectors import rw_aktif_ids
from petugas.services import penugasan_akhiri, penugasan_tempatkan
from tests.pendataan.conftest import keluarga, keluarga_sail  # noqa: F401 (fixtures)
from wilayah.selectors import rw_for

pytestmark = pytest.mark.django_db


def _sama(akun, keluarga_list):
    for user in vars(akun).values():
        for k in [*keluarga_list, None]:
            pk = k.pk if k else 999_999
            harapan = keluarga_for(user).filter(pk=pk).values_list("rw_id", flat=True).first()
            assert keluarga_rw_for(user, pk) == harapan, (user.username, pk)
        if user.peran == Peran.PETUGAS:
            assert rw_aktif_ids(user) == sorted(rw_for(user).values_list("pk", flat=True))


def test_every_role_sees_the_same_families_through_both(kota, akun, keluarga, keluarga_sail):  # noqa: F811
    lain = Keluarga.objects.create(
        nomor_kk="1471080101209999", rw=kota.rw_simpangbaru_2, rt=1, alamat="Jl. Lain 1"
    )
    _sama(akun, [keluarga, keluarga_sail, lain])
    assert keluarga_rw_for(akun.petugas, keluarga.pk) == kota.rw_simpangbaru_1.pk
    assert keluarga_rw_for(akun.petugas, keluarga_sail.pk) is None
    assert keluarga_rw_for(akun.petugas, lain.pk) is None


def test_an_ended_placement_and_a_second_rw(kota, akun, keluarga, keluarga_sail):  # noqa: F811
    petugas = akun.petugas.petugas
    penugasan_akhiri(
        penugasan=Penugasan.objects.get(petugas=petugas, selesai__isnull=True),
        alasan="uji",
    )
    assert rw_aktif_ids(akun.petugas) == []
    assert keluarga_rw_for(akun.petugas, keluarga.pk) is None
    _sama(akun, [keluarga, keluarga_sail])
    penugasan_tempatkan(
        petugas=petugas, rw=kota.rw_simpangbaru_1, oleh=None, nomor_sk="SK/2", alasan="kembali"
    )
    assert rw_aktif_ids(akun.petugas) == [kota.rw_simpangbaru_1.pk]
    _sama(akun, [keluarga, keluarga_sail])
