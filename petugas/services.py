"""Writes to officers, their placements and their accounts.

Every rule that a placement must keep is checked here with a clear message;
the two partial unique indexes on Penugasan hold the same rule in the
database, so two staff acting at the same moment cannot both win.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from akun.models import Peran, User
from akun.services import sandi_reset, sandi_sekali_pakai, user_buat
from dasbor.tandai import ringkasan_tandai
from petugas import penempatan, selectors
from petugas.models import OPD, KartuPetugas, Penugasan, Petugas, RencanaPenempatan, Tingkat
from wilayah.geo import jarak_m
from wilayah.models import RW, Kecamatan


def _wajib(teks: str, pesan: str) -> str:
    teks = (teks or "").strip()
    if not teks:
        raise ValidationError(pesan)
    return teks


def akun_petugas_siapkan(*, petugas: Petugas) -> str | None:
    """Give a placed officer a login (username: NI PPPK) with a one-time password.

    Returns the password to hand over, or None when the officer already has an
    account (their password is kept; BKPSDM can reset it).
    """
    if petugas.user_id:
        if not petugas.user.is_active:
            petugas.user.is_active = True
            petugas.user.save(update_fields=["is_active"])
        return None
    sandi = sandi_sekali_pakai(user=User(username=petugas.ni_pppk, first_name=petugas.nama))
    user = user_buat(
        username=petugas.ni_pppk,
        password=sandi,
        peran=Peran.PETUGAS,
        nama=petugas.nama,
        sekali_pakai=True,
    )
    petugas.user = user
    petugas.save(update_fields=["user", "updated_at"])
    return sandi


def _cocok(petugas: Petugas, rw: RW) -> tuple[str, int | None]:
    kel = petugas.kelurahan_domisili
    if kel.pk == rw.kelurahan_id:
        tingkat = Tingkat.RW if petugas.rw_domisili == rw.nomor else Tingkat.KELURAHAN
    elif kel.kecamatan_id == rw.kelurahan.kecamatan_id:
        tingkat = Tingkat.KECAMATAN
    else:
        tingkat = Tingkat.TERDEKAT
    kandidat = selectors.kandidat_titik(petugas)
    if kandidat is None or rw.latitude is None:
        return tingkat, None
    return tingkat, round(jarak_m(*kandidat, float(rw.latitude), float(rw.longitude)))


@transaction.atomic
def penugasan_tempatkan(
    *,
    petugas: Petugas,
    rw: RW,
    oleh: User | None,
    nomor_sk: str,
    alasan: str,
    mulai: datetime.date | None = None,
) -> tuple[Penugasan, str | None]:
    """Place an officer in a vacant RW by hand. Returns the placement and, for a
    new account, its one-time password."""
    nomor_sk = _wajib(nomor_sk, _("Nomor SK wajib diisi."))
    alasan = _wajib(alasan, _("Alasan wajib diisi."))
    petugas = (
        Petugas.objects.select_for_update(of=("self",))
        .select_related("opd", "user")
        .get(pk=petugas.pk)
    )
    rw = RW.objects.select_related("kelurahan__kecamatan").get(pk=rw.pk)
    lain = petugas.penugasan_set.filter(selesai__isnull=True).select_related("rw__kelurahan")
    if lain:
        raise ValidationError(
            _("%(nama)s sudah ditempatkan di %(rw)s. Akhiri penempatan itu dulu.")
            % {"nama": petugas.nama, "rw": lain[0].rw}
        )
    if rw.penugasan_set.filter(selesai__isnull=True).exists():
        raise ValidationError(_("%(rw)s sudah punya petugas aktif.") % {"rw": rw})
    if not petugas.tersedia:
        raise ValidationError(
            _("%(nama)s ditandai tidak bersedia ditempatkan.") % {"nama": petugas.nama}
        )
    _kunci_opd([petugas.opd_id])
    if selectors.sisa_kuota().get(petugas.opd_id, 0) <= 0:
        raise ValidationError(
            _("Kuota %(opd)s sudah penuh (%(kuota)d petugas).")
            % {"opd": petugas.opd, "kuota": petugas.opd.kuota}
        )
    tingkat, jarak = _cocok(petugas, rw)
    try:
        with transaction.atomic():
            penugasan = Penugasan.objects.create(
                petugas=petugas,
                rw=rw,
                mulai=mulai or timezone.localdate(),
                nomor_sk=nomor_sk,
                alasan=alasan,
                tingkat=tingkat,
                jarak_m=jarak,
                created_by=oleh,
            )
            ringkasan_tandai(rw_ids=[rw.pk])  # the dashboards name the RW's officer
    except IntegrityError as exc:  # another staff member placed one a moment ago
        raise ValidationError(
            _("Penempatan bentrok dengan perubahan lain yang baru saja disimpan. Muat ulang.")
        ) from exc
    return penugasan, akun_petugas_siapkan(petugas=petugas)


@transaction.atomic
def penugasan_akhiri(
    *,
    penugasan: Penugasan,
    alasan: str,
    oleh: User | None = None,
    selesai: datetime.date | None = None,
    petugas_berhenti: bool = False,
) -> Penugasan:
    """End a placement. The officer then sees no household; the RW shows as vacant.
    `petugas_berhenti` also takes the officer out of later placements."""
    alasan = _wajib(alasan, _("Alasan mengakhiri penempatan wajib diisi."))
    penugasan = Penugasan.objects.select_for_update().select_related("petugas").get(pk=penugasan.pk)
    if penugasan.selesai is not None:
        raise ValidationError(_("Penempatan ini sudah berakhir."))
    penugasan.selesai = selesai or timezone.localdate()
    penugasan.alasan_selesai = alasan
    penugasan.diakhiri_oleh = oleh
    penugasan.full_clean()
    penugasan.save(update_fields=["selesai", "alasan_selesai", "diakhiri_oleh"])
    ringkasan_tandai(rw_ids=[penugasan.rw_id])
    # The card names this RW: it is no longer valid, whatever its printed dates.
    KartuPetugas.objects.filter(petugas=penugasan.petugas, dicabut_at__isnull=True).update(
        dicabut_at=timezone.now(), alasan_cabut=_("Penempatan di RW ini sudah berakhir.")
    )
    if petugas_berhenti:
        penugasan.petugas.tersedia = False
        penugasan.petugas.save(update_fields=["tersedia", "updated_at"])
        if penugasan.petugas.user_id:
            User.objects.filter(pk=penugasan.petugas.user_id).update(is_active=False)
    return penugasan


@transaction.atomic
def penugasan_ganti(
    *,
    penugasan: Penugasan,
    petugas_baru: Petugas,
    oleh: User,
    nomor_sk: str,
    alasan: str,
) -> tuple[Penugasan, str | None]:
    """Replace the officer of an RW: end the placement and place another, together."""
    penugasan_akhiri(penugasan=penugasan, alasan=alasan, oleh=oleh)
    return penugasan_tempatkan(
        petugas=petugas_baru, rw=penugasan.rw, oleh=oleh, nomor_sk=nomor_sk, alasan=alasan
    )


def _kunci_opd(opd_ids) -> None:
    """Lock the OPD rows whose quota a placement uses, in a fixed order (no deadlock),
    so two staff cannot both take an OPD's last place."""
    list(OPD.objects.select_for_update().filter(pk__in=list(opd_ids)).order_by("pk"))


