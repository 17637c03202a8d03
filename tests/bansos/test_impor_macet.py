"""Beat's look at imports that are stuck: waiting with no task, or whose worker died."""

import datetime
from unittest import mock

from django.conf import settings
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from bansos.impor import impor_penerima_mulai
from bansos.models import ImporPenerima, Penerima, StatusImpor
from bansos.tasks import periksa_impor_macet, proses_impor_penerima
from config.celery_app import app
from pendataan.models import Keluarga
from tests.bansos.test_impor_penerima import (  # noqa: F401 (fixtures)
    BARU,
    csv_berkas,
    impor,
    jalur,
    periode_blt,
)
from tests.pendataan.conftest import tugas_di_proses_ini  # noqa: F401 (fixtures)

BATAS_KERJA = datetime.timedelta(seconds=proses_impor_penerima.time_limit)


def _menunggu(akun, periode, django_capture_on_commit_callbacks, *, sejak: datetime.timedelta):
    """An upload the broker never got, made `sejak` ago."""
    with (
        mock.patch(
            "bansos.tasks.proses_impor_penerima.delay", side_effect=KombuOperationalError("down")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        hasil = impor_penerima_mulai(periode=periode, berkas=csv_berkas(BARU), oleh=akun.dinsos)
    ImporPenerima.objects.filter(pk=hasil.pk).update(created_at=timezone.now() - sejak)
    return hasil


def _berjalan(akun, periode, status: str, *, mulai: datetime.timedelta, dibuat=None):
    """An import a worker took `mulai` ago (uploaded `dibuat` ago)."""
    sekarang = timezone.now()
    hasil = ImporPenerima.objects.create(
        periode=periode,
        berkas="private/impor-penerima/x.csv",
        nama_berkas="x.csv",
        dibuat_oleh=akun.dinsos,
        status=status,
        ringkasan={"mulai": (sekarang - mulai).isoformat()},
    )
    ImporPenerima.objects.filter(pk=hasil.pk).update(created_at=sekarang - (dibuat or mulai))
    return hasil


def test_an_import_waiting_over_15_minutes_is_queued_again(
    akun,
    periode_blt,  # noqa: F811
    tugas_di_proses_ini,  # noqa: F811
    jalur,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    lama = _menunggu(
        akun, periode_blt, django_capture_on_commit_callbacks, sejak=datetime.timedelta(minutes=16)
    )
    baru = _menunggu(
        akun, periode_blt, django_capture_on_commit_callbacks, sejak=datetime.timedelta(minutes=5)
    )

    periksa_impor_macet()

    lama.refresh_from_db()
    assert lama.status == StatusImpor.SELESAI, lama.masalah
    assert Penerima.objects.filter(impor=lama).count() == 1
    assert ImporPenerima.objects.get(pk=baru.pk).status == StatusImpor.MENUNGGU


def test_an_import_running_past_the_time_limit_is_refused(akun, periode_blt):  # noqa: F811
    macet = _berjalan(
        akun, periode_blt, StatusImpor.MENULIS, mulai=BATAS_KERJA + datetime.timedelta(minutes=11)
    )
    memeriksa = _berjalan(
        akun,
        periode_blt,
        StatusImpor.MEMERIKSA,
        mulai=BATAS_KERJA + datetime.timedelta(minutes=11),
    )
    # waited long in the queue, but the worker took it half an hour ago: still running
    antre_lama = _berjalan(
        akun,
        periode_blt,
        StatusImpor.MENULIS,
        mulai=datetime.timedelta(minutes=30),
        dibuat=datetime.timedelta(hours=3),
    )
    berjalan = _berjalan(
        akun, periode_blt, StatusImpor.MEMERIKSA, mulai=datetime.timedelta(minutes=50)
    )

    periksa_impor_macet()

    for impor_macet in (macet, memeriksa):
        impor_macet.refresh_from_db()
        assert impor_macet.status == StatusImpor.DITOLAK
        assert impor_macet.jumlah_masalah == 1
        [[row, pesan]] = impor_macet.masalah
        assert row == 0
        assert "terhenti" in pesan
        assert "tidak ada data yang disimpan" in pesan
        assert "Unggah ulang" in pesan
        assert impor_macet.selesai_at is not None
    for tetap in (antre_lama, berjalan):
        assert ImporPenerima.objects.get(pk=tetap.pk).status == tetap.status


def test_a_worker_that_finishes_after_beat_refused_it_saves_nothing(
    kota,
    periode_blt,  # noqa: F811
    impor,  # noqa: F811
):
    """The import is marked SELESAI in pass 2's own transaction: "nothing was saved"
    holds for every import beat finds still running."""

    def beat_menolak(impor, hasil):
        ImporPenerima.objects.filter(pk=impor.pk).update(status=StatusImpor.DITOLAK)

    with mock.patch("bansos.impor.tulis.keluarkan", side_effect=beat_menolak):
        hasil = impor(periode_blt, csv_berkas(BARU))

    # (beat's update shared the test's connection, so it went with the rollback too)
    assert hasil.status != StatusImpor.SELESAI
    assert Penerima.objects.count() == 0
    assert not Keluarga.objects.filter(nomor_kk="1471080202200004").exists()


def test_beat_sends_it_every_10_minutes():
    jadwal = settings.CELERY_BEAT_SCHEDULE["periksa-impor-macet"]
    assert jadwal["task"] == periksa_impor_macet.name
    assert jadwal["task"] in app.tasks
    assert jadwal["schedule"] == 600
