import datetime
import logging
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from bansos import ekspor as modul_ekspor
from bansos.ekspor import ekspor_mulai, ekspor_tulis, judul_kolom
from bansos.models import EksporHasil, Kelayakan, StatusEkspor, Verifikasi
from bansos.tasks import tulis_ekspor_hasil
from dasbor.hitung import ringkasan_hitung
from pendataan.models import AnggotaKeluarga, Hubungan, Keluarga, Kunjungan, StatusKunjungan
from tests.pendataan.conftest import tugas_di_proses_ini  # noqa: F401 (fixture)

D = datetime.date
NIK_SITI = "1471085503920002"  # the member the list names for Budi's family
NIK_JOKO = "1471080506850002"
NIK_HENDRA = "1471081111700005"  # his finding is not in force
NIK_AHMAD = "1471031503800009"  # Sail


@pytest.fixture
def ekspor_jadi(tugas_di_proses_ini, django_capture_on_commit_callbacks):  # noqa: F811
    """Ask for an export and let the (in-process) worker write it."""

    def run(periode, kecamatan, oleh) -> EksporHasil:
        with django_capture_on_commit_callbacks(execute=True):
            ekspor, baru = ekspor_mulai(periode=periode, kecamatan=kecamatan, oleh=oleh)
        assert baru
        ekspor.refresh_from_db()
        return ekspor

    return run


def baca(ekspor: EksporHasil) -> list[list]:
    with ekspor.berkas.open("rb") as fh:
        ws = openpyxl.load_workbook(fh).active
        return [list(row) for row in ws.iter_rows()]


def per_nik(rows: list[list]) -> dict[str, list]:
    return {row[0].value: [c.value for c in row] for row in rows[1:]}


def berkas_ekspor(settings) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "private" / "ekspor-hasil"
    return sorted(folder.iterdir()) if folder.exists() else []


# ------------------------------------------------------------------ the file


def test_it_writes_the_findings_in_force_of_the_city(hasil_disetujui, akun, ekspor_jadi):
    ekspor = ekspor_jadi(hasil_disetujui.periode, None, akun.dinsos)

    assert ekspor.status == StatusEkspor.SELESAI
    assert (ekspor.baris_total, ekspor.baris_ditulis) == (5, 5)
    assert ekspor.selesai_at is not None and ekspor.pesan == ""
    assert ekspor.berkas.name.startswith("private/ekspor-hasil/")
    rows = baca(ekspor)
    assert [c.value for c in rows[0]] == judul_kolom()
    assert rows[0][0].value == "NIK" and rows[0][18].value == "Nomor kartu"
    assert [c.value for c in rows[0][19:]] == [
        "Desil DTSEN",
        "Di atas desil program",
        "Referensi tugas",
    ]
    baris = per_nik(rows)
    assert NIK_HENDRA not in baris, "a finding not yet approved is no result"
    assert len(baris) == 5
    budi = baris[NIK_SITI]
    hari_ini = timezone.localdate()
    assert budi[1:8] == [
        "Siti Aminah",
        "1471080101200001",
        "Program Keluarga Harapan (PKH)",
        "2026 I",
        "Verifikasi",
        "Layak",
        None,
    ]
    assert budi[8].date() == hari_ini
    assert budi[9:12] == ["Petugas Simpangbaru", "199003152025011001", "admin.binawidya"]
    assert budi[12].date() == hari_ini
    assert budi[13:19] == ["Binawidya", "Simpangbaru", 1, 2, "Jl. Garuda No. 5", "KKS-0001"]
    assert budi[19:21] == [None, None], "no desil known yet"
    assert baris[NIK_JOKO][1] == "Joko Susilo", "no member named: the kepala"
    assert baris[NIK_JOKO][6:8] == ["Tidak layak", "Meninggal dunia"]
    assert baris["1471084708880003"][7] == "Lainnya: Punya toko bangunan"
    usulan = baris["1471085212900004"]
    assert (usulan[1], usulan[5], usulan[18]) == ("Wati Lestari", "Usulan baru", None)
    assert baris[NIK_AHMAD][11] == "admin.sail"