@transaction.atomic
def opd_simpan(*, opd: OPD | None, nama: str, singkatan: str, kuota: int) -> OPD:
    """Create an OPD or change it; a quota never drops below the officers it has placed."""
    nama = _wajib(nama, _("Nama OPD wajib diisi."))
    if kuota < 0:
        raise ValidationError(_("Kuota tidak boleh negatif."))
    if opd is not None:
        opd = OPD.objects.select_for_update().get(pk=opd.pk)
        ditempatkan = Penugasan.objects.filter(selesai__isnull=True, petugas__opd=opd).count()
        if kuota < ditempatkan:
            raise ValidationError(
                _("Kuota tidak boleh di bawah jumlah petugas yang sedang ditempatkan (%(n)d).")
                % {"n": ditempatkan}
            )
    else:
        opd = OPD()
    opd.nama, opd.singkatan, opd.kuota = nama, singkatan.strip(), kuota
    try:
        with transaction.atomic():
            opd.full_clean()
            opd.save()
    except IntegrityError as exc:
        raise ValidationError(_("OPD dengan nama ini sudah ada.")) from exc
    return opd


@transaction.atomic
def petugas_set_tersedia(*, petugas: Petugas, tersedia: bool) -> Petugas:
    """Mark an officer as willing (or not) to be placed; an unwilling one keeps no account."""
    petugas.tersedia = tersedia
    petugas.save(update_fields=["tersedia", "updated_at"])
    if tersedia and petugas.user_id:
        User.objects.filter(pk=petugas.user_id).update(is_active=True)
    return petugas


