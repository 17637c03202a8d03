"""Export files and uploaded lists (whole NIKs) are deleted once past their kept days."""

import datetime
import logging
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils import timezone

from bansos.models import EksporHasil, ImporPenerima, StatusImpor
from bansos.retensi import berkas_lama_hapus
from bansos.tasks import hapus_berkas_lama
from tests.bansos.test_ekspor import ekspor_jadi  # noqa: F401 (fixture)
from tests.bansos.test_impor_penerima import (  # noqa: F401 (fixtures)
    BUDI,
    csv_berkas,
    impor,
    jalur,
    periode_blt,
)
from tests.pendataan.conftest import keluarga, tugas_di_proses_ini  # noqa: F401 (fixtures)

HARI = datetime.timedelta(days=1)


def _di_disk(berkas) -> Path:
    return Path(django_settings.MEDIA_ROOT) / berkas.name


@pytest.fixture
def ekspor_selesai(hasil_disetujui, akun, ekspor_jadi):  # noqa: F811
    ekspor = ekspor_jadi(hasil_disetujui.periode, None, akun.dinsos)
    assert ekspor.berkas and _di_disk(ekspor.berkas).exists()
    return ekspor


def test_an_export_past_its_days_loses_its_file_and_says_so(ekspor_selesai, akun, client_for):
    path = _di_disk(ekspor_selesai.berkas)
    nanti = ekspor_selesai.selesai_at + 7 * HARI + datetime.timedelta(minutes=1)

    assert berkas_lama_hapus(sekarang=nanti) == (1, 0)

    ekspor_selesai.refresh_from_db()
    assert not path.exists()
    assert not ekspor_selesai.berkas
    assert "sudah dihapus 7 hari setelah selesai" in ekspor_selesai.pesan
    assert ekspor_selesai.baris_total > 0, "the record and its counts stay"
    client = client_for(akun.dinsos)
    unduh = client.get(reverse("bansos:ekspor_unduh", args=[ekspor_selesai.pk]))
    assert unduh.status_code == 404
    status = client.get(reverse("bansos:ekspor_status", args=[ekspor_selesai.pk]))
    assert "sudah dihapus" in status.text
    assert reverse("bansos:ekspor_unduh", args=[ekspor_selesai.pk]) not in status.text
    hasil = client.get(reverse("bansos:hasil"), {"periode": ekspor_selesai.periode_id})
    assert "berkas dihapus" in hasil.text
    assert reverse("bansos:ekspor_unduh", args=[ekspor_selesai.pk]) not in hasil.text


def test_an_export_within_its_days_is_kept(ekspor_selesai):
    path = _di_disk(ekspor_selesai.berkas)

    assert berkas_lama_hapus(sekarang=ekspor_selesai.selesai_at + 7 * HARI) == (0, 0)

    ekspor_selesai.refresh_from_db()
    assert path.exists() and ekspor_selesai.berkas


def test_the_days_are_a_setting(ekspor_selesai, settings):
    settings.BERKAS_BANSOS_SIMPAN_HARI = 1
    assert berkas_lama_hapus(sekarang=ekspor_selesai.selesai_at + 2 * HARI) == (1, 0)


def test_a_file_that_will_not_go_is_tried_again(ekspor_selesai, monkeypatch, caplog):
    storage = FileSystemStorage
    asli = storage.delete

    def gagal(self, name):
        raise PermissionError(name)

    monkeypatch.setattr(storage, "delete", gagal)
    nanti = ekspor_selesai.selesai_at + 8 * HARI
    with caplog.at_level(logging.WARNING, logger="bansos.retensi"):
        assert berkas_lama_hapus(sekarang=nanti) == (0, 0)
    ekspor_selesai.refresh_from_db()
    assert ekspor_selesai.berkas, "the record still points to the file it could not delete"
    assert "berkas tidak terhapus (PermissionError)" in caplog.text
    assert ekspor_selesai.berkas.name not in caplog.text

    monkeypatch.setattr(storage, "delete", asli)
    assert berkas_lama_hapus(sekarang=nanti) == (1, 0)


def test_an_uploaded_list_past_its_days_is_deleted_its_report_kept(
    keluarga,  # noqa: F811
    periode_blt,  # noqa: F811
    impor,  # noqa: F811
):
    selesai = impor(periode_blt, csv_berkas(BUDI))
    ditolak = impor(periode_blt, csv_berkas("123,Budi,456,Jl. X,2,1,Simpangbaru"))
    assert (selesai.status, ditolak.status) == (StatusImpor.SELESAI, StatusImpor.DITOLAK)
    paths = [_di_disk(selesai.berkas), _di_disk(ditolak.berkas)]
    menunggu = ImporPenerima.objects.create(
        periode=periode_blt,
        berkas=selesai.berkas.name + ".menunggu",
        nama_berkas="menunggu.csv",
        dibuat_oleh=selesai.dibuat_oleh,
    )

    assert berkas_lama_hapus(sekarang=timezone.now() + 8 * HARI) == (0, 2)

    assert not any(p.exists() for p in paths)
    selesai.refresh_from_db()
    ditolak.refresh_from_db()
    assert not selesai.berkas and not ditolak.berkas
    assert selesai.ringkasan["penerima_baru"] == 1 and ditolak.masalah, "reports stay"
    menunggu.refresh_from_db()
    assert menunggu.berkas, "an import not done yet keeps its file"


def test_beat_sends_the_clean_up_every_hour(ekspor_selesai):
    jadwal = django_settings.CELERY_BEAT_SCHEDULE["hapus-berkas-lama"]
    assert jadwal["task"] == hapus_berkas_lama.name
    assert jadwal["schedule"] <= 3600
    EksporHasil.objects.filter(pk=ekspor_selesai.pk).update(selesai_at=timezone.now() - 8 * HARI)

    hapus_berkas_lama.delay()

    ekspor_selesai.refresh_from_db()
    assert not ekspor_selesai.berkas


def test_a_desil_file_past_its_days_is_deleted(
    akun,
    keluarga,  # noqa: F811
    tugas_di_proses_ini,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pendataan.desil import impor_desil_mulai

    data = b"nomor_kk,desil,berlaku_mulai\n1471080101200001,3,01-01-2026\n"
    with django_capture_on_commit_callbacks(execute=True):
        desil = impor_desil_mulai(
            berkas=SimpleUploadedFile("desil.csv", data), berlaku_mulai=None, oleh=akun.dinsos
        )
    desil.refresh_from_db()
    assert desil.status == StatusImpor.SELESAI
    path = _di_disk(desil.berkas)
    assert berkas_lama_hapus(sekarang=timezone.now() + 8 * HARI) == (0, 1)
    assert not path.exists()
    desil.refresh_from_db()
    assert not desil.berkas and desil.ringkasan["baru"] == 1
