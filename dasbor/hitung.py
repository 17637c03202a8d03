"""Recomputing RWs' summary rows from the base tables.

One grouped query per table, scoped to the RWs asked for (read by the RW indexes),
whatever the city's size; a batch of RWs at a time.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from bansos.desil import PENERIMA_DI_ATAS_DESIL
from bansos.models import JenisVerifikasi, Kelayakan, Penerima, Verifikasi
from dasbor.models import RingkasanPenerimaRW, RingkasanRW, RWKotor
from dasbor.tembolok import versi_naikkan_saat_commit
from pendataan.models import Keluarga, Kunjungan, StatusKunjungan
from petugas.models import Penugasan
from wilayah.models import RW

BATCH_RW = 100
# a visit waiting for the reviewer: sent, or returned and not sent again yet
MENUNGGU_PEMERIKSAAN = (StatusKunjungan.DIKIRIM, StatusKunjungan.DIKEMBALIKAN)
KOLOM_RW = [
    "kelurahan",
    "kecamatan",
    "petugas",
    "jumlah_keluarga",
    "keluarga_dikunjungi",
    "kunjungan_menunggu",
    "kunjungan_ditandai",
    "kunjungan_dikembalikan",
    "kunjungan_disetujui",
    "kunjungan_ditolak",
    "kunjungan_terakhir_at",
    "perubahan_terbuka",
    "updated_at",
]


def _keluarga(rw_ids: list[int]) -> dict[int, dict]:
    dikunjungi = Kunjungan.objects.filter(keluarga=OuterRef("pk")).exclude(
        status=StatusKunjungan.DITOLAK
    )
    baris = (
        Keluarga.objects.filter(rw_id__in=rw_ids)
        .values("rw_id")
        .annotate(n=Count("pk"), dikunjungi=Count("pk", filter=Q(Exists(dikunjungi))))
        .order_by()
    )
    return {b["rw_id"]: b for b in baris}


def _kunjungan(rw_ids: list[int]) -> dict[int, dict]:
    s = StatusKunjungan
    baris = (
        Kunjungan.objects.filter(rw_id__in=rw_ids)
        .values("rw_id")
        .annotate(
            menunggu=Count("pk", filter=Q(status=s.DIKIRIM)),
            ditandai=Count("pk", filter=Q(status=s.DIKIRIM, jumlah_bendera__gt=0)),
            dikembalikan=Count("pk", filter=Q(status=s.DIKEMBALIKAN)),
            disetujui=Count("pk", filter=Q(status=s.DISETUJUI)),
            ditolak=Count("pk", filter=Q(status=s.DITOLAK)),
            terakhir=Max("created_at"),
        )
        .order_by()
    )
    return {b["rw_id"]: b for b in baris}


def _perubahan_terbuka(rw_ids: list[int]) -> dict[int, int]:
    """Approved changes in no SIKS-NG month's file yet, per the family's RW: two grouped
    counts read by the RW index (what siksng.perubahan.perubahan_terbuka lists)."""
    from siksng.perubahan import belum_terkirim, kunjungan_berubah, verifikasi_disetujui

    jumlah: dict[int, int] = defaultdict(int)
    for qs in (
        verifikasi_disetujui().filter(keluarga__rw_id__in=rw_ids),
        kunjungan_berubah().filter(keluarga__rw_id__in=rw_ids),
    ):
        hitung = (
            belum_terkirim(qs).values_list("keluarga__rw_id").annotate(n=Count("pk")).order_by()
        )
        for rw_id, n in hitung:
            jumlah[rw_id] += n
    return jumlah


def _penerima(rw_ids: list[int]) -> dict[tuple[int, int], dict]:
    """Per (RW, period): the recipients and what the findings say, the proposals in force,
    the visits waiting for review and the recipients above the program's desil ceiling;
    the same counts the results pages showed when they read the base tables."""
    dicek = Verifikasi.objects.filter(penerima=OuterRef("pk")).exclude(
        kunjungan__status=StatusKunjungan.DITOLAK
    )
    hasil: dict[tuple[int, int], dict] = defaultdict(
        lambda: {
            "n": 0,
            "dicek": 0,
            "layak": 0,
            "tidak_layak": 0,
            "alasan": defaultdict(int),
            "usulan": 0,
            "menunggu": 0,
            "di_atas_desil": 0,
        }
    )
    penerima = Penerima.objects.filter(keluarga__rw_id__in=rw_ids, aktif=True)
    baris = (
        penerima.values("keluarga__rw_id", "periode_id")
        .annotate(
            n=Count("pk"),
            dicek=Count("pk", filter=Q(Exists(dicek))),
            di_atas=Count("pk", filter=PENERIMA_DI_ATAS_DESIL),
        )
        .order_by()
    )
    for b in baris:
        h = hasil[(b["keluarga__rw_id"], b["periode_id"])]
        h["n"], h["dicek"], h["di_atas_desil"] = b["n"], b["dicek"], b["di_atas"]
    berlaku = (
        Verifikasi.objects.filter(berlaku=True, keluarga__rw_id__in=rw_ids)
        .filter(Q(jenis=JenisVerifikasi.USULAN) | Q(penerima__aktif=True))
        .values("keluarga__rw_id", "periode_id", "jenis", "hasil", "alasan")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for b in berlaku:
        h = hasil[(b["keluarga__rw_id"], b["periode_id"])]
        if b["jenis"] == JenisVerifikasi.USULAN:
            h["usulan"] += b["n"]
        elif b["hasil"] == Kelayakan.LAYAK:
            h["layak"] += b["n"]
        else:
            h["tidak_layak"] += b["n"]
            h["alasan"][b["alasan"]] += b["n"]
    # a visit has a finding per recipient: counted once per period
    menunggu = (
        Verifikasi.objects.filter(
            keluarga__rw_id__in=rw_ids, kunjungan__status__in=MENUNGGU_PEMERIKSAAN
        )
        .values("keluarga__rw_id", "periode_id")
        .annotate(n=Count("kunjungan_id", distinct=True))
        .order_by()
    )
    for b in menunggu:
        hasil[(b["keluarga__rw_id"], b["periode_id"])]["menunggu"] = b["n"]
    return hasil


def ringkasan_hitung(*, rw_ids: list[int]) -> None:
    """Recompute these RWs' rows (at most BATCH_RW of them) from the base tables."""
    sekarang = timezone.now()
    rws = list(
        RW.objects.filter(pk__in=rw_ids).values_list(
            "pk", "kelurahan_id", "kelurahan__kecamatan_id"
        )
    )
    ids = [r[0] for r in rws]
    keluarga = _keluarga(ids)
    kunjungan = _kunjungan(ids)
    petugas = dict(
        Penugasan.objects.filter(rw_id__in=ids, selesai__isnull=True).values_list(
            "rw_id", "petugas_id"
        )
    )
    penerima = _penerima(ids)
    terbuka = _perubahan_terbuka(ids)
    baris_rw, baris_penerima = [], []
    kecamatan_rw = {}
    for rw_id, kelurahan_id, kecamatan_id in rws:
        kecamatan_rw[rw_id] = kecamatan_id
        kel = keluarga.get(rw_id, {})
        kun = kunjungan.get(rw_id, {})
        baris_rw.append(
            RingkasanRW(
                rw_id=rw_id,
                kelurahan_id=kelurahan_id,
                kecamatan_id=kecamatan_id,
                petugas_id=petugas.get(rw_id),
                jumlah_keluarga=kel.get("n", 0),
                keluarga_dikunjungi=kel.get("dikunjungi", 0),
                kunjungan_menunggu=kun.get("menunggu", 0),
                kunjungan_ditandai=kun.get("ditandai", 0),
                kunjungan_dikembalikan=kun.get("dikembalikan", 0),
                kunjungan_disetujui=kun.get("disetujui", 0),
                kunjungan_ditolak=kun.get("ditolak", 0),
                kunjungan_terakhir_at=kun.get("terakhir"),
                perubahan_terbuka=terbuka.get(rw_id, 0),
                updated_at=sekarang,
            )
        )
    for (rw_id, periode_id), h in penerima.items():
        baris_penerima.append(
            RingkasanPenerimaRW(
                rw_id=rw_id,
                periode_id=periode_id,
                kecamatan_id=kecamatan_rw[rw_id],
                jumlah_penerima=h["n"],
                dicek=h["dicek"],
                terverifikasi=h["layak"] + h["tidak_layak"],
                layak=h["layak"],
                tidak_layak=h["tidak_layak"],
                alasan=dict(sorted(h["alasan"].items())),
                usulan=h["usulan"],
                menunggu=h["menunggu"],
                di_atas_desil=h["di_atas_desil"],
                updated_at=sekarang,
            )
        )
    with transaction.atomic():
        RingkasanRW.objects.bulk_create(
            baris_rw, update_conflicts=True, unique_fields=["rw"], update_fields=KOLOM_RW
        )
        RingkasanPenerimaRW.objects.filter(rw_id__in=ids).delete()
        RingkasanPenerimaRW.objects.bulk_create(baris_penerima)
        # the dashboards kept in the cache read these rows: rendered again once committed
        versi_naikkan_saat_commit(rw_ids=ids)