def _rw_cakupan(*, cakupan: str, kecamatan: Kecamatan | None) -> QuerySet[RW]:
    if cakupan == RencanaPenempatan.Cakupan.PROGRAM:
        return RW.objects.filter(kelurahan__kecamatan__dalam_program=True)
    if cakupan == RencanaPenempatan.Cakupan.KECAMATAN:
        if kecamatan is None:
            raise ValidationError(_("Pilih kecamatan untuk cakupan satu kecamatan."))
        return RW.objects.filter(kelurahan__kecamatan=kecamatan)
    if cakupan == RencanaPenempatan.Cakupan.KOTA:
        return RW.objects.all()
    raise ValidationError(_("Cakupan penempatan tidak dikenal."))


@transaction.atomic
def rencana_buat(
    *, cakupan: str, kecamatan: Kecamatan | None = None, oleh: User
) -> RencanaPenempatan:
    """Compute the optimal placement for the vacant RWs of a scope, for preview."""
    rws = selectors.rw_kosong(_rw_cakupan(cakupan=cakupan, kecamatan=kecamatan))
    if not rws:
        raise ValidationError(_("Semua RW dalam cakupan ini sudah punya petugas."))
    kandidat = selectors.kandidat_tersedia()
    if not kandidat:
        raise ValidationError(_("Tidak ada kandidat yang belum ditempatkan. Impor kandidat dulu."))
    kuota = selectors.sisa_kuota()
    hasil = penempatan.hitung(kandidat=kandidat, rws=rws, sisa_kuota=kuota)
    ringkasan = penempatan.ringkas(hasil, jumlah_kandidat=len(kandidat))
    ringkasan["rw_dalam_cakupan"] = len(rws)
    ringkasan["rw_kosong_ids"] = hasil.rw_kosong
    ringkasan["alasan_kosong"] = _alasan_kosong(hasil, kandidat, kuota)
    ringkasan["kuota"] = _pemakaian_kuota(hasil, kandidat, kuota)
    return RencanaPenempatan.objects.create(
        cakupan=cakupan,
        kecamatan=kecamatan if cakupan == RencanaPenempatan.Cakupan.KECAMATAN else None,
        baris=[[u.kandidat_id, u.rw_id, u.tingkat, u.jarak_m] for u in hasil.usulan],
        ringkasan=ringkasan,
        created_by=oleh,
    )


def _alasan_kosong(hasil, kandidat, kuota) -> str:
    if not hasil.rw_kosong:
        return ""
    dipakai = {u.kandidat_id for u in hasil.usulan}
    sisa = [k for k in kandidat if k.id not in dipakai]
    if not sisa:
        return _("Kandidat habis: semua kandidat yang tersedia sudah ditempatkan.")
    return _(
        "Kuota OPD penuh: %(n)d kandidat tersisa berasal dari OPD yang kuotanya sudah habis."
    ) % {"n": len(sisa)}


def _pemakaian_kuota(hasil, kandidat, kuota) -> list[dict]:
    per_opd_usulan: dict[int, int] = {}
    opd_kandidat = {k.id: k.opd_id for k in kandidat}
    for u in hasil.usulan:
        opd_id = opd_kandidat[u.kandidat_id]
        per_opd_usulan[opd_id] = per_opd_usulan.get(opd_id, 0) + 1
    baris = []
    for opd in OPD.objects.order_by("nama"):
        diusulkan = per_opd_usulan.get(opd.pk, 0)
        sisa_sebelum = kuota.get(opd.pk, 0)
        baris.append(
            {
                "opd": opd.nama,
                "kuota": opd.kuota,
                "sudah": opd.kuota - sisa_sebelum,
                "diusulkan": diusulkan,
                "sisa": sisa_sebelum - diusulkan,
            }
        )
    return baris


