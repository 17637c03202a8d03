"""One waiting recompute per RW (dasbor/tandai.py): the visits an officer sends while
their RW's recompute waits in the queue are counted when it runs, not queued again."""

import pytest
from django.core.cache import cache

from dasbor import tandai
from dasbor.models import RingkasanRW
from dasbor.tasks import perbarui_ringkasan
from pendataan.services import kunjungan_simpan
from tests.pendataan.conftest import data_kunjungan, keluarga  # noqa: F401 (fixture)


@pytest.fixture
def antrean(settings, monkeypatch):
    """The hold on (tests run with it off), and a queue that keeps what is sent to it."""
    settings.RINGKASAN_ANTRE_DETIK = 120
    dikirim: list[list[int]] = []
    monkeypatch.setattr(perbarui_ringkasan, "delay", lambda rw_ids: dikirim.append(rw_ids))
    yield dikirim
    tandai.antre_lepas(range(1, 10_000))  # nothing left for the next test


@pytest.fixture
def kirim(akun, keluarga, django_capture_on_commit_callbacks):  # noqa: F811
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            kunjungan_simpan(user=akun.petugas, keluarga=keluarga, data=data_kunjungan(keluarga))

    return run


@pytest.mark.django_db
def test_visits_sent_while_the_recompute_waits_are_counted_when_it_runs(
    kota,
    antrean,
    kirim,
    keluarga,  # noqa: F811
):
    rw_id = kota.rw_simpangbaru_1.pk
    kirim()
    kirim()
    kirim()
    assert antrean == [[rw_id]], "one recompute queued for three visits"

    perbarui_ringkasan.run(antrean.pop())  # the worker takes it
    ringkasan = RingkasanRW.objects.get(rw_id=rw_id)
    assert (ringkasan.keluarga_dikunjungi, ringkasan.kunjungan_menunggu) == (1, 3)

    kirim()  # after it started: the next visit queues again
    assert antrean == [[rw_id]]


@pytest.mark.django_db
def test_each_rw_queues_its_own(kota, antrean, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tandai.ringkasan_tandai(rw_ids=[kota.rw_simpangbaru_1.pk])
    with django_capture_on_commit_callbacks(execute=True):
        tandai.ringkasan_tandai(rw_ids=[kota.rw_simpangbaru_1.pk, kota.rw_delima_1.pk])
    assert antrean == [[kota.rw_simpangbaru_1.pk], [kota.rw_delima_1.pk]]


@pytest.mark.django_db
def test_a_broker_that_is_down_leaves_the_rw_free_for_the_next_write(
    kota, antrean, monkeypatch, django_capture_on_commit_callbacks
):
    def gagal(rw_ids):
        raise OSError("broker down")

    rw_id = kota.rw_simpangbaru_1.pk
    monkeypatch.setattr(perbarui_ringkasan, "delay", gagal)
    with django_capture_on_commit_callbacks(execute=True):
        tandai.ringkasan_tandai(rw_ids=[rw_id])
    monkeypatch.setattr(perbarui_ringkasan, "delay", lambda rw_ids: antrean.append(rw_ids))
    with django_capture_on_commit_callbacks(execute=True):
        tandai.ringkasan_tandai(rw_ids=[rw_id])
    assert antrean == [[rw_id]]


@pytest.mark.django_db
def test_a_cache_that_is_down_queues_every_write(
    kota, antrean, monkeypatch, django_capture_on_commit_callbacks
):
    def gagal(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(tandai.cache, "add", gagal)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            tandai.ringkasan_tandai(rw_ids=[kota.rw_simpangbaru_1.pk])
    assert antrean == [[kota.rw_simpangbaru_1.pk]] * 2


def test_many_rws_at_once_are_queued_as_they_are(settings, monkeypatch):
    settings.RINGKASAN_ANTRE_DETIK = 120
    monkeypatch.setattr(cache, "add", lambda *a, **k: pytest.fail("checked one by one"))
    banyak = list(range(1, tandai.ANTRE_PALING_BANYAK + 2))
    assert tandai._belum_antre(banyak) == banyak
