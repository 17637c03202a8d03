"""Automatic placement: one officer per RW, one RW per officer, within OPD quotas.

The placement is an optimal assignment over the whole scope, solved as a
minimum-cost maximum flow (OR-Tools):

    source -> OPD (capacity: the OPD's remaining quota)
           -> candidate (capacity 1)
           -> RW (capacity 1, cost below)
           -> sink

The flow first fills as many RWs as the candidates and quotas allow, then
minimises the total cost. A candidate's cost for an RW is its preference level
times `BOBOT_TINGKAT` plus the distance in metres, so one better level always
outweighs any distance inside a city: same RW (0), same kelurahan (1), same
kecamatan (2), elsewhere (3); within a level, the shortest distance.

Inputs are sorted (candidates by NI PPPK, RWs by code and number), so the
result is the same on every run.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

from petugas.models import Tingkat

BOBOT_TINGKAT = 10_000_000  # metres; far more than any distance in a city
JARAK_TIDAK_DIKETAHUI_M = 50_000  # a point is missing: rank after every known distance
URUTAN_TINGKAT = [Tingkat.RW, Tingkat.KELURAHAN, Tingkat.KECAMATAN, Tingkat.TERDEKAT]


@dataclass(frozen=True)
class Kandidat:
    id: int
    ni_pppk: str
    opd_id: int
    kelurahan_id: int
    kecamatan_id: int
    rw_nomor: int | None
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class SlotRW:
    id: int
    kode: str  # kelurahan code + RW number, for a stable order
    kelurahan_id: int
    kecamatan_id: int
    nomor: int
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class Usulan:
    kandidat_id: int
    rw_id: int
    tingkat: str
    jarak_m: int | None


@dataclass
class Hasil:
    usulan: list[Usulan]
    rw_kosong: list[int] = field(default_factory=list)
    total_biaya: int = 0


def _jarak_matrix(kandidat: list[Kandidat], rws: list[SlotRW]) -> np.ndarray:
    """Metres between every candidate's home and every RW centre (equirectangular)."""
    klat = np.array([k.latitude if k.latitude is not None else np.nan for k in kandidat])
    klng = np.array([k.longitude if k.longitude is not None else np.nan for k in kandidat])
    rlat = np.array([r.latitude if r.latitude is not None else np.nan for r in rws])
    rlng = np.array([r.longitude if r.longitude is not None else np.nan for r in rws])
    lat1, lat2 = np.radians(klat)[:, None], np.radians(rlat)[None, :]
    x = np.radians(rlng[None, :] - klng[:, None]) * np.cos((lat1 + lat2) / 2)
    y = lat2 - lat1
    jarak = np.hypot(x, y) * 6_371_000.0
    return np.where(np.isnan(jarak), JARAK_TIDAK_DIKETAHUI_M, np.rint(jarak)).astype(np.int64)


def _tingkat_matrix(kandidat: list[Kandidat], rws: list[SlotRW]) -> np.ndarray:
    k_kel = np.array([k.kelurahan_id for k in kandidat])[:, None]
    k_kec = np.array([k.kecamatan_id for k in kandidat])[:, None]
    k_rw = np.array([k.rw_nomor if k.rw_nomor is not None else -1 for k in kandidat])[:, None]
    r_kel = np.array([r.kelurahan_id for r in rws])[None, :]
    r_kec = np.array([r.kecamatan_id for r in rws])[None, :]
    r_rw = np.array([r.nomor for r in rws])[None, :]
    sama_kel = k_kel == r_kel
    tingkat = np.full((len(kandidat), len(rws)), 3, dtype=np.int64)
    tingkat[k_kec == r_kec] = 2
    tingkat[sama_kel] = 1
    tingkat[sama_kel & (k_rw == r_rw)] = 0
    return tingkat


def biaya(kandidat: list[Kandidat], rws: list[SlotRW]) -> tuple[np.ndarray, np.ndarray]:
    """(level, distance) matrices, candidates by rows and RWs by columns."""
    return _tingkat_matrix(kandidat, rws), _jarak_matrix(kandidat, rws)


