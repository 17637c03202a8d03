"""The audit of changes: who, when, what, before and after; one entry per import."""

import hashlib
import json
import uuid

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from akun.models import User
from pendataan.impor import keluarga_import
from pendataan.models import AnggotaKeluarga, Keluarga, Kunjungan
from petugas.models import OPD, KartuPetugas, Petugas
from tests.pendataan.conftest import data_kunjungan
from tests.petugas.akses_kartu import kartu_baru

KOLOM = "nik,nama,nomor_kk,alamat,rt,rw,kelurahan,jenis_kelamin,tanggal_lahir,hubungan"
BARIS = [
    "1471081503900001,Budi Santoso,1471080101200001,Jl. Garuda No. 5,2,1,Simpangbaru,L,,kepala",
    "1471085503920002,Siti Aminah,1471080101200001,Jl. Garuda No. 5,2,1,Simpangbaru,P,,istri",
]


def _entri(model, pk) -> list[LogEntry]:
    ct = ContentType.objects.get_for_model(model)
    return list(LogEntry.objects.filter(content_type=ct, object_pk=str(pk)).order_by("pk"))


def test_it_keeps_who_changed_an_opd_quota_with_before_and_after(akun, client_for):
    opd = OPD.objects.create(nama="Dinas Lingkungan Hidup", singkatan="DLH", kuota=75)
    response = client_for(akun.bkpsdm).post(
        reverse("petugas:opd_ubah", args=[opd.pk]),
        {"nama": "Dinas Lingkungan Hidup", "singkatan": "DLH", "kuota": 80},
    )
    assert response.status_code == 302
    ubah = _entri(OPD, opd.pk)[-1]
    assert ubah.actor == akun.bkpsdm
    assert ubah.action == LogEntry.Action.UPDATE
    assert ubah.changes["kuota"] == ["75", "80"]
    assert ubah.remote_addr == "127.0.0.1"


def test_it_keeps_who_revoked_a_card(kota, akun, client_for):
    kartu = kartu_baru()
    url = reverse("petugas:kartu_cabut", args=[kartu.pk])
    assert client_for(akun.bkpsdm).post(url, {"alasan": "hilang"}).status_code == 302
    cabut = _entri(KartuPetugas, kartu.pk)[-1]
    assert cabut.actor == akun.bkpsdm
    assert set(cabut.changes) >= {"dicabut_at", "alasan_cabut"}
    assert "token" not in cabut.changes


def test_it_keeps_an_officers_availability(akun, client_for):
    petugas = Petugas.objects.get(user=akun.petugas)
    url = reverse("petugas:tersedia", args=[petugas.pk])
    client_for(akun.bkpsdm).post(url, {"tersedia": "0"})
    entri = _entri(Petugas, petugas.pk)[-1]
    assert (entri.actor, entri.changes["tersedia"]) == (akun.bkpsdm, ["True", "False"])


def test_a_password_reset_says_who_reset_whose_and_never_the_password(akun, client_for):
    petugas = Petugas.objects.get(user=akun.petugas)
    response = client_for(akun.bkpsdm).post(reverse("petugas:reset_sandi", args=[petugas.pk]))
    assert response.status_code == 200
    reset = [e for e in _entri(User, akun.petugas.pk) if e.additional_data]
    assert len(reset) == 1
    assert reset[0].actor == akun.bkpsdm
    assert reset[0].additional_data == {"peristiwa": "sandi_reset"}
    assert akun.petugas.password[:20] not in json.dumps(reset[0].changes)
    assert "argon2" not in json.dumps(reset[0].changes)


def test_a_family_import_writes_one_entry_with_the_files_hash_and_counts(kota, akun):
    data = (KOLOM + "\n" + "\n".join(BARIS) + "\n").encode()
    sebelum = LogEntry.objects.count()
    keluarga_import(data=data, filename="dtks.csv", oleh=akun.dinsos)
    assert LogEntry.objects.count() == sebelum + 1
    entri = LogEntry.objects.latest("pk")
    assert entri.actor == akun.dinsos
    assert entri.additional_data["sha256"] == hashlib.sha256(data).hexdigest()
    assert entri.additional_data["jumlah"]["keluarga_baru"] == 1
    assert entri.additional_data["jumlah"]["anggota_baru"] == 2


def test_a_member_changed_by_hand_keeps_the_old_and_new_name(kota, akun):
    keluarga = Keluarga.objects.create(nomor_kk="1471080101200001", rw=kota.rw_simpangbaru_1, rt=1)
    anggota = AnggotaKeluarga.objects.create(
        keluarga=keluarga, nik="1471081503900001", nama="Budi", hubungan="kepala", jenis_kelamin="L"
    )
    anggota.nama = "Budi Santoso"
    anggota.save()
    ubah = _entri(AnggotaKeluarga, anggota.pk)[-1]
    assert ubah.changes["nama"] == ["Budi", "Budi Santoso"]


def test_the_visit_submit_pays_one_query_for_its_audit(akun, keluarga, client_for):
    """The submit's query budget grows by the audit's inserts: one entry for the new visit
    in one insert (its findings would add one more: one insert for all of them)."""
    from auditlog.context import disable_auditlog

    client = client_for(akun.petugas)

    def kirim() -> int:
        with CaptureQueriesContext(connection) as kueri:
            response = client.post(
                reverse("pendataan:kunjungan_kirim", args=[keluarga.pk]),
                data=json.dumps(data_kunjungan(keluarga, uuid=str(uuid.uuid4()))),
                content_type="application/json",
            )
        assert response.status_code == 201
        return len(kueri.captured_queries)

    kirim()  # content types and sessions cached
    with disable_auditlog():
        tanpa = kirim()
    dengan = kirim()
    assert dengan - tanpa == TAMBAHAN_KUERI_KUNJUNGAN
    kunjungan = Kunjungan.objects.latest("created_at")
    assert _entri(Kunjungan, kunjungan.pk)[0].actor == akun.petugas


TAMBAHAN_KUERI_KUNJUNGAN = 1


def test_a_django_admin_edit_keeps_who_and_the_old_and_new_values(akun, client_for):
    opd = OPD.objects.create(nama="Dinas Perhubungan", singkatan="DISHUB", kuota=43)
    response = client_for(akun.superadmin).post(
        reverse("admin:petugas_opd_change", args=[opd.pk]),
        {"nama": "Dinas Perhubungan", "singkatan": "DISHUB", "kuota": 40},
    )
    assert response.status_code == 302, response.content[:500]
    ubah = _entri(OPD, opd.pk)[-1]
    assert (ubah.actor, ubah.changes["kuota"]) == (akun.superadmin, ["43", "40"])


def test_an_entry_written_after_a_request_does_not_take_its_user(akun, client_for):
    from audit.services import diubah_catat

    client_for(akun.bkpsdm).get(reverse("akun:beranda"))
    opd = OPD.objects.create(nama="Dinas Uji Lain", kuota=1)
    diubah_catat([opd], changes={"kuota": [1, 2]})
    assert [e.actor for e in _entri(OPD, opd.pk)] == [None, None]