def test_numbers_are_text_cells(hasil_disetujui, akun, ekspor_jadi):
    rows = baca(ekspor_jadi(hasil_disetujui.periode, None, akun.dinsos))
    for row in rows[1:]:
        nik, kk, ni_pppk = row[0], row[2], row[10]
        assert nik.data_type == kk.data_type == ni_pppk.data_type == "s"
        assert len(nik.value) == len(kk.value) == 16


def test_a_kecamatan_export_has_only_its_rows(hasil_disetujui, kota, akun, ekspor_jadi):
    ekspor = ekspor_jadi(hasil_disetujui.periode, kota.binawidya, akun.dinsos)
    baris = per_nik(baca(ekspor))
    assert len(baris) == 4
    assert NIK_AHMAD not in baris
    assert {row[13] for row in baris.values()} == {"Binawidya"}

    sail = per_nik(baca(ekspor_jadi(hasil_disetujui.periode, kota.sail, akun.dinsos)))
    assert list(sail) == [NIK_AHMAD]


def test_an_admin_kecamatans_export_masks_the_numbers(hasil_disetujui, kota, akun, ekspor_jadi):
    rows = baca(ekspor_jadi(hasil_disetujui.periode, kota.sail, akun.admin_sail))[1:]
    assert [(r[0].value, r[2].value[:4], r[2].value[-4:]) for r in rows] == [
        (f"{NIK_AHMAD[:4]}••••••••{NIK_AHMAD[-4:]}", "1471", rows[0][2].value[-4:])
    ]
    assert "••••" in rows[0][2].value


def test_the_kepala_names_a_finding_without_a_listed_member(hasil_disetujui, ekspor_jadi, akun):
    # a kepala recorded after another member is still the one named
    joko = hasil_disetujui.simpangbaru[1]
    AnggotaKeluarga.objects.filter(keluarga=joko).update(hubungan=Hubungan.ANAK)
    AnggotaKeluarga.objects.create(
        keluarga=joko, nik="1471080101600006", nama="Slamet", hubungan=Hubungan.KEPALA
    )
    baris = per_nik(baca(ekspor_jadi(hasil_disetujui.periode, None, akun.dinsos)))
    assert baris["1471080101600006"][1] == "Slamet"


def test_free_text_never_becomes_a_formula(hasil_disetujui, akun, ekspor_jadi):
    Verifikasi.objects.filter(alasan_lain="Punya toko bangunan").update(
        alasan_lain='=HYPERLINK("http://contoh.invalid")\x07'
    )
    rows = baca(ekspor_jadi(hasil_disetujui.periode, None, akun.dinsos))
    sel = next(row[7] for row in rows if row[0].value == "1471084708880003")
    assert sel.data_type == "s"
    assert sel.value == 'Lainnya: =HYPERLINK("http://contoh.invalid")'
    Keluarga.objects.filter(nomor_kk="1471080101200003").update(alamat="=1+1")
    rows = baca(ekspor_jadi(hasil_disetujui.periode, None, akun.dinsos))
    sel = next(row[17] for row in rows if row[0].value == "1471084708880003")
    assert (sel.data_type, sel.value) == ("s", "=1+1")


