"""A city-sized dataset for load tests: Pekanbaru's 733 RW filled with invented people.

Every table is filled by set-based SQL (INSERT ... SELECT over generate_series),
so 300,000 families and 1.17 million members take minutes, not hours. The
values are deterministic: "random" choices come from `hashint8` of a row's
number, so two runs on empty databases give the same city.

Numbers are valid by construction (pendataan/nik.py):
- KK: the kecamatan's code, an issue date in 2005 (DDMMYY), and a serial; the
  pair (date, serial) is the family's running number, so no two repeat.
- NIK: province 14, city 71, then a "kecamatan of first issue" digit pair that
  says the member's place in the family (01 head, 02 spouse, 03 child), a birth
  date (women: day + 40) and a serial. Within one place the pair (birth date,
  serial) is the member's running number, so no two repeat.
PostgreSQL only: the portal's production database, and the one that needs it.
"""

from __future__ import annotations

import psycopg
from django.contrib.auth.hashers import make_password
from django.db import connection

from akun.models import Peran

# u(x): a uniform number in [0, 1) from an integer, the same on every run
U = "((hashint8(({x})::bigint) & 2147483647)::float8 / 2147483648.0)"


def u(x: str) -> str:
    return U.format(x=x)


NAMA_L = [
    "Ahmad", "Budi", "Rahmat", "Joko", "Agus", "Dedi", "Hendra", "Irwan", "Syamsul", "Rizki",
    "Fajar", "Andi", "Yusuf", "Hasan", "Ridwan", "Arif", "Teguh", "Bambang", "Zulkifli", "Iqbal",
]  # fmt: skip
NAMA_P = [
    "Siti", "Nurhayati", "Dewi", "Sri", "Rina", "Yuliana", "Fitri", "Wati", "Aisyah", "Rahmawati",
    "Lestari", "Indah", "Maya", "Putri", "Nadia", "Ratna", "Suryani", "Eka", "Hartini", "Zahra",
]  # fmt: skip
NAMA_BELAKANG = [
    "Saputra", "Hidayat", "Siregar", "Nasution", "Harahap", "Lubis", "Putri", "Sari", "Pratama",
    "Wibowo", "Syahputra", "Kurniawan", "Hasibuan", "Daulay", "Rangkuti", "Matondang", "Tanjung",
    "Rahman", "Effendi", "Gunawan",
]  # fmt: skip
JALAN = [
    "Garuda Sakti", "Sudirman", "Arifin Ahmad", "Soebrantas", "Tuanku Tambusai", "Riau",
    "Kaharuddin Nasution", "Paus", "Nangka", "Durian", "Cipta Karya", "Delima", "Kartama",
    "Pemuda", "Sembilang", "Harapan Raya", "Hangtuah", "Balam", "Srikandi", "Taskurun",
]  # fmt: skip


def _larik(nilai: list[str]) -> str:
    return "ARRAY[" + ",".join("'" + n.replace("'", "''") + "'" for n in nilai) + "]"


def _pilih(nilai: list[str], x: str) -> str:
    return f"({_larik(nilai)})[1 + (hashint8(({x})::bigint) & 2147483647) % {len(nilai)}]"


def _jalankan(sql: str, params: list | None = None) -> int:
    """Run SQL (several statements may follow each other); `%s` are the parameters, and
    every other % is SQL's modulo. The parameters are bound here, not by the server
    (which prepares one statement at a time; config/settings DATABASE_PREPARED)."""
    connection.ensure_connection()
    with psycopg.ClientCursor(connection.connection) as cursor:
        if params:
            cursor.execute(sql.replace("%", "%%").replace("%%s", "%s"), params)
        else:
            cursor.execute(sql)
        return cursor.rowcount


