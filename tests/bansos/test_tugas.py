"""Ground-check tasks (usul and sanggah): Dinsos's entry and import, the visit that answers
them, the review that closes or reopens them, and the export's reference column."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bansos.models import (
    JenisTugas,
    JenisVerifikasi,
    Penerima,
    Program,
    StatusTugas,
    TugasLapangan,
    Verifikasi,
)
from bansos.services import periode_buat
from bansos.tugas.buat import tugas_buat
from bansos.tugas.impor import tugas_impor
from bansos.tugas.periksa import daftar_program, periksa_tugas
from dasbor.models import RWKotor
from lib.tabular import ImportRefused
from pendataan import pemeriksaan
from pendataan.models import Kunjungan
from pendataan.services import kunjungan_simpan
from tests.akses_tulis import berkas_csv
from tests.pendataan.conftest import data_kunjungan

D = datetime.date
KOLOM = "jenis,sumber,tanggal,referensi,nik,nomor_kk,program,keluhan"
# the `keluarga` fixture: KK 1471080101200001, Siti Aminah 1471085503920002
BARIS_SANGGAH = "sanggah,Cek Bansos,01-03-2026,CB-001,1471085503920002,,pkh,Punya mobil dan toko"
BARIS_USUL = "usul,Surat,02-03-2026,S-17,,1471080101200001,,Belum pernah menerima bantuan"
BARIS_ASING = "sanggah,Cek Bansos,03-03-2026,CB-002,1471081212800007,,pkh,Tetangga mampu"


def _impor(akun, *baris, nama="tugas.csv"):
    data = (KOLOM + "\n" + "".join(b + "\n" for b in baris)).encode()
    return tugas_impor(data=data, filename=nama, oleh=akun.dinsos)


@pytest.fixture
def pkh(kota):
    return periode_buat(
        program=Program.objects.get(kode="pkh"),
        nama="2026 I",
        mulai=D(2026, 1, 1),
        selesai=D(2026, 6, 30),
    )


@pytest.fixture
def penerima_pkh(pkh, keluarga):
    return Penerima.objects.create(
        periode=pkh, keluarga=keluarga, terdaftar=keluarga.anggota_set.get(nama="Siti Aminah")
    )


# ------------------------------------------------------------------ import


def test_a_good_file_places_each_task_in_its_family(akun, keluarga):
    RWKotor.objects.all().delete()
    hasil = _impor(akun, BARIS_SANGGAH, BARIS_USUL)
    assert (hasil.baru, hasil.tidak_terpetakan, hasil.sudah_ada) == (2, 0, 0)
    sanggah = TugasLapangan.objects.get(referensi="CB-001")
    assert (sanggah.jenis, sanggah.keluarga, sanggah.status) == (
        JenisTugas.SANGGAH,
        keluarga,
        StatusTugas.TERBUKA,
    )
    assert sanggah.program.kode == "pkh" and sanggah.tanggal == D(2026, 3, 1)
    usul = TugasLapangan.objects.get(referensi="S-17")
    assert usul.keluarga == keluarga and usul.program is None
    # the officer's worklist (and its cache) follow the RW's mark
    assert RWKotor.objects.filter(rw=keluarga.rw).exists()


def test_a_nik_in_no_family_is_reported_by_row_and_kept_unplaced(akun, keluarga):
    hasil = _impor(akun, BARIS_SANGGAH, BARIS_ASING)
    assert (hasil.baru, hasil.tidak_terpetakan) == (2, 1)
    [catatan] = hasil.catatan
    assert catatan.row == 3
    assert "tidak ada di keluarga mana pun" in catatan.message
    assert "1471••••••••0007" in catatan.message  # masked
    asing = TugasLapangan.objects.get(referensi="CB-002")
    assert asing.status == StatusTugas.TIDAK_TERPETAKAN and asing.keluarga is None


def test_a_broken_file_changes_nothing(akun, keluarga):
    with pytest.raises(ImportRefused) as refused:
        _impor(
            akun,
            BARIS_SANGGAH,
            "protes,Cek Bansos,01-03-2026,CB-003,1471085503920002,,pkh,x",
            "sanggah,Cek Bansos,01-03-2099,CB-004,1471085503920002,,pkh,x",
            "sanggah,Cek Bansos,01-03-2026,CB-005,,,pkh,x",
            "sanggah,Cek Bansos,01-03-2026,CB-006,1471085503920002,,zakat,x",
            "sanggah,Cek Bansos,01-03-2026,CB-001,1471085503920002,,pkh,dua kali",
        )
    pesan = {e.row: e.message for e in refused.value.errors}
    assert "usul atau sanggah" in pesan[3]
    assert "masa depan" in pesan[4]
    assert "NIK atau nomor KK" in pesan[5]
    assert "zakat" in pesan[6]
    assert "baris 2" in pesan[7]
    assert not TugasLapangan.objects.exists()


def test_an_unplaced_task_is_placed_once_its_family_is_imported(akun, client_for):
    from pendataan.models import AnggotaKeluarga, Keluarga

    _impor(akun, BARIS_ASING)
    client = client_for(akun.dinsos)
    url = reverse("bansos:tugas_tempatkan")
    client.post(url)
    assert TugasLapangan.objects.get().status == StatusTugas.TIDAK_TERPETAKAN
    k = Keluarga.objects.create(
        nomor_kk="1471080101200077", rw=akun.petugas.petugas.penugasan_set.get().rw, rt=1
    )
    AnggotaKeluarga.objects.create(
        keluarga=k, nik="1471081212800007", nama="Warga Baru", hubungan="kepala", jenis_kelamin="L"
    )
    response = client.post(url, follow=True)
    assert "1 tugas kini ditempatkan" in response.content.decode()
    tugas = TugasLapangan.objects.get()
    assert (tugas.status, tugas.keluarga) == (StatusTugas.TERBUKA, k)


def test_the_same_file_twice_adds_nothing(akun, keluarga):
    _impor(akun, BARIS_SANGGAH, BARIS_ASING)
    hasil = _impor(akun, BARIS_SANGGAH, BARIS_ASING)
    assert (hasil.baru, hasil.sudah_ada) == (0, 2)
    assert TugasLapangan.objects.count() == 2


def test_the_import_page_shows_the_report(akun, keluarga, client_for):
    client = client_for(akun.dinsos)
    url = reverse("bansos:tugas_impor")
    berkas = berkas_csv(KOLOM, BARIS_SANGGAH, BARIS_ASING)
    html = client.post(url, {"berkas": berkas}).content.decode()
    assert "2 tugas baru (1 di antaranya tidak terpetakan)" in html
    assert "Baris 3" in html and "tidak terpetakan" in html
    # a refused file: the report, nothing written
    rusak = berkas_csv(KOLOM, "protes,Cek Bansos,01-03-2026,X-1,1471085503920002,,pkh,x")
    response = client.post(url, {"berkas": rusak})
    assert "ditolak" in response.content.decode() and TugasLapangan.objects.count() == 2
    kunci = response.context["laporan"]["kunci"]
    laporan = client.get(reverse("bansos:tugas_impor_laporan", args=[kunci]))
    assert laporan.status_code == 200 and "usul atau sanggah" in laporan.content.decode()
    # the list of unplaced tasks for Dinsos
    daftar = client.get(reverse("bansos:tugas_daftar"), {"status": "tidak_terpetakan"})
    html = daftar.content.decode()
    assert "CB-002" in html and "CB-001" not in html


# ------------------------------------------------------------------ by hand


def _data(**lain):
    nilai = {
        "jenis": "sanggah",
        "sumber": "Langsung",
        "tanggal": D(2026, 3, 5),
        "referensi": "",
        "nik": "1471085503920002",
        "nomor_kk": "",
        "program": "PKH",
        "keluhan": "Rumahnya bertingkat",
        "semua_program": daftar_program(),
    }
    nilai.update(lain)
    return periksa_tugas(**nilai)


def test_a_task_by_hand_gets_a_reference_and_a_family(akun, keluarga):
    data, masalah = _data()
    assert masalah == []
    tugas, pesan = tugas_buat(data=data, oleh=akun.dinsos)
    assert pesan == "" and tugas.keluarga == keluarga
    assert tugas.referensi.startswith("PORTAL-20260305-")
    assert tugas.judul == "Sanggah: Rumahnya bertingkat"


def test_a_task_by_hand_for_a_nik_in_no_family_is_unplaced(akun, keluarga):
    data, _m = _data(nik="1471081212800007")
    tugas, pesan = tugas_buat(data=data, oleh=akun.dinsos)
    assert tugas.status == StatusTugas.TIDAK_TERPETAKAN
    assert "tidak bisa ditempatkan di RW" in pesan


def test_the_same_reference_twice_is_refused(akun, keluarga):
    data, _m = _data(referensi="SR-1")
    tugas_buat(data=data, oleh=akun.dinsos)
    with pytest.raises(ValidationError, match="sudah tercatat"):
        tugas_buat(data=data, oleh=akun.dinsos)
    assert TugasLapangan.objects.count() == 1


def test_a_sanggah_needs_its_program(akun):
    data, masalah = _data(program="")
    assert data is None and any("sanggah wajib menyebut programnya" in m for m in masalah)


def test_the_form_creates_a_task_and_reports_an_unplaced_one(akun, keluarga, client_for):
    client = client_for(akun.dinsos)
    url = reverse("bansos:tugas_baru")
    isi = {
        "jenis": "usul",
        "sumber": "Langsung",
        "tanggal": "2026-03-05",
        "referensi": "L-1",
        "nik": "",
        "nomor_kk": "1471080101200001",
        "program": "",
        "keluhan": "Minta didata",
    }
    assert client.post(url, isi).status_code == 302
    assert TugasLapangan.objects.get(referensi="L-1").keluarga == keluarga
    response = client.post(url, {**isi, "referensi": "L-2", "nomor_kk": "1471081212800007"})
    assert "tidak_terpetakan" in response["Location"]
    html = client.post(url, {**isi, "nomor_kk": "123"}).content.decode()
    assert "nomor KK" in html and TugasLapangan.objects.count() == 2
    # a form without a reference sent twice (a double tap): one task, then a message
    kunci = client.get(url).context["form"].initial["kunci"]
    kedua = {**isi, "referensi": "", "kunci": kunci}
    assert client.post(url, kedua).status_code == 302
    assert TugasLapangan.objects.filter(referensi=f"PORTAL-20260305-{kunci.upper()}").exists()
    html = client.post(url, kedua).content.decode()
    assert "sudah tercatat; tidak dibuat lagi" in html
    assert TugasLapangan.objects.count() == 3


# ------------------------------------------------------------------ the visit


def _tugas(akun, **lain) -> TugasLapangan:
    data, masalah = _data(**lain)
    assert masalah == []
    return tugas_buat(data=data, oleh=akun.dinsos)[0]


def _verifikasi_penerima(penerima, hasil="layak", alasan=""):
    return [{"penerima": penerima.pk, "hasil": hasil, "alasan": alasan, "alasan_lain": ""}]


def test_the_officer_sees_the_task_on_the_visit_form(akun, keluarga, penerima_pkh, client_for):
    tugas = _tugas(akun)
    html = (
        client_for(akun.petugas)
        .get(reverse("pendataan:kunjungan_baru", args=[keluarga.pk]))
        .content.decode()
    )
    assert f'data-tugas="{tugas.pk}"' in html
    assert f'data-penerima="{penerima_pkh.pk}"' in html  # answered by PKH's verification
    assert "Sanggah: Rumahnya bertingkat" in html


def test_a_sanggah_is_answered_by_the_recipients_verification(akun, keluarga, penerima_pkh):
    tugas = _tugas(akun)
    data = data_kunjungan(
        keluarga,
        verifikasi=_verifikasi_penerima(penerima_pkh, "tidak_layak", "di_atas_umk"),
        tugas=[{"tugas": tugas.pk, "ditemukan": True}],
    )
    k, _dibuat = kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data)
    tugas.refresh_from_db()
    assert tugas.status == StatusTugas.MENUNGGU and tugas.kunjungan == k
    assert tugas.ditemukan is True
    assert tugas.verifikasi.penerima == penerima_pkh
    assert tugas.verifikasi.alasan == "di_atas_umk"
    # the review approves it: the task is done, the finding in force
    pemeriksaan.kunjungan_setujui(kunjungan=k, oleh=akun.admin_binawidya)
    tugas.refresh_from_db()
    assert tugas.status == StatusTugas.SELESAI
    assert tugas.verifikasi.berlaku


def test_a_sanggah_whose_recipient_the_form_did_not_send_becomes_its_verification(
    akun, keluarga, penerima_pkh
):
    tugas = _tugas(akun)
    jawab = {"tugas": tugas.pk, "ditemukan": True, "hasil": "tidak_layak", "alasan": "pengusaha"}
    data = data_kunjungan(keluarga, tugas=[jawab])
    k, _dibuat = kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data)
    v = Verifikasi.objects.get(kunjungan=k)
    assert (v.penerima, v.hasil, v.alasan) == (penerima_pkh, "tidak_layak", "pengusaha")
    tugas.refresh_from_db()
    assert tugas.verifikasi == v


def test_a_sanggah_without_a_recipient_keeps_its_own_answer(akun, keluarga, pkh):
    tugas = _tugas(akun)
    data = data_kunjungan(keluarga, tugas=[{"tugas": tugas.pk, "ditemukan": False}])
    with pytest.raises(ValidationError, match="layak atau tidak layak"):
        kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data)
    assert not Kunjungan.objects.exists()
    jawab = {"tugas": tugas.pk, "ditemukan": False, "hasil": "layak"}
    kunjungan_simpan(
        user=akun.petugas, keluarga=keluarga, data=data_kunjungan(keluarga, tugas=[jawab])
    )
    tugas.refresh_from_db()
    assert (tugas.ditemukan, tugas.hasil, tugas.verifikasi) == (False, "layak", None)


def test_an_usul_proposal_needs_the_family_met_and_becomes_an_usulan(akun, keluarga, pkh):
    tugas = _tugas(akun, jenis="usul", program="pkh", keluhan="Minta didata PKH")
    jawab = [{"tugas": tugas.pk, "ditemukan": False, "diusulkan": True}]
    data = data_kunjungan(keluarga, hasil="tidak_ada_orang", tugas=jawab)
    with pytest.raises(ValidationError, match="hanya bisa diusulkan bila ditemui"):
        kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data)
    jawab = [{"tugas": tugas.pk, "ditemukan": True, "diusulkan": True}]
    k, _d = kunjungan_simpan(
        user=akun.petugas, keluarga=keluarga, data=data_kunjungan(keluarga, tugas=jawab)
    )
    usulan = Verifikasi.objects.get(kunjungan=k)
    assert usulan.jenis == JenisVerifikasi.USULAN and usulan.periode == pkh
    assert tugas.referensi in usulan.keterangan
    tugas.refresh_from_db()
    assert tugas.diusulkan is True and tugas.verifikasi == usulan


def test_a_task_of_another_family_is_refused(akun, keluarga, keluarga_sail):
    lain = _tugas(akun, nik="1471031503800009")
    assert lain.keluarga == keluarga_sail
    data = data_kunjungan(keluarga, tugas=[{"tugas": lain.pk, "ditemukan": True}])
    with pytest.raises(ValidationError, match="Tugas lapangan tidak dikenal"):
        kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data)


def test_a_returned_visit_keeps_its_task_and_a_rejected_one_reopens_it(
    akun, keluarga, penerima_pkh, client_for
):
    tugas = _tugas(akun)
    data = data_kunjungan(
        keluarga,
        verifikasi=_verifikasi_penerima(penerima_pkh),
        tugas=[{"tugas": tugas.pk, "ditemukan": True}],
    )
    k, _d = kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data)
    pemeriksaan.kunjungan_kembalikan(kunjungan=k, oleh=akun.admin_binawidya, komentar="Foto?")
    tugas.refresh_from_db()
    assert tugas.status == StatusTugas.MENUNGGU and tugas.kunjungan == k
    # the review page shows the task and its answer
    html = (
        client_for(akun.admin_binawidya)
        .get(reverse("pendataan:kunjungan_detail", args=[k.uuid]))
        .content.decode()
    )
    assert 'id="tugas-hasil"' in html and "Sanggah: Rumahnya bertingkat" in html
    assert "Ditemukan; Layak" in html
    # and the family's page, with the task's state
    html = (
        client_for(akun.dinsos)
        .get(reverse("pendataan:keluarga_detail", args=[keluarga.pk]))
        .content.decode()
    )
    assert 'id="tugas-keluarga"' in html and "Menunggu pemeriksaan" in html
    pemeriksaan.kunjungan_tolak(kunjungan=k, oleh=akun.admin_binawidya, komentar="Salah rumah")
    tugas.refresh_from_db()
    assert tugas.status == StatusTugas.TERBUKA
    assert (tugas.kunjungan, tugas.verifikasi, tugas.ditemukan) == (None, None, None)


# ------------------------------------------------------------------ the export


def test_the_results_export_carries_the_tasks_reference(akun, keluarga, penerima_pkh, pkh):
    import openpyxl

    from bansos.ekspor import ekspor_mulai, ekspor_tulis, judul_kolom
    from bansos.models import EksporHasil

    tugas = _tugas(akun, referensi="CB-777")
    data = data_kunjungan(
        keluarga,
        verifikasi=_verifikasi_penerima(penerima_pkh, "tidak_layak", "di_atas_umk"),
        tugas=[{"tugas": tugas.pk, "ditemukan": True}],
    )
    k, _d = kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data)
    pemeriksaan.kunjungan_setujui(kunjungan=k, oleh=akun.admin_binawidya)
    ekspor, _baru = ekspor_mulai(periode=pkh, kecamatan=None, oleh=akun.dinsos)
    ekspor_tulis(ekspor=ekspor)
    ekspor = EksporHasil.objects.get(pk=ekspor.pk)
    with ekspor.berkas.open("rb") as fh:
        rows = list(openpyxl.load_workbook(fh, read_only=True).active.iter_rows(values_only=True))
    kolom = judul_kolom().index("Referensi tugas")
    assert rows[0][kolom] == "Referensi tugas"
    assert [r[kolom] for r in rows[1:]] == ["CB-777"]


def test_the_officer_fixes_a_returned_sanggah_answered_on_its_own(akun, keluarga, pkh, client_for):
    tugas = _tugas(akun)  # PKH, but the family is on no list: answered on its own
    jawab = {"tugas": tugas.pk, "ditemukan": True, "hasil": "layak"}
    k, _d = kunjungan_simpan(
        user=akun.petugas, keluarga=keluarga, data=data_kunjungan(keluarga, tugas=[jawab])
    )
    pemeriksaan.kunjungan_kembalikan(kunjungan=k, oleh=akun.admin_binawidya, komentar="Cek lagi")
    client = client_for(akun.petugas)
    html = client.get(reverse("pendataan:kunjungan_detail", args=[k.uuid])).content.decode()
    assert f'name="tugas-hasil-{tugas.pk}"' in html
    url = reverse("pendataan:kunjungan_perbaiki", args=[k.uuid])
    # a tidak layak without its reason changes nothing
    client.post(url, {f"tugas-hasil-{tugas.pk}": "tidak_layak"})
    tugas.refresh_from_db()
    k.refresh_from_db()
    assert tugas.hasil == "layak" and k.status == "dikembalikan"
    client.post(
        url, {f"tugas-hasil-{tugas.pk}": "tidak_layak", f"tugas-alasan-{tugas.pk}": "pengusaha"}
    )
    tugas.refresh_from_db()
    k.refresh_from_db()
    assert (tugas.hasil, tugas.alasan, k.status) == ("tidak_layak", "pengusaha", "dikirim")
    riwayat = k.riwayat_set.order_by("-pk").first()
    assert "Ditemukan; Layak \u2192 Ditemukan; Tidak layak (Pemilik/pengurus perusahaan)" in (
        " ".join(riwayat.perubahan)
    )