def test_progress_is_visible_while_the_rows_stream(hasil_disetujui, akun, monkeypatch):
    ekspor = EksporHasil.objects.create(periode=hasil_disetujui.periode, dibuat_oleh=akun.dinsos)
    monkeypatch.setattr(modul_ekspor, "PROGRES_SETIAP", 2)
    terlihat = []
    asli = modul_ekspor.alasan_teks

    def amati(*args):  # called once per row, as it is written
        terlihat.append(
            EksporHasil.objects.values_list("baris_total", "baris_ditulis").get(pk=ekspor.pk)
        )
        return asli(*args)

    monkeypatch.setattr(modul_ekspor, "alasan_teks", amati)
    ekspor_tulis(ekspor=ekspor)
    assert terlihat == [(5, 0), (5, 0), (5, 2), (5, 2), (5, 4)]
    ekspor.refresh_from_db()
    assert (ekspor.status, ekspor.baris_total, ekspor.baris_ditulis) == (
        StatusEkspor.SELESAI,
        5,
        5,
    )


def test_a_failure_is_gagal_with_a_message_and_no_file(
    hasil_disetujui, akun, ekspor_jadi, monkeypatch, settings, caplog
):
    def rusak(*args):
        raise RuntimeError(f"baris dengan NIK {NIK_SITI}")

    monkeypatch.setattr(modul_ekspor, "alasan_teks", rusak)
    with caplog.at_level(logging.INFO, logger="bansos.ekspor"):
        ekspor = ekspor_jadi(hasil_disetujui.periode, None, akun.dinsos)
    assert ekspor.status == StatusEkspor.GAGAL
    assert ekspor.pesan.startswith("Ekspor gagal karena kesalahan sistem")
    assert not ekspor.berkas
    assert ekspor.selesai_at is not None
    assert berkas_ekspor(settings) == []
    assert "RuntimeError" in caplog.text
    assert NIK_SITI not in caplog.text, "row data never reaches the log"


def test_a_failure_after_storing_removes_the_file(
    hasil_disetujui, akun, ekspor_jadi, monkeypatch, settings
):
    asli = QuerySet.update

    def update(self, **kolom):  # the database goes away just before the job is marked done
        if kolom.get("status") == StatusEkspor.SELESAI:
            raise OperationalError("server closed the connection unexpectedly")
        return asli(self, **kolom)

    monkeypatch.setattr(QuerySet, "update", update)
    ekspor = ekspor_jadi(hasil_disetujui.periode, None, akun.dinsos)
    assert ekspor.status == StatusEkspor.GAGAL
    assert berkas_ekspor(settings) == []


def test_an_empty_period_gives_the_header_only(hasil_disetujui, akun, ekspor_jadi):
    Verifikasi.objects.update(berlaku=False)
    ekspor = ekspor_jadi(hasil_disetujui.periode, None, akun.dinsos)
    assert (ekspor.status, ekspor.baris_total) == (StatusEkspor.SELESAI, 0)
    assert len(baca(ekspor)) == 1


# ------------------------------------------------------------ asking for it


def test_asked_twice_while_running_makes_one_job(
    hasil_disetujui,
    akun,
    tugas_di_proses_ini,  # noqa: F811
    django_capture_on_commit_callbacks,
    settings,
):
    periode = hasil_disetujui.periode
    with django_capture_on_commit_callbacks() as pertama:
        ekspor, baru = ekspor_mulai(periode=periode, kecamatan=None, oleh=akun.dinsos)
    with django_capture_on_commit_callbacks() as kedua:
        lagi, baru_lagi = ekspor_mulai(periode=periode, kecamatan=None, oleh=akun.dinsos)
    assert (baru, baru_lagi) == (True, False)
    assert lagi.pk == ekspor.pk
    assert EksporHasil.objects.count() == 1
    # both messages reach the worker (the second in case the broker lost the first):
    # the job is written once
    for callback in [*pertama, *kedua]:
        callback()
    ekspor.refresh_from_db()
    assert ekspor.status == StatusEkspor.SELESAI
    assert len(berkas_ekspor(settings)) == 1


def test_once_finished_a_new_export_is_made(hasil_disetujui, akun, ekspor_jadi):
    pertama = ekspor_jadi(hasil_disetujui.periode, None, akun.dinsos)
    kedua = ekspor_jadi(hasil_disetujui.periode, None, akun.dinsos)
    assert pertama.pk != kedua.pk