def petugas_buat(*, opd_ids: list[int], password: str) -> int:
    """One officer per RW, placed there, with a login (NI PPPK) and the given password.

    The hash is computed once and shared: each row's salt is then the same, which
    only a load test may accept. RW 01 Simpangbaru gets the demo officer's NI PPPK.
    """
    sandi = make_password(password)
    _jalankan(
        f"""
        CREATE TEMP TABLE kota_petugas ON COMMIT DROP AS
        SELECT rw.id AS rw_id, rw.kelurahan_id, rw.nomor, rw.latitude, rw.longitude,
            row_number() OVER (ORDER BY kel.kode, rw.nomor) AS n,
            (kel.kode = '14.71.08.1001' AND rw.nomor = 1) AS demo
        FROM wilayah_rw rw JOIN wilayah_kelurahan kel ON kel.id = rw.kelurahan_id
        WHERE NOT EXISTS (
            SELECT 1 FROM petugas_penugasan p WHERE p.rw_id = rw.id AND p.selesai IS NULL);
        -- NI PPPK: a birth date from 1985 on (a distinct one per officer), TMT 2025-01,
        -- the gender digit, serial 001; the demo officer keeps the demo's number
        ALTER TABLE kota_petugas ADD COLUMN ni varchar(18), ADD COLUMN jk varchar(1),
            ADD COLUMN nama varchar(150);
        UPDATE kota_petugas SET
            jk = CASE WHEN n % 3 = 0 THEN 'P' ELSE 'L' END,
            ni = CASE WHEN demo THEN '199003152025011001' ELSE
                to_char(date '1985-01-01' + (n * 7)::int, 'YYYYMMDD') || '202501'
                || CASE WHEN n % 3 = 0 THEN '2' ELSE '1' END || '002' END;
        UPDATE kota_petugas SET nama = CASE WHEN jk = 'P' THEN {_pilih(NAMA_P, "n * 3")}
            ELSE {_pilih(NAMA_L, "n * 3")} END || ' ' || {_pilih(NAMA_BELAKANG, "n * 5")};
        INSERT INTO akun_user (password, is_superuser, username, first_name, last_name, email,
            is_staff, is_active, date_joined, peran, harus_ganti_sandi)
        SELECT %s, false, ni, nama, '', '', false, true, now(), %s, false FROM kota_petugas;
        INSERT INTO petugas_petugas (nama, ni_pppk, jenis_kelamin, telepon, alamat_domisili,
            rw_domisili, latitude, longitude, tersedia, foto, created_at, updated_at,
            kelurahan_domisili_id, opd_id, user_id)
        SELECT t.nama, t.ni, t.jk, '0812' || lpad(t.n::text, 8, '0'), 'Jl. Kota No. ' || t.n,
            t.nomor, t.latitude, t.longitude, true, '', now(), now(), t.kelurahan_id,
            (%s::bigint[])[1 + t.n % %s], u.id
        FROM kota_petugas t JOIN akun_user u ON u.username = t.ni;
        INSERT INTO petugas_penugasan (mulai, nomor_sk, alasan, alasan_selesai, tingkat,
            otomatis, created_at, rw_id, petugas_id)
        SELECT date '2026-01-02', 'KOTA/2026/001', 'Data kota untuk uji beban', '', 'rw',
            true, now(), t.rw_id, p.id
        FROM kota_petugas t JOIN petugas_petugas p ON p.ni_pppk = t.ni;
        """,  # noqa: S608
        [sandi, Peran.PETUGAS, opd_ids, len(opd_ids)],
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM kota_petugas")
        return cursor.fetchone()[0]


def keluarga_buat() -> int:
    """Families per RW: 150 to 900 (skewed toward small, about 410 on average)."""
    _jalankan(
        f"""
        CREATE TEMP TABLE kota_rw ON COMMIT DROP AS
        SELECT rw.id AS rw_id, COALESCE(rw.jumlah_rt, 6) AS jumlah_rt,
            replace(kec.kode, '.', '') AS kode_kec,
            COALESCE(rw.latitude, kel.latitude, 0.5) AS lat,
            COALESCE(rw.longitude, kel.longitude, 101.45) AS lng,
            150 + floor(750 * power({u("rw.id * 7 + 1")}, 1.9))::int AS ukuran
        FROM wilayah_rw rw JOIN wilayah_kelurahan kel ON kel.id = rw.kelurahan_id
        JOIN wilayah_kecamatan kec ON kec.id = kel.kecamatan_id;
        ALTER TABLE kota_rw ADD COLUMN awal bigint;
        UPDATE kota_rw r SET awal = s.awal FROM (
            SELECT rw_id, sum(ukuran) OVER (ORDER BY rw_id) - ukuran AS awal FROM kota_rw
        ) s WHERE s.rw_id = r.rw_id;
        INSERT INTO pendataan_keluarga (nomor_kk, rt, alamat, latitude, longitude, created_at,
            updated_at, rw_id, variabel)
        SELECT r.kode_kec || to_char(date '2005-01-01' + ((r.awal + i) / 9999)::int, 'DDMMYY')
                || lpad(((r.awal + i) % 9999 + 1)::text, 4, '0'),
            1 + (i - 1) % r.jumlah_rt,
            'Jl. ' || {_pilih(JALAN, "(r.awal + i) / 37")} || ' No. ' || (1 + i / 3),
            CASE WHEN {u("(r.awal + i) * 11")} < 0.6
                THEN round((r.lat + ({u("(r.awal + i) * 13")} - 0.5) * 0.006)::numeric, 6) END,
            CASE WHEN {u("(r.awal + i) * 11")} < 0.6
                THEN round((r.lng + ({u("(r.awal + i) * 17")} - 0.5) * 0.006)::numeric, 6) END,
            now(), now(), r.rw_id,
            -- the DTSEN variables as an imported register gives them (pendataan.variabel)
            jsonb_build_object(
                'lantai', CASE WHEN {u("(r.awal + i) * 71")} < 0.6 THEN 2
                    WHEN {u("(r.awal + i) * 71")} < 0.85 THEN 6 ELSE 5 END,
                'dinding', CASE WHEN {u("(r.awal + i) * 73")} < 0.8 THEN 1 ELSE 3 END,
                'atap', CASE WHEN {u("(r.awal + i) * 79")} < 0.7 THEN 3 ELSE 2 END,
                'air_minum', CASE WHEN {u("(r.awal + i) * 83")} < 0.7 THEN 2 ELSE 4 END,
                'penerangan', 1,
                'daya_listrik', 1 + floor(3 * {u("(r.awal + i) * 89")})::int,
                'aset_sepeda_motor', floor(3 * {u("(r.awal + i) * 97")})::int,
                'aset_mobil', CASE WHEN {u("(r.awal + i) * 101")} < 0.1 THEN 1 ELSE 0 END,
                'aset_smartphone', 1 + floor(3 * {u("(r.awal + i) * 103")})::int)
        FROM kota_rw r, generate_series(1, r.ukuran) i
        ORDER BY r.rw_id, 1 + (i - 1) % r.jumlah_rt;
        """  # noqa: S608
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT sum(ukuran) FROM kota_rw")
        return int(cursor.fetchone()[0])


def anggota_buat() -> int:
    """Members: a head, mostly a spouse, and children (3.9 a family on average)."""
    return _jalankan(
        f"""
        CREATE TEMP TABLE kota_kk ON COMMIT DROP AS
        SELECT id AS keluarga_id,
            1 + (hashint8(id * 19) & 2147483647) % 6
              + CASE WHEN {u("id * 23")} < 0.43 THEN 1 ELSE 0 END AS m
        FROM pendataan_keluarga;
        ALTER TABLE kota_kk ADD COLUMN awal bigint;
        UPDATE kota_kk k SET awal = s.awal FROM (
            SELECT keluarga_id, sum(m) OVER (ORDER BY keluarga_id) - m AS awal FROM kota_kk
        ) s WHERE s.keluarga_id = k.keluarga_id;
        CREATE TEMP TABLE kota_orang ON COMMIT DROP AS
        SELECT k.keluarga_id, j, k.awal + j AS g,
            CASE WHEN j = 1 THEN 'kepala' WHEN j = 2 THEN 'pasangan' ELSE 'anak' END AS hub,
            CASE
                WHEN j = 1 THEN CASE WHEN (k.awal + j) % 10 = 0 THEN 'P' ELSE 'L' END
                WHEN j = 2 THEN CASE WHEN (k.awal + j - 1) % 10 = 0 THEN 'L' ELSE 'P' END
                ELSE CASE WHEN (k.awal + j) % 2 = 0 THEN 'P' ELSE 'L' END
            END AS jk
        FROM kota_kk k, generate_series(1, k.m) j;
        INSERT INTO pendataan_anggotakeluarga (nik, nama, hubungan, jenis_kelamin, tanggal_lahir,
            status, created_at, updated_at, keluarga_id)
        SELECT '1471' || CASE o.hub WHEN 'kepala' THEN '01' WHEN 'pasangan' THEN '02' ELSE '03' END
                || lpad((extract(day FROM o.lahir)::int
                         + CASE WHEN o.jk = 'P' THEN 40 ELSE 0 END)::text, 2, '0')
                || to_char(o.lahir, 'MMYY') || lpad((o.g % 9999 + 1)::text, 4, '0'),
            CASE WHEN o.jk = 'P' THEN {_pilih(NAMA_P, "o.g")} ELSE {_pilih(NAMA_L, "o.g")} END
                || ' ' || {_pilih(NAMA_BELAKANG, "o.g * 3")},
            o.hub, o.jk, o.lahir, 'hidup', now(), now(), o.keluarga_id
        FROM (
            SELECT *, CASE hub
                WHEN 'kepala' THEN date '1955-01-01' + ((g / 9999) * 120)::int
                WHEN 'pasangan' THEN date '1958-06-01' + ((g / 9999) * 120)::int
                ELSE date '1995-01-01' + ((g / 9999) * 60)::int END AS lahir
            FROM kota_orang
        ) o
        ORDER BY o.keluarga_id, o.j;
        """  # noqa: S608
    )


def penerima_buat(*, periode: dict[str, int]) -> int:
    """About 150,000 recipients: PKH and BPNT by family (the spouse, else the head, is the
    listed member), PBI-JK by person."""
    n = 0
    for kode, bagian, sisi in (("pkh", 0.19, 29), ("bpnt", 0.22, 31)):
        n += _jalankan(
            f"""
            INSERT INTO bansos_penerima (nomor_kartu, created_at, anggota_id, keluarga_id,
                periode_id, aktif, terdaftar_id)
            SELECT 'KKS-' || lpad((k.id * {sisi} % 1000000007)::text, 10, '0'), now(), NULL,
                k.id, %s, true,
                (SELECT a.id FROM pendataan_anggotakeluarga a WHERE a.keluarga_id = k.id
                 ORDER BY CASE a.hubungan WHEN 'pasangan' THEN 0 WHEN 'kepala' THEN 1 ELSE 2 END,
                 a.id LIMIT 1)
            FROM pendataan_keluarga k WHERE {u(f"k.id * {sisi}")} < {bagian}
            ORDER BY k.id
            """,  # noqa: S608
            [periode[kode]],
        )
    n += _jalankan(
        f"""
        INSERT INTO bansos_penerima (nomor_kartu, created_at, anggota_id, keluarga_id,
            periode_id, aktif, terdaftar_id)
        SELECT 'JKN-' || lpad((a.id * 37 % 1000000007)::text, 10, '0'), now(), a.id,
            a.keluarga_id, %s, true, a.id
        FROM pendataan_anggotakeluarga a WHERE {u("a.id * 37")} < 0.026
        ORDER BY a.id
        """,  # noqa: S608
        [periode["pbi-jk"]],
    )
    return n


# visit state by share: a third of families visited, every state present
STATUS = "CASE WHEN {x} < 0.5 THEN 'disetujui' WHEN {x} < 0.75 THEN 'dikirim' " \
    "WHEN {x} < 0.87 THEN 'dikembalikan' ELSE 'ditolak' END"  # fmt: skip
BENDERA = [
    ("tanpa_gps", "Tanpa titik GPS. Alasan petugas: baterai habis"),
    ("gps_lemah", "Akurasi GPS lemah: 85 m."),
    ("jauh_dari_rw", "Titik GPS 640 m dari titik pusat RW."),
    ("jauh_dari_titik_lama", "Titik GPS 220 m dari titik rumah yang tercatat sebelumnya."),
    ("terlalu_singkat", "Kunjungan hanya 35 detik."),
    ("foto_dipakai_ulang", "Foto Rumah sama dengan foto kunjungan keluarga lain (02-10-2026)."),
    ("tanpa_exif", "Foto Rumah tanpa data kamera: mungkin dari galeri, bukan difoto di tempat."),
    ("foto_lama", "Foto Rumah diambil 50 jam dari waktu kunjungan."),
    ("foto_gagal", "Foto KTP bukan gambar yang sah."),
]
ALASAN = ["meninggal", "pindah", "di_atas_umk", "asn_tni_polri", "tidak_ditemui", "lainnya"]


def kunjungan_buat(*, admin_per_kecamatan: dict[int, int]) -> int:
    """About 100,000 visits (one in three families) in every state, with flags, members
    found, photos (rows only: no files), findings on the family's recipients, proposals,
    and each visit's history."""
    bendera = "jsonb_build_array(jsonb_build_object('kode', b.kode, 'pesan', b.pesan))"
    kasus = " ".join(f"WHEN {i} THEN '{kode}'" for i, (kode, _pesan) in enumerate(BENDERA))
    pesan = " ".join(f"WHEN {i} THEN '{teks}'" for i, (_kode, teks) in enumerate(BENDERA))
    _jalankan(
        f"""
        CREATE TEMP TABLE kota_admin (kecamatan_id bigint, user_id bigint) ON COMMIT DROP;
        INSERT INTO kota_admin SELECT * FROM unnest(%s::bigint[], %s::bigint[]);
        CREATE TEMP TABLE kota_kunjungan ON COMMIT DROP AS
        SELECT k.id AS keluarga_id, k.rw_id, pn.petugas_id, pt.user_id AS petugas_user,
            ad.user_id AS admin_user,
            {STATUS.format(x=u("k.id * 41"))} AS status,
            now() - make_interval(mins => (({u("k.id * 43")}) * 60 * 24 * 60)::int) AS waktu,
            CASE WHEN {u("k.id * 47")} < 0.22 THEN (hashint8(k.id * 53) & 2147483647) % 9 END
                AS b,
            k.latitude, k.longitude, r.latitude AS rw_lat, r.longitude AS rw_lng
        FROM pendataan_keluarga k
        JOIN wilayah_rw r ON r.id = k.rw_id
        JOIN wilayah_kelurahan kel ON kel.id = r.kelurahan_id
        JOIN petugas_penugasan pn ON pn.rw_id = k.rw_id AND pn.selesai IS NULL
        JOIN petugas_petugas pt ON pt.id = pn.petugas_id
        LEFT JOIN kota_admin ad ON ad.kecamatan_id = kel.kecamatan_id
        WHERE {u("k.id * 41 + 3")} < 0.333;
        INSERT INTO pendataan_kunjungan (uuid, sidik, hasil, variabel, catatan, latitude,
            longitude, akurasi_m, alasan_tanpa_gps, foto_diharapkan, dibuka_at, dikirim_at,
            status, bendera, jumlah_bendera, created_at, keluarga_id, petugas_id, rw_id,
            diperiksa_at, diperiksa_oleh_id, komentar_pemeriksa)
        SELECT md5('kunjungan' || t.keluarga_id)::uuid, md5('sidik' || t.keluarga_id)
                || md5('sidik2' || t.keluarga_id),
            CASE WHEN {u("t.keluarga_id * 59")} < 0.85 THEN 'ditemui'
                WHEN {u("t.keluarga_id * 59")} < 0.9 THEN 'tidak_ada_orang'
                WHEN {u("t.keluarga_id * 59")} < 0.94 THEN 'pindah'
                WHEN {u("t.keluarga_id * 59")} < 0.97 THEN 'rumah_kosong'
                ELSE 'tidak_ditemukan' END,
            '{{"keluarga": {{"aset_sepeda_motor": 2}}, "anggota": {{}}}}'::jsonb, '',
            CASE WHEN t.b IS DISTINCT FROM 0
                THEN round(COALESCE(t.latitude, t.rw_lat) + 0.0001, 6) END,
            CASE WHEN t.b IS DISTINCT FROM 0
                THEN round(COALESCE(t.longitude, t.rw_lng) + 0.0001, 6) END,
            CASE WHEN t.b = 0 THEN NULL WHEN t.b = 1 THEN 85 ELSE 8 END,
            CASE WHEN t.b = 0 THEN 'baterai habis' ELSE '' END,
            jsonb_build_array(
                jsonb_build_object('uuid', md5('foto1' || t.keluarga_id)::uuid, 'jenis', 'rumah'),
                jsonb_build_object('uuid', md5('foto2' || t.keluarga_id)::uuid, 'jenis', 'ktp')
            ) || CASE WHEN t.keluarga_id % 3 = 0 THEN jsonb_build_array(jsonb_build_object(
                'uuid', md5('foto3' || t.keluarga_id)::uuid, 'jenis', 'kk')) ELSE '[]' END,
            t.waktu - CASE WHEN t.b = 4 THEN interval '35 seconds' ELSE interval '9 minutes' END,
            t.waktu,
            t.status,
            CASE WHEN t.b IS NULL THEN '[]'::jsonb ELSE {bendera} END,
            CASE WHEN t.b IS NULL THEN 0 ELSE 1 END,
            t.waktu + interval '2 minutes', t.keluarga_id, t.petugas_id, t.rw_id,
            CASE WHEN t.status <> 'dikirim' THEN t.waktu + interval '1 day' END,
            CASE WHEN t.status <> 'dikirim' THEN t.admin_user END,
            CASE WHEN t.status = 'dikembalikan' THEN 'Foto KK kurang jelas, mohon diulang.'
                ELSE '' END
        FROM kota_kunjungan t
        LEFT JOIN LATERAL (SELECT CASE t.b {kasus} END AS kode,
                                  CASE t.b {pesan} END AS pesan) b ON true
        ORDER BY t.waktu;
        """,  # noqa: S608
        [list(admin_per_kecamatan), list(admin_per_kecamatan.values())],
    )
    # photos: the rows the worker would have written (no files: nothing serves them here)
    _jalankan(
        """
        INSERT INTO pendataan_fotokunjungan (foto_uuid, jenis, asli, besar, kecil, status, pesan,
            ukuran_bytes, lebar, tinggi, exif_waktu, exif_kamera, phash, created_at,
            diproses_at, kunjungan_id)
        SELECT (f.value->>'uuid')::uuid, f.value->>'jenis',
            'private/kunjungan/' || k.uuid || '/' || md5(f.value->>'uuid'),
            CASE WHEN st = 'selesai' THEN 'private/kunjungan/' || k.uuid || '/b'
                || md5(f.value->>'uuid') ELSE '' END,
            CASE WHEN st = 'selesai' THEN 'private/kunjungan/' || k.uuid || '/k'
                || md5(f.value->>'uuid') ELSE '' END,
            st, CASE WHEN st = 'gagal' THEN 'Berkas ini bukan gambar yang sah.' ELSE '' END,
            330000, 1600, 1200, k.dikirim_at - interval '3 minutes', 'Samsung SM-A155F',
            CASE WHEN st = 'selesai' THEN substr(md5(f.value->>'uuid'), 1, 16) ELSE '' END,
            k.created_at + interval '20 seconds', k.created_at + interval '40 seconds', k.id
        FROM pendataan_kunjungan k
        CROSS JOIN LATERAL jsonb_array_elements(k.foto_diharapkan) WITH ORDINALITY f(value, i)
        CROSS JOIN LATERAL (SELECT CASE
            WHEN k.bendera @> '[{"kode": "foto_gagal"}]' AND f.i = 2 THEN 'gagal'
            WHEN k.status = 'dikirim' AND k.id % 50 = 0 AND f.i = 3 THEN 'menunggu'
            ELSE 'selesai' END AS st) s
        WHERE NOT (k.status = 'dikirim' AND k.id % 70 = 0 AND f.i = 3)  -- some never arrived
        ORDER BY k.id, f.i
        """
    )
    _jalankan(
        """
        INSERT INTO pendataan_catatananggota (aksi, nik, nama, anggota_id, kunjungan_id)
        SELECT 'tetap', '', '', a.id, k.id
        FROM pendataan_kunjungan k JOIN pendataan_anggotakeluarga a ON a.keluarga_id = k.keluarga_id
        WHERE k.hasil = 'ditemui'
        ORDER BY k.id, a.id
        """
    )
    alasan = _larik(ALASAN)
    _jalankan(
        f"""
        INSERT INTO bansos_verifikasi (jenis, hasil, alasan, alasan_lain, keterangan, berlaku,
            created_at, updated_at, anggota_id, keluarga_id, kunjungan_id, penerima_id,
            periode_id)
        SELECT 'verifikasi', v.hasil,
            CASE WHEN v.hasil = 'tidak_layak'
                THEN ({alasan})[1 + (hashint8(p.id * 61) & 2147483647) % {len(ALASAN)}]
                ELSE '' END,
            CASE WHEN v.hasil = 'tidak_layak'
                AND ({alasan})[1 + (hashint8(p.id * 61) & 2147483647) % {len(ALASAN)}] = 'lainnya'
                THEN 'Sudah punya usaha toko grosir' ELSE '' END,
            '', k.status = 'disetujui', k.created_at, k.created_at, p.anggota_id, k.keluarga_id,
            k.id, p.id, p.periode_id
        FROM pendataan_kunjungan k JOIN bansos_penerima p ON p.keluarga_id = k.keluarga_id
        CROSS JOIN LATERAL (SELECT CASE WHEN k.hasil <> 'ditemui' OR {u("p.id * 67")} < 0.14
            THEN 'tidak_layak' ELSE 'layak' END AS hasil) v
        ORDER BY k.id, p.id
        """  # noqa: S608
    )
    # a proposal for PKH from some visited families not on its list
    _jalankan(
        f"""
        INSERT INTO bansos_verifikasi (jenis, hasil, alasan, alasan_lain, keterangan, berlaku,
            created_at, updated_at, anggota_id, keluarga_id, kunjungan_id, penerima_id,
            periode_id)
        SELECT 'usulan', 'layak', '', '', 'Kepala keluarga buruh harian, tiga anak sekolah.',
            k.status = 'disetujui', k.created_at, k.created_at, NULL, k.keluarga_id, k.id, NULL,
            pr.id
        FROM pendataan_kunjungan k
        JOIN bansos_periode pr ON pr.id = %s
        WHERE {u("k.keluarga_id * 71")} < 0.04 AND NOT EXISTS (
            SELECT 1 FROM bansos_penerima p
            WHERE p.keluarga_id = k.keluarga_id AND p.periode_id = pr.id)
        ORDER BY k.id
        """,  # noqa: S608
        [_periode_pkh()],
    )
    _jalankan(
        """
        INSERT INTO pendataan_riwayatkunjungan (aksi, komentar, perubahan, created_at,
            kunjungan_id, oleh_id)
        SELECT 'dikirim', '', '[]'::jsonb, k.created_at, k.id, pt.user_id
        FROM pendataan_kunjungan k JOIN petugas_petugas pt ON pt.id = k.petugas_id
        UNION ALL
        SELECT k.status, k.komentar_pemeriksa,
            CASE WHEN k.status = 'disetujui' THEN '["Temuan diberlakukan"]'::jsonb
                ELSE '[]'::jsonb END,
            k.diperiksa_at, k.id, k.diperiksa_oleh_id
        FROM pendataan_kunjungan k WHERE k.diperiksa_oleh_id IS NOT NULL
        ORDER BY 5, 4
        """
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pendataan_kunjungan")
        return cursor.fetchone()[0]


def _periode_pkh() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT max(pr.id) FROM bansos_periode pr JOIN bansos_program p ON p.id = pr.program_id"
            " WHERE p.kode = 'pkh'"
        )
        return cursor.fetchone()[0]


def jumlah() -> dict[str, int]:
    """What the city holds, table by table, for the command's report."""
    tabel = {
        "RW": "wilayah_rw",
        "petugas ditempatkan": "petugas_penugasan WHERE selesai IS NULL",
        "keluarga": "pendataan_keluarga",
        "anggota": "pendataan_anggotakeluarga",
        "penerima": "bansos_penerima",
        "kunjungan": "pendataan_kunjungan",
        "foto (baris)": "pendataan_fotokunjungan",
        "temuan dan usulan": "bansos_verifikasi",
        "riwayat": "pendataan_riwayatkunjungan",
    }
    hasil = {}
    with connection.cursor() as cursor:
        for nama, dari in tabel.items():
            cursor.execute(f"SELECT count(*) FROM {dari}")  # noqa: S608 (constants)
            hasil[nama] = cursor.fetchone()[0]
    return hasil
