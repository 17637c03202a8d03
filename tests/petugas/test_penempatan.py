"""Placement through the services: automatic (preview, apply) and by hand."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction

from akun.models import Peran
from akun.services import user_buat
from petugas import selectors
from petugas.models import OPD, JenisKelamin, Penugasan, Petugas, RencanaPenempatan, Tingkat
from petugas.services import (
    penugasan_akhiri,
    penugasan_ganti,
    penugasan_tempatkan,
    rencana_buat,
    rencana_terapkan,
    sandi_petugas_reset,
)
from wilayah.models import RW
from wilayah.selectors import rw_for

NI = iter(f"19900101202501{1 if i % 2 else 2}{i:03d}" for i in range(1, 999))


@pytest.fixture
def bkpsdm(kota):
    return user_buat(username="bkpsdm", password="x" * 12, peran=Peran.BKPSDM)


@pytest.fixture
def opd(db):
    return OPD.objects.create(nama="Dinas Perhubungan", singkatan="Dishub", kuota=43)


def kandidat(kelurahan, rw_nomor, opd, nama="Kandidat"):
    return Petugas.objects.create(
        nama=nama,
        ni_pppk=next(NI),
        opd=opd,
        jenis_kelamin=JenisKelamin.LAKI_LAKI,
        kelurahan_domisili=kelurahan,
        rw_domisili=rw_nomor,
    )


def test_a_plan_prefers_home_rw_and_stays_in_scope(kota, bkpsdm, opd):
    kota.binawidya.dalam_program = True
    kota.binawidya.save()
    a = kandidat(kota.simpangbaru, 2, opd, "Ani")
    b = kandidat(kota.delima, 1, opd, "Budi")
    c = kandidat(kota.simpangbaru, 1, opd, "Citra")
    rencana = rencana_buat(cakupan=RencanaPenempatan.Cakupan.PROGRAM, oleh=bkpsdm)
    placed = {(p, r): t for p, r, t, _ in rencana.baris}
    assert placed == {
        (a.pk, kota.rw_simpangbaru_2.pk): Tingkat.RW,
        (b.pk, kota.rw_delima_1.pk): Tingkat.RW,
        (c.pk, kota.rw_simpangbaru_1.pk): Tingkat.RW,
    }
    assert kota.rw_cinta_raja_1.pk not in {r for _, r, _, _ in rencana.baris}  # Sail: not in scope
    assert rencana.ringkasan["per_tingkat"]["rw"] == 3
    assert Penugasan.objects.count() == 0, "a preview places no one"


def test_applying_places_everyone_and_makes_accounts(kota, bkpsdm, opd):
    a = kandidat(kota.cinta_raja, 1, opd, "Ani")
    rencana = rencana_buat(
        cakupan=RencanaPenempatan.Cakupan.KECAMATAN, kecamatan=kota.sail, oleh=bkpsdm
    )
    akun = rencana_terapkan(rencana=rencana, nomor_sk="800/BKPSDM/2026/01", oleh=bkpsdm)
    penugasan = Penugasan.objects.get()
    assert (penugasan.petugas, penugasan.rw, penugasan.otomatis) == (a, kota.rw_cinta_raja_1, True)
    assert penugasan.nomor_sk == "800/BKPSDM/2026/01"
    [(petugas, sandi)] = akun
    petugas.refresh_from_db()
    assert petugas.user.username == a.ni_pppk
    assert petugas.user.check_password(sandi)
    assert petugas.user.harus_ganti_sandi
    assert list(rw_for(petugas.user)) == [kota.rw_cinta_raja_1]


def test_a_plan_is_applied_once(kota, bkpsdm, opd):
    kandidat(kota.cinta_raja, 1, opd)
    rencana = rencana_buat(cakupan=RencanaPenempatan.Cakupan.KOTA, oleh=bkpsdm)
    rencana_terapkan(rencana=rencana, nomor_sk="SK 1", oleh=bkpsdm)
    with pytest.raises(ValidationError, match="sudah diterapkan"):
        rencana_terapkan(rencana=rencana, nomor_sk="SK 1", oleh=bkpsdm)
    assert Penugasan.objects.count() == 1


def test_a_plan_is_refused_when_things_changed_since_the_preview(kota, bkpsdm, opd):
    a = kandidat(kota.cinta_raja, 1, opd)
    rencana = rencana_buat(cakupan=RencanaPenempatan.Cakupan.KOTA, oleh=bkpsdm)
    lain = kandidat(kota.delima, 1, opd)
    penugasan_tempatkan(
        petugas=lain, rw=kota.rw_cinta_raja_1, oleh=bkpsdm, nomor_sk="1", alasan="manual"
    )
    with pytest.raises(ValidationError, match="berubah sejak pratinjau"):
        rencana_terapkan(rencana=rencana, nomor_sk="SK 2", oleh=bkpsdm)
    assert not Penugasan.objects.filter(petugas=a).exists()
    rencana.refresh_from_db()
    assert rencana.diterapkan_at is None


def test_a_plan_needs_an_sk_number(kota, bkpsdm, opd):
    kandidat(kota.cinta_raja, 1, opd)
    rencana = rencana_buat(cakupan=RencanaPenempatan.Cakupan.KOTA, oleh=bkpsdm)
    with pytest.raises(ValidationError, match="SK"):
        rencana_terapkan(rencana=rencana, nomor_sk="  ", oleh=bkpsdm)
    assert Penugasan.objects.count() == 0


def test_the_quota_is_kept_and_vacancies_say_why(kota, bkpsdm):
    kecil = OPD.objects.create(nama="Satpol PP", kuota=1)
    kandidat(kota.simpangbaru, 1, kecil)
    kandidat(kota.simpangbaru, 2, kecil)
    rencana = rencana_buat(cakupan=RencanaPenempatan.Cakupan.KOTA, oleh=bkpsdm)
    assert len(rencana.baris) == 1
    assert rencana.ringkasan["rw_kosong"] == 3
    assert "Kuota OPD penuh" in rencana.ringkasan["alasan_kosong"]
    [baris] = [b for b in rencana.ringkasan["kuota"] if b["opd"] == "Satpol PP"]
    assert baris == {"opd": "Satpol PP", "kuota": 1, "sudah": 0, "diusulkan": 1, "sisa": 0}


def test_scope_errors_are_clear(kota, bkpsdm, opd):
    with pytest.raises(ValidationError, match="Pilih kecamatan"):
        rencana_buat(cakupan=RencanaPenempatan.Cakupan.KECAMATAN, oleh=bkpsdm)
    with pytest.raises(ValidationError, match="tidak dikenal"):
        rencana_buat(cakupan="planet", oleh=bkpsdm)
    with pytest.raises(ValidationError, match="Impor kandidat"):
        rencana_buat(cakupan=RencanaPenempatan.Cakupan.KOTA, oleh=bkpsdm)


def test_manual_placement_rules(kota, bkpsdm, opd):
    a = kandidat(kota.simpangbaru, 2, opd)
    b = kandidat(kota.simpangbaru, 1, opd)
    penugasan, sandi = penugasan_tempatkan(
        petugas=a, rw=kota.rw_simpangbaru_2, oleh=bkpsdm, nomor_sk="SK/7", alasan="domisili"
    )
    assert penugasan.tingkat == Tingkat.RW
    assert sandi
    with pytest.raises(ValidationError, match="sudah ditempatkan"):
        penugasan_tempatkan(
            petugas=a, rw=kota.rw_delima_1, oleh=bkpsdm, nomor_sk="SK/8", alasan="x"
        )
    with pytest.raises(ValidationError, match="sudah punya petugas aktif"):
        penugasan_tempatkan(
            petugas=b, rw=kota.rw_simpangbaru_2, oleh=bkpsdm, nomor_sk="SK/9", alasan="x"
        )
    with pytest.raises(ValidationError, match="Nomor SK"):
        penugasan_tempatkan(petugas=b, rw=kota.rw_delima_1, oleh=bkpsdm, nomor_sk="", alasan="x")
    with pytest.raises(ValidationError, match="Alasan"):
        penugasan_tempatkan(petugas=b, rw=kota.rw_delima_1, oleh=bkpsdm, nomor_sk="1", alasan="")
    assert Penugasan.objects.count() == 1


def test_a_full_quota_refuses_a_manual_placement(kota, bkpsdm):
    penuh = OPD.objects.create(nama="Dinas Kecil", kuota=1)
    a = kandidat(kota.simpangbaru, 1, penuh)
    b = kandidat(kota.delima, 1, penuh)
    penugasan_tempatkan(petugas=a, rw=kota.rw_simpangbaru_1, oleh=bkpsdm, nomor_sk="1", alasan="x")
    with pytest.raises(ValidationError, match="Kuota Dinas Kecil sudah penuh"):
        penugasan_tempatkan(petugas=b, rw=kota.rw_delima_1, oleh=bkpsdm, nomor_sk="2", alasan="x")
    assert Penugasan.objects.count() == 1


def test_replace_and_end_keep_history(kota, bkpsdm, opd):
    a = kandidat(kota.simpangbaru, 1, opd)
    b = kandidat(kota.simpangbaru, 2, opd)
    pertama, _ = penugasan_tempatkan(
        petugas=a, rw=kota.rw_simpangbaru_1, oleh=bkpsdm, nomor_sk="1", alasan="awal"
    )
    kedua, _ = penugasan_ganti(
        penugasan=pertama,
        petugas_baru=b,
        oleh=bkpsdm,
        nomor_sk="2",
        alasan="petugas lama pindah domisili",
    )
    pertama.refresh_from_db()
    assert pertama.selesai is not None
    assert pertama.alasan_selesai == "petugas lama pindah domisili"
    assert pertama.diakhiri_oleh == bkpsdm
    assert kedua.rw == kota.rw_simpangbaru_1 and kedua.aktif
    a.refresh_from_db()
    assert list(rw_for(a.user)) == []  # the ended officer sees nothing any more
    penugasan_akhiri(
        penugasan=kedua, alasan="mengundurkan diri", oleh=bkpsdm, petugas_berhenti=True
    )
    b.refresh_from_db()
    assert not b.tersedia
    assert list(kota.rw_simpangbaru_1.penugasan_set.order_by("pk")) == [pertama, kedua]
    with pytest.raises(ValidationError, match="sudah berakhir"):
        penugasan_akhiri(penugasan=kedua, alasan="lagi", oleh=bkpsdm)


def test_a_vacant_rw_ranks_candidates_by_the_same_rules(kota, bkpsdm, opd):
    jauh = kandidat(kota.cinta_raja, 1, opd, "Jauh")
    sekelurahan = kandidat(kota.simpangbaru, 7, opd, "Sekelurahan")
    serw = kandidat(kota.simpangbaru, 2, opd, "Se-RW")
    ranking = selectors.kandidat_untuk_rw(rw=kota.rw_simpangbaru_2)
    assert [(p, t) for p, t, _ in ranking] == [
        (serw, Tingkat.RW),
        (sekelurahan, Tingkat.KELURAHAN),
        (jauh, Tingkat.TERDEKAT),
    ]


def test_reset_password_gives_a_new_one_time_password(kota, bkpsdm, opd):
    a = kandidat(kota.simpangbaru, 1, opd)
    _, pertama = penugasan_tempatkan(
        petugas=a, rw=kota.rw_simpangbaru_1, oleh=bkpsdm, nomor_sk="1", alasan="x"
    )
    a.refresh_from_db()
    a.user.harus_ganti_sandi = False
    a.user.save()
    baru = sandi_petugas_reset(petugas=a, oleh=bkpsdm)
    a.user.refresh_from_db()
    assert baru != pertama and a.user.check_password(baru) and a.user.harus_ganti_sandi
    with pytest.raises(ValidationError, match="belum punya akun"):
        sandi_petugas_reset(petugas=kandidat(kota.delima, 1, opd), oleh=bkpsdm)


@pytest.mark.django_db(transaction=True)
def test_two_staff_placing_at_the_same_moment_cannot_both_win(kota, opd, monkeypatch):
    """Two staff place two officers in the same vacant RW at the same moment, on
    PostgreSQL: both transactions pass every check in the service (the RW looks
    vacant to both), then the partial unique index lets exactly one commit and
    the other gets a clear message."""
    if connection.vendor != "postgresql":
        pytest.skip("row-level concurrency is proven on PostgreSQL (CI's second pass)")
    # two OPDs, so the OPD quota lock does not serialise them: the RW rule is the
    # database's alone here
    a = kandidat(kota.simpangbaru, 1, opd)
    b = kandidat(kota.simpangbaru, 2, OPD.objects.create(nama="Dinas Lain", kuota=5))
    rw = RW.objects.get(pk=kota.rw_simpangbaru_1.pk)
    barrier = threading.Barrier(2)
    original = selectors.sisa_kuota

    def sisa_kuota_setelah_keduanya_memeriksa():
        barrier.wait(timeout=20)  # both transactions are open and found the RW vacant
        return original()

    monkeypatch.setattr(selectors, "sisa_kuota", sisa_kuota_setelah_keduanya_memeriksa)
    hasil = {}

    def tempatkan(petugas):
        try:
            penugasan_tempatkan(petugas=petugas, rw=rw, oleh=None, nomor_sk="SK", alasan="x")
            hasil[petugas.pk] = "ok"
        except ValidationError as exc:
            hasil[petugas.pk] = exc.messages[0]
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tempatkan, args=(p,)) for p in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert Penugasan.objects.filter(rw=rw, selesai__isnull=True).count() == 1
    assert sorted(hasil.values()) == [
        "Penempatan bentrok dengan perubahan lain yang baru saja disimpan. Muat ulang.",
        "ok",
    ]


@pytest.mark.django_db(transaction=True)
def test_two_staff_cannot_both_take_an_opds_last_place(kota, monkeypatch):
    """Two officers of an OPD with one place left, placed at the same moment in two
    different RWs (PostgreSQL): the OPD row lock lets one through; the other then
    finds the quota full."""
    if connection.vendor != "postgresql":
        pytest.skip("row-level concurrency is proven on PostgreSQL (CI's second pass)")
    from petugas import services

    satu = OPD.objects.create(nama="Dinas Satu Tempat", kuota=1)
    a = kandidat(kota.simpangbaru, 1, satu)
    b = kandidat(kota.delima, 1, satu)
    barrier = threading.Barrier(2)
    original = services._kunci_opd

    def kunci_setelah_keduanya_memeriksa(opd_ids):
        barrier.wait(timeout=20)  # both transactions found their RW vacant
        return original(opd_ids)

    monkeypatch.setattr(services, "_kunci_opd", kunci_setelah_keduanya_memeriksa)
    hasil = {}

    def tempatkan(petugas, rw):
        try:
            penugasan_tempatkan(petugas=petugas, rw=rw, oleh=None, nomor_sk="SK", alasan="x")
            hasil[petugas.pk] = "ok"
        except ValidationError as exc:
            hasil[petugas.pk] = exc.messages[0]
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=tempatkan, args=(a, kota.rw_simpangbaru_1)),
        threading.Thread(target=tempatkan, args=(b, kota.rw_delima_1)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert Penugasan.objects.filter(petugas__opd=satu, selesai__isnull=True).count() == 1
    assert sorted(hasil.values()) == ["Kuota Dinas Satu Tempat sudah penuh (1 petugas).", "ok"]


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_a_second_active_rw_for_one_officer(kota, opd):
    a = kandidat(kota.simpangbaru, 1, opd)
    Penugasan.objects.create(petugas=a, rw=kota.rw_simpangbaru_1, mulai="2026-01-01")
    with pytest.raises(IntegrityError), transaction.atomic():
        Penugasan.objects.create(petugas=a, rw=kota.rw_delima_1, mulai="2026-01-01")


def test_one_time_passwords_are_hashed_lightly_and_replaced_at_first_change(kota, bkpsdm, opd):
    from akun.services import sandi_diganti

    a = kandidat(kota.simpangbaru, 1, opd)
    _, sandi = penugasan_tempatkan(
        petugas=a, rw=kota.rw_simpangbaru_1, oleh=bkpsdm, nomor_sk="1", alasan="x"
    )
    a.refresh_from_db()
    assert a.user.password.startswith("argon2_sekali_pakai$")
    assert a.user.check_password(sandi)
    a.user.set_password("Sandi-Pilihan-Sendiri-1")
    a.user.save()
    sandi_diganti(user=a.user)
    assert not a.user.password.startswith("argon2_sekali_pakai$")
    assert not a.user.harus_ganti_sandi


def test_an_officer_who_stops_loses_the_login(kota, bkpsdm, opd):
    a = kandidat(kota.simpangbaru, 1, opd)
    penugasan, _ = penugasan_tempatkan(
        petugas=a, rw=kota.rw_simpangbaru_1, oleh=bkpsdm, nomor_sk="1", alasan="x"
    )
    penugasan_akhiri(
        penugasan=penugasan, alasan="mengundurkan diri", oleh=bkpsdm, petugas_berhenti=True
    )
    a.refresh_from_db()
    assert not a.user.is_active and not a.tersedia


def test_a_plan_is_refused_when_a_candidate_changed_since_the_preview(kota, bkpsdm, opd):
    a = kandidat(kota.cinta_raja, 1, opd)
    rencana = rencana_buat(cakupan=RencanaPenempatan.Cakupan.KOTA, oleh=bkpsdm)
    a.kelurahan_domisili = kota.simpangbaru  # moved house: the planned level is stale
    a.save()
    with pytest.raises(ValidationError, match="berubah sejak pratinjau"):
        rencana_terapkan(rencana=rencana, nomor_sk="SK", oleh=bkpsdm)
    assert Penugasan.objects.count() == 0
