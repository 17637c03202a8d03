"""Every program of a period on one page and in one XLSX (issue 12, Dinsos).

Hand count, on top of `hasil_disetujui` (PKH 2026 I):
BPNT 2026 I lists Budi's, Joko's and Hendra's families (Binawidya) and Ahmad's (Sail).
Budi: layak, approved. Hendra: a finding on his visit still waiting (not in force).
Ahmad: tidak layak (pindah), approved. Joko: not visited for BPNT.
BLT 2025 II, an older round, lists Budi's family only.
"""

import datetime

import openpyxl
import pytest
from django.urls import reverse

from bansos.models import (
    EksporHasil,
    Program,
    StatusEkspor,
)
from bansos.services import periode_buat
from pendataan.models import AnggotaKeluarga
from tests.pendataan.conftest import tugas_di_proses_ini  # noqa: F401 (fixture)

D = datetime.date


def _angka(response, wilayah: str, kode: str) -> tuple:
    b = next(
        b
        for b in response.context["rekap"].baris
        if b.wilayah.nama == wilayah and b.periode.program.kode == kode
    )
    return (b.penerima, b.layak, b.tidak_layak, b.usulan, b.menunggu)


def _jumlah(response) -> dict:
    return {
        j.periode.program.kode: (j.penerima, j.layak, j.tidak_layak, j.usulan, j.menunggu)
        for j in response.context["rekap"].per_program
    }


URL = "bansos:hasil_semua"


def test_dinsos_sees_every_program_of_the_round_per_kecamatan(dua_program, kota, akun, client_for):
    response = client_for(akun.dinsos).get(reverse(URL))
    assert response.status_code == 200
    assert response.context["nama_periode"] == "2026 I", "the newest round by default"
    assert [p.program.kode for p in response.context["periode_list"]] == ["bpnt", "pkh"]
    assert len(response.context["rekap"].baris) == 15 * 2
    assert _angka(response, "Binawidya", "pkh") == (4, 1, 2, 1, 1)
    assert _angka(response, "Binawidya", "bpnt") == (3, 1, 0, 0, 1)
    assert _angka(response, "Sail", "bpnt") == (1, 0, 1, 0, 0)
    assert _angka(response, "Sail", "pkh") == (1, 1, 0, 0, 0)
    assert _jumlah(response) == {"bpnt": (4, 1, 1, 0, 1), "pkh": (5, 2, 2, 1, 1)}
    assert 'id="ekspor-semua-kota"' in response.text
    assert "BPNT / Sembako" in response.text and "Program Keluarga Harapan" in response.text

    per_kelurahan = client_for(akun.dinsos).get(
        reverse(URL), {"periode": "2026 I", "kecamatan": kota.binawidya.pk}
    )
    assert _angka(per_kelurahan, "Simpangbaru", "bpnt") == (3, 1, 0, 0, 1)
    assert {b.wilayah.kecamatan_id for b in per_kelurahan.context["rekap"].baris} == {
        kota.binawidya.pk
    }


def test_another_round_shows_only_its_programs(dua_program, akun, client_for):
    response = client_for(akun.dinsos).get(reverse(URL), {"periode": "2025 II"})
    assert [p.program.kode for p in response.context["periode_list"]] == ["blt"]
    assert _jumlah(response) == {"blt": (1, 0, 0, 0, 0)}


def test_a_bad_choice_falls_back_to_the_newest_round(dua_program, akun, client_for):
    response = client_for(akun.dinsos).get(reverse(URL), {"periode": "xx", "kecamatan": "9999"})
    assert response.status_code == 200
    assert (response.context["nama_periode"], response.context["kecamatan"]) == ("2026 I", None)


def test_the_admin_sees_only_their_kecamatan(dua_program, kota, akun, client_for):
    response = client_for(akun.admin_binawidya).get(reverse(URL), {"kecamatan": kota.sail.pk})
    assert {b.wilayah.kecamatan_id for b in response.context["rekap"].baris} == {kota.binawidya.pk}
    assert _jumlah(response) == {"bpnt": (3, 1, 0, 0, 1), "pkh": (4, 1, 2, 1, 1)}
    assert 'id="ekspor-semua-kota"' not in response.text
    assert 'id="ekspor-semua-kecamatan"' in response.text

    sail = client_for(akun.admin_sail).get(reverse(URL))
    assert _jumlah(sail) == {"bpnt": (1, 0, 1, 0, 0), "pkh": (1, 1, 0, 0, 0)}


NAMA_NIK_KK = [
    "Budi",
    "Siti",
    "Joko",
    "Rina",
    "Wati",
    "Hendra",
    "Ahmad",
    "Petugas Simpangbaru",
    "Jl. ",
    "KKS-",
]