def ringkasan_perbarui(*, rw_ids: list[int]) -> int:
    """Recompute the marked ones among these RWs and clear their marks; returns how many.

    A mark made again while they were being counted (a newer `ditandai_at`) stays,
    for the task its own write enqueued."""
    n = 0
    for awal in range(0, len(rw_ids), BATCH_RW):
        tanda = dict(
            RWKotor.objects.filter(rw_id__in=rw_ids[awal : awal + BATCH_RW]).values_list(
                "rw_id", "ditandai_at"
            )
        )
        if not tanda:
            continue
        ringkasan_hitung(rw_ids=list(tanda))
        hapus = Q()
        for rw_id, waktu in tanda.items():
            hapus |= Q(rw_id=rw_id, ditandai_at__lte=waktu)
        RWKotor.objects.filter(hapus).delete()
        n += len(tanda)
    return n


def ringkasan_sapu() -> int:
    """Recompute every RW still marked, and count any RW that has no row yet (one added
    in the Django admin or by a loader); returns how many RWs were recomputed."""
    baru = list(RW.objects.filter(ringkasan__isnull=True).values_list("pk", flat=True))
    for awal in range(0, len(baru), BATCH_RW):
        ringkasan_hitung(rw_ids=baru[awal : awal + BATCH_RW])
    tanda = list(RWKotor.objects.values_list("rw_id", flat=True))
    return len(baru) + ringkasan_perbarui(rw_ids=tanda)


def ringkasan_bangun_ulang() -> int:
    """Recompute every RW of the city (first install, or after a bulk load); returns how many."""
    mulai = timezone.now()
    ids = list(RW.objects.order_by("pk").values_list("pk", flat=True))
    for awal in range(0, len(ids), BATCH_RW):
        ringkasan_hitung(rw_ids=ids[awal : awal + BATCH_RW])
    RWKotor.objects.filter(ditandai_at__lte=mulai).delete()  # a later mark: counted again
    return len(ids)
