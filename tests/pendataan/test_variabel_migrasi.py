"""Migration pendataan 0007: the old visit answers (Kunjungan.indikator) in the DTSEN codes."""

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from pendataan.models import Keluarga, Kunjungan, RiwayatVariabel
from pendataan.variabel.migrasi import indikator_ke_variabel

# by their names' ends: a merge may renumber them
SEBELUM = "_variabel_dtsen"


def test_each_old_answer_maps_to_a_code_of_its_list():
    assert indikator_ke_variabel(
        {
            "lantai": "semen",
            "dinding": "tembok",
            "atap": "seng",
            "air": "kemasan",
            "jamban": "tidak_ada",
            "listrik": "pln_numpang",
            "bahan_bakar": "kayu",
            "aset": ["mobil", "emas"],
        }
    ) == {
        "lantai": 6,
        "dinding": 1,
        "atap": 3,
        "air_minum": 2,
        "fasilitas_bab": 6,
        "penerangan": 2,
        "bahan_bakar": 10,
        "aset_mobil": 1,
        "aset_emas_gram": 10.0,
        # not ticked: not owned (the old form always sent the list) ...
        "aset_sepeda_motor": 0,
        "aset_kulkas": 0,
        "aset_ac": 0,
        "aset_tv": 0,
        "aset_lahan_lain": 0,
        # ... except gold, where not ticked said "less than 10 g", so it stays unknown
    }
    assert indikator_ke_variabel({"lantai": "emas", "kolam": "ya"}) == {}


def _migrasi(akhiran: str | None):
    """Migrate to pendataan's migration named `...akhiran`, or (None) to the latest of
    every app, as the other tests expect the database."""
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    if akhiran is None:
        target = graph.leaf_nodes()
    else:
        target = [n for n in graph.nodes if n[0] == "pendataan" and n[1].endswith(akhiran)]
        assert len(target) == 1, target
    executor.migrate(target)
    executor.loader.build_graph()
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_carries_visits_and_sets_each_family_from_its_approved_visits(
    akun, keluarga, keluarga_sail
):
    apps = _migrasi(SEBELUM)
    LamaKunjungan = apps.get_model("pendataan", "Kunjungan")  # noqa: N806

    def kunjungan(k, status, indikator):
        return LamaKunjungan.objects.create(
            uuid=uuid.uuid4(),
            sidik="x",
            keluarga_id=k.pk,
            petugas_id=akun.petugas.petugas.pk,
            rw_id=k.rw_id,
            hasil="ditemui",
            status=status,
            indikator=indikator,
        )

    pertama = kunjungan(keluarga, "disetujui", {"lantai": "tanah", "aset": ["sepeda_motor"]})
    kedua = kunjungan(keluarga, "disetujui", {"lantai": "semen", "aset": ["sepeda_motor"]})
    menunggu = kunjungan(keluarga, "dikirim", {"lantai": "keramik", "aset": ["mobil"]})
    ditolak = kunjungan(keluarga_sail, "ditolak", {"atap": "seng"})
    _migrasi(None)

    keluarga.refresh_from_db()
    # the latest approved visit wins; a waiting or rejected one changes no family
    assert keluarga.variabel["lantai"] == 6
    assert keluarga.variabel["aset_sepeda_motor"] == 1
    assert keluarga.variabel["aset_mobil"] == 0
    assert Keluarga.objects.get(pk=keluarga_sail.pk).variabel == {}
    assert Kunjungan.objects.get(pk=menunggu.pk).variabel["keluarga"]["lantai"] == 2
    assert Kunjungan.objects.get(pk=ditolak.pk).variabel == {
        "keluarga": {"atap": 3},
        "anggota": {},
    }
    riwayat = RiwayatVariabel.objects.filter(keluarga=keluarga, kunci="lantai")
    assert sorted((r.kunjungan_id, r.nilai_lama, r.nilai_baru) for r in riwayat) == [
        (pertama.pk, None, 8),
        (kedua.pk, 8, 6),
    ]
    assert not hasattr(Kunjungan(), "indikator")
