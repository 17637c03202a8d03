"""Writing the DTSEN variables: an approved visit's changes or an import's values come
into force on the family and its members, each change kept as a `RiwayatVariabel`.

Callers run inside their own transaction (the approval's, the import's), which also
marks the dashboards (`ringkasan_tandai`).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from pendataan.models import (
    AnggotaKeluarga,
    Keluarga,
    Kunjungan,
    RiwayatVariabel,
    StatusKunjungan,
)
from pendataan.variabel.kode import VARIABEL_ANGGOTA, VARIABEL_KELUARGA


def _gabung(
    lama: dict, perubahan: dict, *, keluarga_id: int, anggota_id: int | None, kunjungan
) -> tuple[dict, list[RiwayatVariabel]]:
    baru, riwayat = dict(lama), []
    for kunci, nilai in perubahan.items():
        if baru.get(kunci) == nilai:
            continue
        riwayat.append(
            RiwayatVariabel(
                keluarga_id=keluarga_id,
                anggota_id=anggota_id,
                kunci=kunci,
                nilai_lama=baru.get(kunci),
                nilai_baru=nilai,
                kunjungan=kunjungan,
            )
        )
        baru[kunci] = nilai
    return baru, riwayat


def variabel_berlakukan(
    *, keluarga_id: int, perubahan: dict, kunjungan: Kunjungan | None = None
) -> list[RiwayatVariabel]:
    """Put `perubahan` ({"keluarga": {...}, "anggota": {"<pk>": {...}}}, values already
    checked) in force; returns the history rows written (one per value that differs)."""
    riwayat: list[RiwayatVariabel] = []
    sekarang = timezone.now()
    if perubahan.get("keluarga"):
        keluarga = Keluarga.objects.only("pk", "variabel").get(pk=keluarga_id)
        baru, r = _gabung(
            keluarga.variabel,
            perubahan["keluarga"],
            keluarga_id=keluarga_id,
            anggota_id=None,
            kunjungan=kunjungan,
        )
        if r:
            Keluarga.objects.filter(pk=keluarga_id).update(variabel=baru, updated_at=sekarang)
            riwayat += r
    per_anggota = {int(pk): nilai for pk, nilai in (perubahan.get("anggota") or {}).items()}
    if per_anggota:
        for a in AnggotaKeluarga.objects.filter(keluarga_id=keluarga_id, pk__in=per_anggota).only(
            "pk", "variabel"
        ):
            baru, r = _gabung(
                a.variabel,
                per_anggota[a.pk],
                keluarga_id=keluarga_id,
                anggota_id=a.pk,
                kunjungan=kunjungan,
            )
            if r:
                AnggotaKeluarga.objects.filter(pk=a.pk).update(variabel=baru, updated_at=sekarang)
                riwayat += r
    RiwayatVariabel.objects.bulk_create(riwayat)
    return riwayat


def kunjungan_variabel_terapkan(*, kunjungan: Kunjungan, lebih_baru) -> list[str]:
    """Apply an approved visit's variable changes. A variable that a newer approved visit
    (`lebih_baru`, a queryset of them) also changed keeps that visit's value."""
    perubahan = kunjungan.variabel or {}
    if not perubahan.get("keluarga") and not perubahan.get("anggota"):
        return []
    keluarga = dict(perubahan.get("keluarga") or {})
    anggota = {pk: dict(n) for pk, n in (perubahan.get("anggota") or {}).items()}
    dilewati = 0
    for lain in lebih_baru.values_list("variabel", flat=True):
        for kunci in (lain or {}).get("keluarga") or {}:
            dilewati += keluarga.pop(kunci, None) is not None
        for pk, nilai in ((lain or {}).get("anggota") or {}).items():
            for kunci in nilai:
                dilewati += anggota.get(pk, {}).pop(kunci, None) is not None
    variabel_berlakukan(
        keluarga_id=kunjungan.keluarga_id,
        perubahan={"keluarga": keluarga, "anggota": anggota},
        kunjungan=kunjungan,
    )
    if dilewati:
        return [
            _("%(n)s variabel tidak diubah: kunjungan lebih baru yang disetujui mengubahnya.")
            % {"n": dilewati}
        ]
    return []


def jumlah_perubahan(variabel: dict) -> int:
    """How many values a visit's `variabel` changes (for a list: no query)."""
    variabel = variabel or {}
    return len(variabel.get("keluarga") or {}) + sum(
        len(n) for n in (variabel.get("anggota") or {}).values()
    )


def perubahan_ringkas(kunjungan: Kunjungan) -> list[str]:
    """A visit's variable changes in words, Indonesian labels: "Mobil: 0 → 1",
    "Siti Aminah · Status perkawinan: 1. Belum kawin → 2. Kawin/nikah".

    The value before is the one the approval replaced (its history row) once the visit
    is approved, the one recorded now before that. Reads `keluarga`, its `anggota_set`
    and `riwayat_variabel_set` (prefetch them for a list)."""
    data = kunjungan.variabel or {}
    if not data.get("keluarga") and not data.get("anggota"):
        return []
    disetujui = kunjungan.status == StatusKunjungan.DISETUJUI
    riwayat = (
        {(r.anggota_id, r.kunci): r.nilai_lama for r in kunjungan.riwayat_variabel_set.all()}
        if disetujui
        else {}
    )
    keluarga = kunjungan.keluarga
    anggota = {a.pk: a for a in keluarga.anggota_set.all()}
    hasil = []

    def satu(awalan: str, kunci: str, nilai, anggota_id, sekarang: dict, v) -> None:
        if v is None:  # a key no longer in the code lists: shown as stored
            hasil.append(f"{awalan}{kunci}: {nilai}")
            return
        # approved without a history row: the value was already recorded, or a newer
        # approved visit had changed it
        if disetujui and (anggota_id, kunci) not in riwayat:
            hasil.append(
                _("%(awal)s%(v)s: %(baru)s (tidak mengubah data)")
                % {"awal": awalan, "v": v.label, "baru": v.teks(nilai)}
            )
            return
        lama = riwayat[(anggota_id, kunci)] if disetujui else sekarang.get(kunci)
        hasil.append(f"{awalan}{v.label}: {v.teks(lama)} \u2192 {v.teks(nilai)}")

    for kunci, nilai in (data.get("keluarga") or {}).items():
        satu("", kunci, nilai, None, keluarga.variabel, VARIABEL_KELUARGA.get(kunci))
    for pk, perubahan in (data.get("anggota") or {}).items():
        a = anggota.get(int(pk))
        nama = a.nama if a is not None else _("Anggota %(pk)s") % {"pk": pk}
        for kunci, nilai in perubahan.items():
            satu(
                f"{nama} \u00b7 ",
                kunci,
                nilai,
                int(pk),
                a.variabel if a is not None else {},
                VARIABEL_ANGGOTA.get(kunci),
            )
    return hasil