def test_the_same_period_for_another_scope_is_another_job(hasil_disetujui, kota, akun):
    periode = hasil_disetujui.periode
    kota_, _ = ekspor_mulai(periode=periode, kecamatan=None, oleh=akun.dinsos)
    binawidya, baru = ekspor_mulai(periode=periode, kecamatan=kota.binawidya, oleh=akun.dinsos)
    assert baru and binawidya.pk != kota_.pk


def test_a_job_stuck_writing_for_hours_is_replaced(hasil_disetujui, akun):
    lama = EksporHasil.objects.create(
        periode=hasil_disetujui.periode,
        dibuat_oleh=akun.dinsos,
        nomor_utuh=True,
        status=StatusEkspor.MENULIS,
    )
    EksporHasil.objects.filter(pk=lama.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=4)
    )
    baru, dibuat = ekspor_mulai(periode=hasil_disetujui.periode, kecamatan=None, oleh=akun.dinsos)
    assert dibuat and baru.pk != lama.pk
    lama.refresh_from_db()
    assert lama.status == StatusEkspor.GAGAL


def test_the_service_refuses_what_the_role_may_not_export(hasil_disetujui, kota, akun):
    periode = hasil_disetujui.periode
    for oleh, kecamatan in [
        (akun.admin_binawidya, None),
        (akun.admin_binawidya, kota.sail),
        (akun.pimpinan, kota.binawidya),
    ]:
        with pytest.raises(PermissionDenied):
            ekspor_mulai(periode=periode, kecamatan=kecamatan, oleh=oleh)
    assert not EksporHasil.objects.exists()


def test_the_task_takes_an_export_only_once(hasil_disetujui, akun, settings):
    ekspor = EksporHasil.objects.create(periode=hasil_disetujui.periode, dibuat_oleh=akun.dinsos)
    tulis_ekspor_hasil(ekspor.pk)
    ekspor.refresh_from_db()
    selesai_at = ekspor.selesai_at
    tulis_ekspor_hasil(ekspor.pk)  # redelivered
    tulis_ekspor_hasil(ekspor.pk + 1000)  # gone
    ekspor.refresh_from_db()
    assert ekspor.status == StatusEkspor.SELESAI and ekspor.selesai_at == selesai_at
    assert len(berkas_ekspor(settings)) == 1


# ------------------------------------------------------------------ the views


def _minta(client, periode, kecamatan=""):
    return client.post(
        reverse("bansos:ekspor_mulai"), {"periode": periode.pk, "kecamatan": kecamatan}
    )


