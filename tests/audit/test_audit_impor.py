"""Bulk paths write one audit entry per import (file hash and counts), none per row."""

import hashlib

from auditlog.models import LogEntry
from django.urls import reverse

from bansos.models import ImporPenerima, Penerima, StatusImpor
from pendataan.models import AnggotaKeluarga, Keluarga
from petugas.impor import kandidat_import
from tests.bansos.test_impor_penerima import (  # noqa: F401 (fixtures)
    BARU,
    BUDI,
    csv_berkas,
    impor,
    jalur,
    periode_blt,
)


def test_a_recipient_list_writes_one_entry_with_its_hash_and_counts(
    kota,
    keluarga,
    periode_blt,  # noqa: F811
    impor,  # noqa: F811
):
    berkas = csv_berkas(BUDI, BARU)
    data = berkas.read()
    berkas.seek(0)
    sebelum = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    hasil = impor(periode_blt, berkas)
    assert hasil.status == StatusImpor.SELESAI
    assert Penerima.objects.count() == 2 and Keluarga.objects.count() == 2
    entri = LogEntry.objects.exclude(pk__lte=sebelum).get()  # not one per family or recipient
    assert entri.content_type.model_class() is ImporPenerima
    assert entri.object_pk == str(hasil.pk)
    assert entri.additional_data["sha256"] == hashlib.sha256(data).hexdigest()
    assert entri.additional_data["jumlah"] == hasil.ringkasan
    assert entri.actor.username == "dinsos"


def test_a_candidate_import_writes_one_entry(kota, akun):
    kolom = "nama,ni_pppk,opd,alamat_domisili,kelurahan,rw,telepon,jenis_kelamin"
    baris = [
        f"Calon {i},1990010120250110{i:02d},Dinas Uji,Jl. Uji {i},Simpangbaru,1,0812000000{i:02d},L"
        for i in range(1, 6)
    ]
    data = (kolom + "\n" + "\n".join(baris) + "\n").encode()
    sebelum = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    hasil = kandidat_import(data=data, filename="kandidat.csv", oleh=akun.bkpsdm)
    assert hasil.dibuat == 5
    entri = LogEntry.objects.exclude(pk__lte=sebelum).get()
    assert entri.additional_data["jumlah"] == {"baru": 5, "diperbarui": 0, "tetap": 0}
    assert entri.actor == akun.bkpsdm


def test_the_change_log_filters_by_object(akun, keluarga, client_for):
    budi = AnggotaKeluarga.objects.get(nik="1471081503900001")
    budi.nama = "Budi Diubah"
    budi.save()
    keluarga.alamat = "Jl. Baru 1"
    keluarga.save()
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(Keluarga)
    html = (
        client_for(akun.pdp)
        .get(reverse("audit:log_perubahan"), {"model": ct.pk, "objek_id": keluarga.pk})
        .text
    )
    assert "Jl. Baru 1" in html and "Budi Diubah" not in html