def hitung(*, kandidat: list[Kandidat], rws: list[SlotRW], sisa_kuota: dict[int, int]) -> Hasil:
    """The optimal placement of `kandidat` into `rws` within each OPD's remaining quota."""
    kandidat = sorted(kandidat, key=lambda k: k.ni_pppk)
    rws = sorted(rws, key=lambda r: (r.kode, r.nomor))
    if not kandidat or not rws:
        return Hasil(usulan=[], rw_kosong=[r.id for r in rws])
    opd_ids = sorted({k.opd_id for k in kandidat})
    n_opd, n_k, n_rw = len(opd_ids), len(kandidat), len(rws)
    source, opd0, k0, rw0 = 0, 1, 1 + n_opd, 1 + n_opd + n_k
    sink = rw0 + n_rw
    opd_node = {opd_id: opd0 + i for i, opd_id in enumerate(opd_ids)}

    tingkat, jarak = biaya(kandidat, rws)
    cost = tingkat * BOBOT_TINGKAT + jarak
    k_nodes = k0 + np.arange(n_k)
    rw_nodes = rw0 + np.arange(n_rw)
    tails = np.concatenate(
        [
            np.full(n_opd, source),
            np.array([opd_node[k.opd_id] for k in kandidat]),
            np.repeat(k_nodes, n_rw),
            rw_nodes,
        ]
    )
    heads = np.concatenate(
        [np.array(list(opd_node.values())), k_nodes, np.tile(rw_nodes, n_k), np.full(n_rw, sink)]
    )
    capacities = np.ones(len(tails), dtype=np.int64)
    capacities[:n_opd] = [max(0, sisa_kuota.get(opd_id, 0)) for opd_id in opd_ids]
    costs = np.concatenate(
        [np.zeros(n_opd + n_k, dtype=np.int64), cost.ravel(), np.zeros(n_rw, dtype=np.int64)]
    )

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    flow.set_node_supply(source, n_rw)
    flow.set_node_supply(sink, -n_rw)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")

    first_pair_arc = n_opd + n_k
    flows = flow.flows(np.arange(first_pair_arc, first_pair_arc + n_k * n_rw))
    chosen = np.flatnonzero(flows)
    usulan = []
    terisi = set()
    for index in chosen:
        i, j = divmod(int(index), n_rw)
        level = int(tingkat[i, j])
        meter = int(jarak[i, j])
        usulan.append(
            Usulan(
                kandidat_id=kandidat[i].id,
                rw_id=rws[j].id,
                tingkat=URUTAN_TINGKAT[level],
                jarak_m=None if meter >= JARAK_TIDAK_DIKETAHUI_M else meter,
            )
        )
        terisi.add(j)
    return Hasil(
        usulan=usulan,
        rw_kosong=[r.id for j, r in enumerate(rws) if j not in terisi],
        total_biaya=int(flow.optimal_cost()),
    )


def hitung_greedy(
    *, kandidat: list[Kandidat], rws: list[SlotRW], sisa_kuota: dict[int, int]
) -> Hasil:
    """The first-come baseline the benchmark compares with: each RW in turn takes its
    cheapest candidate still free. Never used to place anyone."""
    kandidat = sorted(kandidat, key=lambda k: k.ni_pppk)
    rws = sorted(rws, key=lambda r: (r.kode, r.nomor))
    tingkat, jarak = biaya(kandidat, rws)
    cost = tingkat * BOBOT_TINGKAT + jarak
    opd_ids = sorted({k.opd_id for k in kandidat})
    opd_index = np.array([opd_ids.index(k.opd_id) for k in kandidat], dtype=np.int64)
    kuota = np.array([max(0, sisa_kuota.get(o, 0)) for o in opd_ids], dtype=np.int64)
    bebas = np.ones(len(kandidat), dtype=bool)
    usulan, kosong, total = [], [], 0
    for j, rw in enumerate(rws):
        boleh = bebas & (kuota[opd_index] > 0)
        if not boleh.any():
            kosong.append(rw.id)
            continue
        i = int(np.argmin(np.where(boleh, cost[:, j], np.iinfo(np.int64).max)))
        bebas[i] = False
        kuota[opd_index[i]] -= 1
        total += int(cost[i, j])
        usulan.append(
            Usulan(kandidat[i].id, rw.id, URUTAN_TINGKAT[int(tingkat[i, j])], int(jarak[i, j]))
        )
    return Hasil(usulan=usulan, rw_kosong=kosong, total_biaya=total)


def ringkas(hasil: Hasil, *, jumlah_kandidat: int) -> dict:
    """The figures a preview shows: placements per level, distances, vacancies."""
    per_tingkat = Counter(u.tingkat for u in hasil.usulan)
    jarak = [u.jarak_m for u in hasil.usulan if u.jarak_m is not None]
    return {
        "ditempatkan": len(hasil.usulan),
        "per_tingkat": {t.value: per_tingkat.get(t.value, 0) for t in URUTAN_TINGKAT},
        "rw_kosong": len(hasil.rw_kosong),
        "kandidat": jumlah_kandidat,
        "kandidat_tersisa": jumlah_kandidat - len(hasil.usulan),
        "jarak_rata_m": round(statistics.fmean(jarak)) if jarak else None,
        "jarak_median_m": round(statistics.median(jarak)) if jarak else None,
        "jarak_maks_m": max(jarak) if jarak else None,
        "lebih_5km": sum(1 for m in jarak if m > 5000),
        "total_biaya": hasil.total_biaya,
    }