def test_dinsos_exports_the_city_and_downloads_it(
    hasil_disetujui,
    akun,
    client_for,
    tugas_di_proses_ini,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client = client_for(akun.dinsos)
    with django_capture_on_commit_callbacks(execute=True):
        response = _minta(client, hasil_disetujui.periode)
    ekspor = EksporHasil.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("bansos:ekspor_status", args=[ekspor.pk])
    status = client.get(response["Location"])
    assert status.status_code == 200
    assert "Siap diunduh" in status.text
    assert reverse("bansos:ekspor_unduh", args=[ekspor.pk]) in status.text
    assert 'hx-trigger="every 2s"' not in status.text, "finished: polling stops"
    unduh = client.get(reverse("bansos:ekspor_unduh", args=[ekspor.pk]))
    assert unduh.status_code == 200
    assert unduh["Content-Disposition"] == (
        'attachment; filename="hasil-verifikasi-pkh-2026-i-kota.xlsx"'
    )
    assert unduh["Cache-Control"] == "private, no-store"
    assert unduh["Content-Type"].startswith("application/vnd.openxmlformats")
    isi = b"".join(unduh.streaming_content)
    assert isi.startswith(b"PK")


def test_the_admin_exports_their_kecamatan(
    hasil_disetujui,
    kota,
    akun,
    client_for,
    tugas_di_proses_ini,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client = client_for(akun.admin_binawidya)
    with django_capture_on_commit_callbacks(execute=True):
        response = _minta(client, hasil_disetujui.periode, kota.binawidya.pk)
    ekspor = EksporHasil.objects.get()
    assert response.status_code == 302
    assert (ekspor.kecamatan, ekspor.dibuat_oleh) == (kota.binawidya, akun.admin_binawidya)
    unduh = client.get(reverse("bansos:ekspor_unduh", args=[ekspor.pk]))
    assert 'filename="hasil-verifikasi-pkh-2026-i-binawidya.xlsx"' in unduh["Content-Disposition"]


def test_asked_twice_from_the_page_says_so(hasil_disetujui, akun, client_for):
    client = client_for(akun.dinsos)
    pertama = _minta(client, hasil_disetujui.periode)
    kedua = client.post(
        reverse("bansos:ekspor_mulai"),
        {"periode": hasil_disetujui.periode.pk, "kecamatan": ""},
        follow=True,
    )
    assert EksporHasil.objects.count() == 1
    assert kedua.redirect_chain[0][0] == pertama["Location"]
    assert "Ekspor yang sama sedang disusun; tunggu sampai selesai." in kedua.text


def test_the_status_polls_while_running(hasil_disetujui, akun, client_for):
    ekspor = EksporHasil.objects.create(
        periode=hasil_disetujui.periode,
        dibuat_oleh=akun.dinsos,
        status=StatusEkspor.MENULIS,
        baris_total=300_000,
        baris_ditulis=75_000,
    )
    url = reverse("bansos:ekspor_status", args=[ekspor.pk])
    client = client_for(akun.dinsos)
    halaman = client.get(url)
    assert 'hx-trigger="every 2s"' in halaman.text
    assert "25%" in halaman.text
    fragmen = client.get(url, headers={"HX-Request": "true"})
    assert fragmen.status_code == 200
    assert "<html" not in fragmen.text and 'hx-trigger="every 2s"' in fragmen.text
    assert "HX-Request" in fragmen["Vary"]
    assert client.get(reverse("bansos:ekspor_unduh", args=[ekspor.pk])).status_code == 404


def test_a_failed_export_shows_its_message(hasil_disetujui, akun, client_for):
    ekspor = EksporHasil.objects.create(
        periode=hasil_disetujui.periode,
        dibuat_oleh=akun.dinsos,
        status=StatusEkspor.GAGAL,
        pesan="Ekspor gagal karena kesalahan sistem. Coba minta ekspor lagi.",
    )
    response = client_for(akun.dinsos).get(reverse("bansos:ekspor_status", args=[ekspor.pk]))
    assert "Coba minta ekspor lagi." in response.text
    assert 'hx-trigger="every 2s"' not in response.text


@pytest.mark.parametrize("data", [{}, {"periode": "999999"}, {"periode": "abc"}])
def test_a_bad_form_is_sent_back_with_a_message(hasil_disetujui, akun, client_for, data):
    response = client_for(akun.dinsos).post(reverse("bansos:ekspor_mulai"), data, follow=True)
    assert response.status_code == 200
    assert "Pilih program dan periode" in response.text
    assert not EksporHasil.objects.exists()


def test_export_start_is_post_only(akun, client_for):
    assert client_for(akun.dinsos).get(reverse("bansos:ekspor_mulai")).status_code == 405


@pytest.mark.parametrize("kecamatan", ["sail", "", "999999", "x"])
def test_the_admin_cannot_export_beyond_their_kecamatan(
    hasil_disetujui, kota, akun, client_for, kecamatan
):
    nilai = {"sail": kota.sail.pk}.get(kecamatan, kecamatan)
    response = _minta(client_for(akun.admin_binawidya), hasil_disetujui.periode, nilai)
    assert response.status_code in (302, 404)
    if kecamatan in ("sail", ""):
        assert response.status_code == 404
    assert not EksporHasil.objects.exists()


def test_another_kecamatans_export_is_404(hasil_disetujui, kota, akun, ekspor_jadi, client_for):
    ekspor = ekspor_jadi(hasil_disetujui.periode, kota.binawidya, akun.admin_binawidya)
    kota_ = ekspor_jadi(hasil_disetujui.periode, None, akun.dinsos)
    sail = client_for(akun.admin_sail)
    for e in (ekspor, kota_):
        for nama in ("bansos:ekspor_status", "bansos:ekspor_unduh"):
            assert sail.get(reverse(nama, args=[e.pk])).status_code == 404, (nama, e)
    binawidya = client_for(akun.admin_binawidya)
    assert binawidya.get(reverse("bansos:ekspor_unduh", args=[kota_.pk])).status_code == 404
    assert binawidya.get(reverse("bansos:ekspor_unduh", args=[ekspor.pk])).status_code == 200


@pytest.mark.parametrize("peran", ["petugas", "bkpsdm", "pimpinan"])
def test_other_roles_are_refused(hasil_disetujui, akun, client_for, peran):
    ekspor = EksporHasil.objects.create(periode=hasil_disetujui.periode, dibuat_oleh=akun.dinsos)
    client = client_for(getattr(akun, peran))
    assert client.get(reverse("bansos:hasil")).status_code == 403
    assert _minta(client, hasil_disetujui.periode).status_code == 403
    for nama in ("bansos:ekspor_status", "bansos:ekspor_unduh"):
        assert client.get(reverse(nama, args=[ekspor.pk])).status_code == 403


# ------------------------------------------------------------ the results page


def _angka(response, nama: str) -> tuple:
    b = next(b for b in response.context["baris_list"] if b.wilayah.nama == nama)
    return (b.penerima, b.layak, b.tidak_layak, b.usulan, b.menunggu)


def test_dinsos_sees_the_city_per_kecamatan(hasil_disetujui, kota, akun, client_for):
    client = client_for(akun.dinsos)
    response = client.get(reverse("bansos:hasil"))
    assert response.status_code == 200
    assert response.context["periode"] == hasil_disetujui.periode, "the newest period by default"
    assert len(response.context["baris_list"]) == 15
    assert _angka(response, "Binawidya") == (4, 1, 2, 1, 1)
    assert _angka(response, "Sail") == (1, 1, 0, 0, 0)
    jumlah = response.context["jumlah"]
    assert (jumlah.penerima, jumlah.diverifikasi, jumlah.usulan) == (5, 4, 1)
    assert 'id="ekspor-kota"' in response.text and 'id="ekspor-kecamatan"' in response.text
    # added up from the RW summaries, which say when they were counted
    assert response.context["diperbarui"] is not None
    assert "terakhir dihitung" in response.text

    per_kelurahan = client.get(
        reverse("bansos:hasil"),
        {"periode": hasil_disetujui.periode.pk, "kecamatan": kota.binawidya.pk},
    )
    assert _angka(per_kelurahan, "Simpangbaru") == (4, 1, 2, 1, 1)
    berita_acara = reverse(
        "bansos:berita_acara", args=[hasil_disetujui.periode.pk, kota.simpangbaru.pk]
    )
    assert berita_acara in per_kelurahan.text

    salah = client.get(reverse("bansos:hasil"), {"periode": "abc", "kecamatan": "999999"})
    assert salah.status_code == 200, "a bad choice is shown on the form, never a crash"
    assert (salah.context["periode"], salah.context["kecamatan"]) == (hasil_disetujui.periode, None)


def test_the_admin_sees_the_kelurahan_of_their_kecamatan(hasil_disetujui, kota, akun, client_for):
    response = client_for(akun.admin_binawidya).get(
        reverse("bansos:hasil"),
        {"kecamatan": kota.sail.pk},  # ignored: not theirs to pick
    )
    assert response.status_code == 200
    assert {b.wilayah.kecamatan_id for b in response.context["baris_list"]} == {kota.binawidya.pk}
    assert _angka(response, "Simpangbaru") == (4, 1, 2, 1, 1)
    assert f'name="kecamatan" value="{kota.binawidya.pk}"' in response.text
    assert 'id="ekspor-kota"' not in response.text, "the whole city is Dinsos's"

    sail = client_for(akun.admin_sail).get(reverse("bansos:hasil"))
    assert _angka(sail, "Cinta Raja") == (1, 1, 0, 0, 0)
    assert sail.context["jumlah"].penerima == 1


def test_the_page_lists_the_exports_the_user_may_see(hasil_disetujui, kota, akun, client_for):
    binawidya = EksporHasil.objects.create(
        periode=hasil_disetujui.periode, kecamatan=kota.binawidya, dibuat_oleh=akun.dinsos
    )
    kota_ = EksporHasil.objects.create(periode=hasil_disetujui.periode, dibuat_oleh=akun.dinsos)
    dinsos = client_for(akun.dinsos).get(reverse("bansos:hasil"))
    assert set(dinsos.context["terakhir"]) == {binawidya, kota_}
    sail = client_for(akun.admin_sail).get(reverse("bansos:hasil"))
    assert list(sail.context["terakhir"]) == []


def test_the_filter_answers_htmx_with_the_table_only(hasil_disetujui, akun, client_for):
    response = client_for(akun.dinsos).get(
        reverse("bansos:hasil"),
        {"periode": hasil_disetujui.periode.pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="rekap">')
    assert "HX-Request" in response["Vary"]


def _tambah_hasil(periode, kota, akun, jumlah: int) -> None:
    """More approved findings, in two kelurahan of Binawidya."""
    from bansos.models import Penerima

    petugas = akun.petugas.petugas
    for i in range(jumlah):
        rw = kota.rw_simpangbaru_2 if i % 2 else kota.rw_delima_1
        k = Keluarga.objects.create(nomor_kk=f"14710801022{i:05d}", rw=rw, rt=1)
        AnggotaKeluarga.objects.create(
            keluarga=k, nik=f"14710801016{i:05d}", nama=f"Warga {i}", hubungan=Hubungan.KEPALA
        )
        p = Penerima.objects.create(periode=periode, keluarga=k)
        kunjungan = Kunjungan.objects.create(
            uuid=f"00000000-0000-4000-8000-{i:012d}",
            keluarga=k,
            petugas=petugas,
            rw=rw,
            hasil="ditemui",
            status=StatusKunjungan.DISETUJUI if i % 3 else StatusKunjungan.DIKIRIM,
            diperiksa_oleh=akun.admin_binawidya,
        )
        Verifikasi.objects.create(
            kunjungan=kunjungan,
            jenis="verifikasi",
            periode=periode,
            penerima=p,
            keluarga=k,
            hasil=Kelayakan.LAYAK,
            berlaku=bool(i % 3),
        )
    # written past the services: marked as they would, and committed (the pages and
    # counts kept in the cache are rendered again)
    from django.test import TestCase

    from dasbor.tandai import ringkasan_tandai

    with TestCase.captureOnCommitCallbacks(execute=True):
        ringkasan_tandai(rw_ids=[kota.rw_simpangbaru_2.pk, kota.rw_delima_1.pk])


@pytest.mark.parametrize("peran", ["dinsos", "admin_binawidya"])
def test_the_results_page_query_count_does_not_grow_with_rows(
    hasil_disetujui,
    kota,
    akun,
    client_for,
    django_assert_max_num_queries,
    peran,
    tugas_di_proses_ini,  # noqa: F811 - the summaries are recomputed here, even with Redis
):
    client = client_for(getattr(akun, peran))
    url = reverse("bansos:hasil")
    # one more than before desil: the recipients above PKH's desil ceiling
    with django_assert_max_num_queries(13):
        client.get(url)
    _tambah_hasil(hasil_disetujui.periode, kota, akun, 30)
    with django_assert_max_num_queries(13):
        response = client.get(url)
    assert response.context["jumlah"].penerima == 4 + 30 + (1 if peran == "dinsos" else 0)


def test_an_admin_never_gets_dinsos_whole_numbers(
    hasil_disetujui, kota, akun, client_for, ekspor_jadi
):
    dinsos = ekspor_jadi(hasil_disetujui.periode, kota.binawidya, akun.dinsos)
    assert dinsos.nomor_utuh
    admin = client_for(akun.admin_binawidya)
    for name in ("bansos:ekspor_status", "bansos:ekspor_unduh"):
        assert admin.get(reverse(name, args=[dinsos.pk])).status_code == 404
    assert f"/bansos/ekspor/{dinsos.pk}/" not in admin.get(reverse("bansos:hasil")).content.decode()


def test_an_admin_asking_while_dinsos_export_runs_gets_their_own(hasil_disetujui, kota, akun):
    from bansos.ekspor import ekspor_mulai

    punya_dinsos, baru = ekspor_mulai(
        periode=hasil_disetujui.periode, kecamatan=kota.binawidya, oleh=akun.dinsos
    )
    punya_admin, baru_admin = ekspor_mulai(
        periode=hasil_disetujui.periode, kecamatan=kota.binawidya, oleh=akun.admin_binawidya
    )
    assert baru and baru_admin and punya_admin.pk != punya_dinsos.pk
    assert not punya_admin.nomor_utuh


def test_the_export_and_the_results_flag_recipients_above_the_desil_ceiling(
    hasil_disetujui, akun, client_for, ekspor_jadi
):
    """PKH serves desil 1-4: Budi's family in desil 7 is flagged, Joko's in desil 4 not."""
    budi, joko = hasil_disetujui.simpangbaru[:2]
    Keluarga.objects.filter(pk=budi.pk).update(desil=7, desil_berlaku_mulai=D(2026, 1, 1))
    Keluarga.objects.filter(pk=joko.pk).update(desil=4, desil_berlaku_mulai=D(2026, 1, 1))
    ringkasan_hitung(rw_ids=[budi.rw_id])  # as the desil import's on-commit recompute does
    baris = per_nik(baca(ekspor_jadi(hasil_disetujui.periode, None, akun.dinsos)))
    assert baris[NIK_SITI][19:21] == [7, "Ya"]
    assert baris[NIK_JOKO][19:21] == [4, None]

    response = client_for(akun.dinsos).get(reverse("bansos:hasil"))
    assert response.context["jumlah"].di_atas_desil == 1
    assert "Di atas desil program (&gt; 4)" in response.content.decode()


def test_the_results_follow_a_review_through_the_summaries(
    hasil_disetujui,
    akun,
    client_for,
    django_capture_on_commit_callbacks,
    tugas_di_proses_ini,  # noqa: F811 - the summaries are recomputed here, even with Redis
):
    """Hendra's waiting visit approved through the real service: once its commit's
    recompute has run, the results count his finding and one visit fewer waiting."""
    from pendataan.models import Kunjungan
    from pendataan.pemeriksaan import kunjungan_setujui

    client = client_for(akun.dinsos)
    sebelum = client.get(reverse("bansos:hasil")).context["jumlah"]
    kunjungan = Kunjungan.objects.get(keluarga=hasil_disetujui.simpangbaru[4])
    with django_capture_on_commit_callbacks(execute=True):
        kunjungan_setujui(kunjungan=kunjungan, oleh=akun.admin_binawidya)
    sesudah = client.get(reverse("bansos:hasil")).context["jumlah"]
    assert (sesudah.tidak_layak, sesudah.menunggu) == (
        sebelum.tidak_layak + 1,
        sebelum.menunggu - 1,
    )
