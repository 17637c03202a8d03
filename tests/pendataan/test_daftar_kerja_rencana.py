"""The officer's pages are planned for one RW, not for the city (PostgreSQL only).

What makes this meaningful rather than flaky: with a few rows PostgreSQL reads
whole tables whatever the query says, because that is cheapest. So the test
first fills a small city with the real generator of `siapkan_kota`
(pendataan/kota.py): a dozen RW of 150 to 900 families, about four members
each, three recipient lists, a third of the families visited with findings,
and ANALYZE. The officer's RW is then a small part of every table. Even so, at
a few thousand rows hashing a whole table is still cheap, and a plain EXISTS is
planned that way here (with the selector's EXISTS made plain again, six of the
seven cases fail), as it was at 300,000 families, where it cost 2.7 s. The
selector's EXISTS are kept per family (lib/kueri.py), so the plan's shape does
not depend on the statistics. The test fails on the two shapes that cost the city:
a Seq Scan of families, members, recipients, findings or visits, and a hashed
SubPlan (a hash of a whole table's rows built before the first family is
probed). No planner setting is changed.
"""

import json

import pytest
from django.db import connection

from bansos.demo import periode_demo_buat
from pendataan import kota as data_kota
from pendataan.selectors import SARINGAN_KERJA, daftar_kerja_for
from petugas.models import OPD
from wilayah.models import RW

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the plan's shape is PostgreSQL's"
)

TABEL_KOTA = {
    "pendataan_keluarga",
    "pendataan_anggotakeluarga",
    "pendataan_kunjungan",
    "bansos_penerima",
    "bansos_verifikasi",
}


@pytest.fixture
def kota_kecil(kota, akun):
    for nomor in range(3, 13):
        RW.objects.create(kelurahan=kota.delima, nomor=nomor, latitude="0.47", longitude="101.38")
    opd = OPD.objects.get_or_create(nama="Dinas Uji", defaults={"kuota": 20})[0]
    data_kota.petugas_buat(opd_ids=[opd.pk], password="rahasia-uji-123")
    data_kota.keluarga_buat()
    data_kota.anggota_buat()
    periode = {p.program.kode: p.pk for p in periode_demo_buat()}
    data_kota.penerima_buat(periode=periode)
    data_kota.kunjungan_buat(admin_per_kecamatan={kota.binawidya.pk: akun.admin_binawidya.pk})
    with connection.cursor() as cursor:
        for tabel in TABEL_KOTA:
            cursor.execute(f"ANALYZE {tabel}")  # noqa: S608 (constant names)
    return kota


def _masalah(rencana: dict) -> list[str]:
    """Each Seq Scan of a city table and each hashed SubPlan in the plan tree."""
    masalah = []
    if rencana.get("Node Type") == "Seq Scan" and rencana.get("Relation Name") in TABEL_KOTA:
        masalah.append(f"Seq Scan on {rencana['Relation Name']}")
    if str(rencana.get("Subplan Name", "")).startswith("hashed"):
        masalah.append(rencana["Subplan Name"])
    for anak in rencana.get("Plans", []):
        masalah.extend(_masalah(anak))
    return masalah


def _rencana(queryset) -> dict:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        return cursor.fetchone()[0][0]["Plan"]


PILIHAN = [("", "")] + [(s, "") for s in SARINGAN_KERJA] + [("", "1471"), ("", "Siti")]


@pytest.mark.parametrize(("saring", "q"), PILIHAN)
def test_it_reads_one_rw_by_index_never_a_whole_city_table(kota_kecil, akun, saring, q):
    keluarga = daftar_kerja_for(akun.petugas, saring=saring, q=q)
    # the small city is not empty (it has no returned visit and no usul/sanggah task)
    assert keluarga.count() > 0 or saring in ("dikembalikan", "tugas")
    for queryset in (keluarga, keluarga[:50]):
        rencana = _rencana(queryset)
        assert _masalah(rencana) == [], json.dumps(rencana, indent=1)[:6000]


def _halaman_petugas(kota_kecil, akun) -> list[str]:
    from django.urls import reverse

    from bansos.models import Penerima
    from pendataan.models import Keluarga, Kunjungan

    rw_ids = Keluarga.objects.filter(rw__penugasan_set__petugas__user=akun.petugas)
    dikunjungi = Kunjungan.objects.filter(keluarga__in=rw_ids).values_list("keluarga_id", flat=True)
    penerima = Penerima.objects.filter(keluarga__in=rw_ids).values_list("keluarga_id", flat=True)
    k1, k2 = dikunjungi.order_by("keluarga_id").first(), penerima.order_by("keluarga_id").first()
    assert k1 and k2, "the small city gave the officer a visited family and a recipient"
    return [
        reverse("akun:beranda"),
        reverse("pendataan:daftar_kerja"),
        reverse("pendataan:daftar_kerja") + "?saring=belum",
        reverse("pendataan:daftar_kerja") + "?q=Siti",
        reverse("pendataan:keluarga_detail", args=[k1]),
        reverse("pendataan:kunjungan_baru", args=[k1]),
        reverse("pendataan:keluarga_detail", args=[k2]),
        reverse("pendataan:kunjungan_baru", args=[k2]),
    ]


def test_every_query_of_the_officer_pages_reads_one_rw(kota_kecil, akun, client_for):
    """Every SELECT an officer page runs when rendered afresh (the worklist, the family
    page, the visit form, home), each EXPLAINed as it ran: no Seq Scan of a city table,
    no hashed SubPlan."""
    from django.test.utils import CaptureQueriesContext

    from dasbor.tembolok import versi_naikkan

    client = client_for(akun.petugas)
    for url in _halaman_petugas(kota_kecil, akun):
        versi_naikkan(umum=True)  # rendered, not served from the cache
        with CaptureQueriesContext(connection) as kueri:
            assert client.get(url).status_code == 200, url
        pilih = [q["sql"] for q in kueri.captured_queries if q["sql"].startswith("SELECT")]
        assert len(pilih) >= 2, url
        for sql in pilih:
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
                rencana = cursor.fetchone()[0][0]["Plan"]
            assert _masalah(rencana) == [], f"{url}\n{sql[:2000]}"