def test_pimpinan_sees_the_counts_and_nothing_personal(dua_program, akun, client_for):
    response = client_for(akun.pimpinan).get(reverse(URL))
    assert response.status_code == 200
    assert _jumlah(response) == {"bpnt": (4, 1, 1, 0, 1), "pkh": (5, 2, 2, 1, 1)}
    assert "ekspor" not in response.text.lower().replace("ekspor semua", "")
    terlarang = NAMA_NIK_KK + [a.nik for a in AnggotaKeluarga.objects.all()]
    terlarang += list(AnggotaKeluarga.objects.values_list("keluarga__nomor_kk", flat=True))
    assert [t for t in terlarang if t in response.text] == []


@pytest.mark.parametrize("peran", ["petugas", "bkpsdm"])
def test_roles_without_results_are_refused(dua_program, akun, client_for, peran):
    assert client_for(getattr(akun, peran)).get(reverse(URL)).status_code == 403


def test_the_query_count_does_not_grow_with_programs(
    dua_program,
    hasil_disetujui,
    akun,
    client_for,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    from dasbor.tembolok import versi_naikkan

    client = client_for(akun.dinsos)
    client.get(reverse(URL))  # the session's own reads, and the CSRF cookie
    versi_naikkan(umum=True)  # nothing kept from that request: counted and rendered afresh
    with django_assert_num_queries(NUM_QUERIES):
        client.get(reverse(URL))
    with django_assert_num_queries(1):  # served again from the cache: the user (lib/sesi.py)
        client.get(reverse(URL))
    with django_capture_on_commit_callbacks(execute=True):  # as a request commits it
        periode_buat(
            program=Program.objects.get(kode="pbi-jk"),
            nama="2026 I",
            mulai=D(2026, 1, 1),
            selesai=D(2026, 6, 30),
        )
    with django_assert_num_queries(NUM_QUERIES):
        response = client.get(reverse(URL))
    assert len(response.context["periode_list"]) == 3


NUM_QUERIES = 8  # the areas, the periods, one sum over the RW summaries, the exports ...


# ------------------------------------------------------------------ one XLSX


def _baris(ekspor: EksporHasil) -> list[tuple]:
    with ekspor.berkas.open("rb") as fh:
        ws = openpyxl.load_workbook(fh).active
        return [(r[0].value, r[3].value, r[6].value) for r in ws.iter_rows(min_row=2)]


def test_one_file_holds_every_program_of_the_round(dua_program, hasil_disetujui, kota, akun):
    from bansos.ekspor import ekspor_mulai

    ekspor, baru = ekspor_mulai(
        periode=dua_program, kecamatan=None, oleh=akun.dinsos, semua_program=True
    )
    assert baru
    from bansos.tasks import tulis_ekspor_hasil

    tulis_ekspor_hasil(ekspor.pk)
    ekspor.refresh_from_db()
    assert ekspor.status == StatusEkspor.SELESAI
    baris = _baris(ekspor)
    assert len(baris) == 5 + 2
    program = [p for _, p, _ in baris]
    assert program.count("BPNT / Sembako") == 2
    assert program.count("Program Keluarga Harapan (PKH)") == 5
    assert ("1471031503800009", "BPNT / Sembako", "Tidak layak") in baris
    assert "Semua program" in str(ekspor)

    sail = ekspor_mulai(
        periode=dua_program, kecamatan=kota.sail, oleh=akun.dinsos, semua_program=True
    )[0]
    tulis_ekspor_hasil(sail.pk)
    sail.refresh_from_db()
    assert sorted(p for _, p, _ in _baris(sail)) == [
        "BPNT / Sembako",
        "Program Keluarga Harapan (PKH)",
    ]


def test_the_page_asks_for_the_one_file_and_names_it(
    dua_program,
    akun,
    client_for,
    tugas_di_proses_ini,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client = client_for(akun.dinsos)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("bansos:ekspor_mulai"),
            {"periode": dua_program.pk, "kecamatan": "", "semua_program": "1"},
        )
    ekspor = EksporHasil.objects.get()
    assert ekspor.semua_program and ekspor.kecamatan is None
    assert response["Location"] == reverse("bansos:ekspor_status", args=[ekspor.pk])
    status = client.get(response["Location"])
    assert "Semua program · 2026 I" in status.text
    unduh = client.get(reverse("bansos:ekspor_unduh", args=[ekspor.pk]))
    assert unduh["Content-Disposition"] == (
        'attachment; filename="hasil-verifikasi-semua-program-2026-i-kota.xlsx"'
    )
    # the single-program export of the same period is another job
    biasa = client.post(
        reverse("bansos:ekspor_mulai"), {"periode": dua_program.pk, "kecamatan": ""}
    )
    assert biasa.status_code == 302
    assert EksporHasil.objects.filter(semua_program=False).count() == 1


def test_the_admin_cannot_ask_for_the_city_file(dua_program, kota, akun, client_for):
    response = client_for(akun.admin_binawidya).post(
        reverse("bansos:ekspor_mulai"),
        {"periode": dua_program.pk, "kecamatan": "", "semua_program": "1"},
    )
    assert response.status_code == 404
    assert not EksporHasil.objects.exists()