@transaction.atomic
def rencana_terapkan(
    *, rencana: RencanaPenempatan, nomor_sk: str, oleh: User
) -> list[tuple[Petugas, str]]:
    """Apply a previewed plan exactly as shown, in one transaction.

    Refused whole when it was applied already (a double click) or when an
    officer, an RW or a quota changed since the preview. Returns the new
    accounts with their one-time passwords, to hand over.
    """
    nomor_sk = _wajib(nomor_sk, _("Nomor SK wajib diisi."))
    rencana = RencanaPenempatan.objects.select_for_update().get(pk=rencana.pk)
    if rencana.diterapkan_at is not None:
        raise ValidationError(_("Rencana ini sudah diterapkan."))
    if not rencana.baris:
        raise ValidationError(_("Rencana ini tidak berisi penempatan."))
    petugas_ids = [b[0] for b in rencana.baris]
    rw_ids = [b[1] for b in rencana.baris]
    sibuk = Penugasan.objects.filter(selesai__isnull=True).filter(
        Q(petugas_id__in=petugas_ids) | Q(rw_id__in=rw_ids)
    )
    tidak_bersedia = Petugas.objects.filter(pk__in=petugas_ids, tersedia=False)
    per_opd: dict[int, int] = {}
    petugas = Petugas.objects.select_related("user").in_bulk(petugas_ids)
    _kunci_opd({p.opd_id for p in petugas.values()})
    for pid in petugas_ids:
        if pid in petugas:
            per_opd[petugas[pid].opd_id] = per_opd.get(petugas[pid].opd_id, 0) + 1
    kuota = selectors.sisa_kuota()
    if (
        sibuk.exists()
        or tidak_bersedia.exists()
        or len(petugas) != len(petugas_ids)
        or RW.objects.filter(pk__in=rw_ids).count() != len(set(rw_ids))
        or any(n > kuota.get(opd_id, 0) for opd_id, n in per_opd.items())
        # a candidate's OPD or home changed after the preview: their level is stale
        or any(p.updated_at > rencana.created_at for p in petugas.values())
    ):
        raise ValidationError(
            _(
                "Data petugas, RW atau kuota berubah sejak pratinjau dibuat. "
                "Hitung ulang penempatan lalu periksa lagi."
            )
        )
    today = timezone.localdate()
    try:
        with transaction.atomic():
            Penugasan.objects.bulk_create(
                [
                    Penugasan(
                        petugas_id=pid,
                        rw_id=rw_id,
                        mulai=today,
                        nomor_sk=nomor_sk,
                        alasan=_("Penempatan otomatis berdasarkan domisili"),
                        tingkat=tingkat,
                        jarak_m=jarak,
                        otomatis=True,
                        created_by=oleh,
                    )
                    for pid, rw_id, tingkat, jarak in rencana.baris
                ]
            )
            ringkasan_tandai(rw_ids=rw_ids)
    except IntegrityError as exc:
        raise ValidationError(
            _("Penempatan bentrok dengan perubahan lain yang baru saja disimpan. Hitung ulang.")
        ) from exc
    akun_baru = []
    for pid in petugas_ids:
        sandi = akun_petugas_siapkan(petugas=petugas[pid])
        if sandi:
            akun_baru.append((petugas[pid], sandi))
    rencana.diterapkan_at = timezone.now()
    rencana.nomor_sk = nomor_sk
    rencana.save(update_fields=["diterapkan_at", "nomor_sk"])
    return akun_baru


def sandi_petugas_reset(*, petugas: Petugas, oleh: User) -> str:
    """A new one-time password for an officer who forgot theirs; unlocks the account."""
    if not petugas.user_id:
        raise ValidationError(_("Petugas ini belum punya akun (belum pernah ditempatkan)."))
    return sandi_reset(user=petugas.user)
