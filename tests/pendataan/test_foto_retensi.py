"""KK and KTP photos are deleted FOTO_IDENTITAS_SIMPAN_HARI days after their visit's review."""

import datetime
import uuid
from pathlib import Path

from auditlog.models import LogEntry
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from pendataan.foto.retensi import foto_identitas_hapus_lama
from pendataan.models import FotoKunjungan, JenisFoto, Kunjungan, StatusFoto, StatusKunjungan
from pendataan.services import kunjungan_simpan
from pendataan.tasks import hapus_foto_identitas_lama
from tests.pendataan.conftest import data_kunjungan

HARI = datetime.timedelta(days=1)


def _kunjungan(akun, keluarga, status: str, diperiksa_at) -> Kunjungan:
    kunjungan, _ = kunjungan_simpan(
        user=akun.petugas, keluarga=keluarga, data=data_kunjungan(keluarga, uuid=str(uuid.uuid4()))
    )
    Kunjungan.objects.filter(pk=kunjungan.pk).update(status=status, diperiksa_at=diperiksa_at)
    return kunjungan


def _foto(kunjungan: Kunjungan, jenis: str) -> FotoKunjungan:
    foto = FotoKunjungan(kunjungan=kunjungan, foto_uuid=uuid.uuid4(), jenis=jenis)
    for nama in ("asli", "besar", "kecil"):
        getattr(foto, nama).save(f"{jenis}.jpg", ContentFile(b"\xff\xd8" + jenis.encode()), False)
    foto.status = StatusFoto.SELESAI
    foto.save()
    return foto


def _di_disk(foto: FotoKunjungan) -> list[bool]:
    return [(Path(django_settings.MEDIA_ROOT) / getattr(foto, n).name).exists() for n in ("asli",)]


def test_kk_and_ktp_go_90_days_after_approval_house_photos_stay(akun, keluarga, settings):
    settings.FOTO_IDENTITAS_SIMPAN_HARI = 90
    sekarang = timezone.now()
    disetujui = _kunjungan(akun, keluarga, StatusKunjungan.DISETUJUI, sekarang - 91 * HARI)
    kk, ktp, rumah = (_foto(disetujui, j) for j in (JenisFoto.KK, JenisFoto.KTP, JenisFoto.RUMAH))
    berkas_kk = [Path(django_settings.MEDIA_ROOT) / getattr(kk, n).name for n in ("asli", "besar")]

    assert foto_identitas_hapus_lama(sekarang=sekarang) == 2
    kk.refresh_from_db()
    ktp.refresh_from_db()
    rumah.refresh_from_db()
    assert (kk.status, kk.dihapus_at, kk.asli.name, kk.besar.name) == (
        StatusFoto.DIHAPUS,
        sekarang,
        "",
        "",
    )
    assert ktp.status == StatusFoto.DIHAPUS
    assert not any(p.exists() for p in berkas_kk)
    assert rumah.status == StatusFoto.SELESAI and _di_disk(rumah) == [True]
    entri = LogEntry.objects.latest("pk")
    assert entri.additional_data["jumlah"]["dihapus"] == 2
    assert foto_identitas_hapus_lama(sekarang=sekarang) == 0  # once


def test_not_before_the_kept_days_and_not_while_under_review(akun, keluarga, settings):
    settings.FOTO_IDENTITAS_SIMPAN_HARI = 90
    sekarang = timezone.now()
    baru = _kunjungan(akun, keluarga, StatusKunjungan.DITOLAK, sekarang - 89 * HARI)
    menunggu = _kunjungan(akun, keluarga, StatusKunjungan.DIKEMBALIKAN, sekarang - 200 * HARI)
    ditolak_lama = _kunjungan(
        akun,
        keluarga,
        StatusKunjungan.DITOLAK,
        sekarang - 90 * HARI - datetime.timedelta(minutes=1),
    )
    tetap = [_foto(baru, JenisFoto.KK), _foto(menunggu, JenisFoto.KTP)]
    pergi = _foto(ditolak_lama, JenisFoto.KTP)
    assert foto_identitas_hapus_lama(sekarang=sekarang) == 1
    assert [FotoKunjungan.objects.get(pk=f.pk).status for f in tetap] == [StatusFoto.SELESAI] * 2
    assert FotoKunjungan.objects.get(pk=pergi.pk).dihapus_at == sekarang


def test_beat_runs_it_with_the_configured_days(akun, keluarga, settings):
    settings.FOTO_IDENTITAS_SIMPAN_HARI = 7
    lama = _kunjungan(akun, keluarga, StatusKunjungan.DISETUJUI, timezone.now() - 8 * HARI)
    foto = _foto(lama, JenisFoto.KK)
    assert hapus_foto_identitas_lama() == 1  # the task body, as beat has it run
    assert "hapus-foto-identitas-lama" in django_settings.CELERY_BEAT_SCHEDULE
    assert FotoKunjungan.objects.get(pk=foto.pk).status == StatusFoto.DIHAPUS


def test_a_removed_photo_is_404_and_the_visit_still_lists_it(akun, keluarga, client_for, settings):
    settings.FOTO_IDENTITAS_SIMPAN_HARI = 90
    lama = _kunjungan(akun, keluarga, StatusKunjungan.DISETUJUI, timezone.now() - 100 * HARI)
    foto = _foto(lama, JenisFoto.KK)
    foto_identitas_hapus_lama()
    client = client_for(akun.petugas)
    assert client.get(reverse("pendataan:foto", args=[foto.pk, "besar"])).status_code == 404
    html = client.get(reverse("pendataan:kunjungan_detail", args=[lama.uuid])).content.decode()
    assert "Dihapus: masa simpan foto identitas habis" in html
