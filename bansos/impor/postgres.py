"""The PostgreSQL fast path: pass 1 streams the checked rows into a TEMP table
(COPY), pass 2 writes from it in a handful of set-based statements.

The file is parsed once: pass 1 already has every row's clean values, and a
session's TEMP table costs no WAL and vanishes with the connection (so the worker
needs a session of its own: a pooler in transaction mode would lose the table). Pass 1 checks
NIKs against the database with one join at the end; pass 2 repeats that check in
its transaction (a member moved meanwhile refuses the file), then inserts the new
families and members, finds the period's recipients the rows name, updates those a
row changes (one named as it is is not written), inserts the rest, and lets the
shared code (tulis.keluarkan) take out the rows left out.
Results equal the batch path's (tulis.py); the test suite runs on both.

No insert reads the table it writes to. What is already stored is first marked on
the TEMP table's own rows (`*_ada`, `penerima_id`): an `INSERT ... WHERE NOT EXISTS` on the same
table can be planned as a nested loop that scans the rows the statement has just
added once per row, which on a table the planner believes small means hours. The
inserts are sorted by the key of their busiest index, to keep index writes close.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Model
from django.db.models.expressions import RawSQL
from django.utils import timezone

from bansos.impor import progres, tulis
from bansos.impor.periksa import MASALAH_DISIMPAN, Pemeriksaan, pesan_keluarga_lain
from bansos.impor.tulis import BerubahSelamaImpor, hasil_kosong
from bansos.models import ImporPenerima, Penerima, Sasaran
from pendataan.models import AnggotaKeluarga, Hubungan, Keluarga

TEMP = "impor_penerima_baris"
# Rows sent in one COPY: pass 1 also needs the connection for its lookups between them.
SALIN_SETIAP = 20_000
_KOLOM_TEMP = """
    baris integer NOT NULL,
    nik varchar(16) NOT NULL,
    kk varchar(16) NOT NULL,
    nama text NOT NULL,
    alamat text NOT NULL,
    kartu text NOT NULL,
    rw_id bigint,
    rt smallint,
    jenis_kelamin varchar(1) NOT NULL,
    tanggal_lahir date NOT NULL,
    pertama boolean NOT NULL,
    keluarga_ada boolean NOT NULL DEFAULT false,
    anggota_ada boolean NOT NULL DEFAULT false,
    penerima_id bigint,
    terdaftar_id bigint
"""
_KOLOM_SALIN = (
    "baris, nik, kk, nama, alamat, kartu, rw_id, rt, jenis_kelamin, tanggal_lahir, pertama"
)
TANPA_TEMPAT = "\\N\t\\N"  # RW and RT NULL: a row with a problem, never written
_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _q(nama: str) -> str:
    return connection.ops.quote_name(nama)


class _Tabel:
    """A model's table and column names, quoted, for f-strings of SQL."""

    def __init__(self, model: type[Model]):
        self.model = model
        self.tabel = _q(model._meta.db_table)

    def __str__(self) -> str:
        return self.tabel

    def __getattr__(self, field: str) -> str:
        return _q(self.model._meta.get_field(field).column)

    def lain(self, diisi: set[str], now) -> tuple[str, list]:
        """The other columns with their defaults (created_at and the like: `now`), so a
        field added to the model later does not break these inserts."""
        kolom, nilai = [], []
        for f in self.model._meta.concrete_fields:
            if f.primary_key or f.name in diisi:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                nilai.append(now)
            else:
                nilai.append(f.get_db_prep_save(f.get_default(), connection))
            kolom.append(_q(f.column))
        return "".join(f", {k}" for k in kolom), nilai


# ------------------------------------------------------------------ pass 1


class TampungPostgres:
    """Pass 1's sink on PostgreSQL: the rows into a TEMP table, a COPY every
    SALIN_SETIAP rows; the database check as one join at the end."""

    def __init__(self) -> None:
        self.antre: list[str] = []
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {TEMP}")
            cursor.execute(f"CREATE TEMP TABLE {TEMP} ({_KOLOM_TEMP})")

    def tambah(self, number, nik, kk, nama, alamat, kartu, lokasi, lahir, pertama) -> None:
        # nama and alamat had their whitespace folded to single spaces: only a
        # backslash can need escaping there. Only a family's first row gives its address.
        if "\\" in nama:
            nama = nama.replace("\\", "\\\\")
        if not pertama:
            alamat = ""
        elif "\\" in alamat:
            alamat = alamat.replace("\\", "\\\\")
        if not kartu.isalnum():  # card numbers are digits: the escape is rarely needed
            kartu = kartu.translate(_ESCAPE)
        tempat = TANPA_TEMPAT if lokasi is None else lokasi[2]
        self.antre.append(
            f"{number}\t{nik}\t{kk}\t{nama}\t{alamat}\t{kartu}\t{tempat}\t"
            f"{lahir[2]}\t{'t' if pertama else 'f'}\n"
        )

    def setor(self, p: Pemeriksaan, *, akhir: bool) -> None:
        if self.antre and (akhir or len(self.antre) >= SALIN_SETIAP):
            with (
                connection.cursor() as cursor,
                cursor.copy(f"COPY {TEMP} ({_KOLOM_SALIN}) FROM STDIN") as copy,
            ):
                copy.write("".join(self.antre))
            self.antre.clear()
        if not akhir:
            return
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {TEMP}")
            cursor.execute(_sql_keluarga_lain(batas=MASALAH_DISIMPAN))
            rows = cursor.fetchall()
        for _jumlah, number, nik, kk_lain in rows:
            p.catat_tersimpan(number, nik, kk_lain)
        if rows:  # the ones past the first thousand are only counted
            p.jumlah_masalah += rows[0][0] - len(rows)

    def tutup(self) -> None:
        self.antre.clear()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {TEMP}")


def _sql_keluarga_lain(*, batas: int) -> str:
    """The rows whose NIK the database has in another family (see pesan_keluarga_lain)."""
    a, k = _Tabel(AnggotaKeluarga), _Tabel(Keluarga)
    return f"""
        SELECT count(*) OVER (), t.baris, t.nik, k.{k.nomor_kk}
        FROM {TEMP} t
        JOIN {a} a ON a.{a.nik} = t.nik
        JOIN {k} k ON k.{k.id} = a.{a.keluarga}
        WHERE k.{k.nomor_kk} <> t.kk
        ORDER BY t.baris
        LIMIT {int(batas)}
    """  # noqa: S608  (names from the models, no values)


# ------------------------------------------------------------------ pass 2


def tulis_postgres(impor: ImporPenerima, *, baris_total: int) -> dict:
    """Write the rows pass 1 left in the TEMP table; to run inside the caller's transaction."""
    hasil = hasil_kosong()
    program_keluarga = impor.periode.program.sasaran == Sasaran.KELUARGA
    k, a, p = _Tabel(Keluarga), _Tabel(AnggotaKeluarga), _Tabel(Penerima)
    now = timezone.now()
    langkah = iter((0.1, 0.45, 0.6, 0.95))

    def maju() -> None:  # a few big statements: progress moves by step
        progres.catat(impor.pk, int(baris_total * next(langkah)))

    with connection.cursor() as cursor:
        # Foreign keys are checked statement by statement, so each step's share of
        # the time is its own (deferred, they would all run at the commit).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # The inserts sort up to a row per line of the file (a million: some 160 MB);
        # in memory rather than on disk, for this transaction only.
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(_sql_keluarga_lain(batas=1))
        berubah = cursor.fetchone()
        if berubah is not None:  # moved by someone else since pass 1
            _jumlah, number, nik, kk_lain = berubah
            raise BerubahSelamaImpor(number, pesan_keluarga_lain(nik, kk_lain))

        cursor.execute(
            f"""
            UPDATE {TEMP} t SET keluarga_ada = true
            FROM {k} k WHERE t.pertama AND k.{k.nomor_kk} = t.kk
            """  # noqa: S608
        )
        lain, nilai = k.lain({"nomor_kk", "rw", "rt", "alamat"}, now)
        cursor.execute(
            f"""
            INSERT INTO {k} ({k.nomor_kk}, {k.rw}, {k.rt}, {k.alamat}{lain})
            SELECT t.kk, t.rw_id, t.rt, t.alamat{", %s" * len(nilai)}
            FROM {TEMP} t
            WHERE t.pertama AND NOT t.keluarga_ada
            ORDER BY t.kk COLLATE "C"
            """,  # noqa: S608
            nilai,
        )
        hasil["keluarga_baru"] = cursor.rowcount
        maju()

        cursor.execute(
            f"UPDATE {TEMP} t SET anggota_ada = true FROM {a} a WHERE a.{a.nik} = t.nik"  # noqa: S608
        )
        diisi = {"keluarga", "nik", "nama", "hubungan", "jenis_kelamin", "tanggal_lahir"}
        lain, nilai = a.lain(diisi, now)
        cursor.execute(
            f"""
            INSERT INTO {a} ({a.keluarga}, {a.nik}, {a.nama}, {a.hubungan}, {a.jenis_kelamin},
                {a.tanggal_lahir}{lain})
            SELECT k.{k.id}, t.nik, t.nama, %s, t.jenis_kelamin, t.tanggal_lahir
                {", %s" * len(nilai)}
            FROM {TEMP} t JOIN {k} k ON k.{k.nomor_kk} = t.kk
            WHERE NOT t.anggota_ada
            ORDER BY t.nik COLLATE "C"
            """,  # noqa: S608
            [Hubungan.LAINNYA, *nilai],
        )
        hasil["anggota_baru"] = cursor.rowcount
        maju()

        # the recipient a row names: by family (family programs), by member (person ones)
        if program_keluarga:
            cocok, urut = f"p.{p.keluarga} = a.{a.keluarga} AND p.{p.anggota} IS NULL", "keluarga"
        else:
            cocok, urut = f"p.{p.anggota} = a.{a.id}", "id"
        # Fresh statistics for the period's rows: an import may have written a million
        # that autovacuum has not analysed yet, and a join planned for "a few rows"
        # (a nested loop) over a million takes hours. Inside this transaction: no lock
        # that stops anyone reading or writing.
        cursor.execute(f"ANALYZE {p}")
        # Which of the period's recipients each row names, first without writing them:
        # a row that names one as it is (the same file again, mostly) is left alone.
        cursor.execute(
            f"""
            UPDATE {TEMP} t SET penerima_id = p.{p.id}, terdaftar_id = a.{a.id}
            FROM {a} a JOIN {p} p ON {cocok}
            WHERE a.{a.nik} = t.nik AND p.{p.periode} = %s
            """,  # noqa: S608
            [impor.periode_id],
        )
        dinamai = cursor.rowcount
        cursor.execute(
            f"""
            UPDATE {p} p
            SET {p.nomor_kartu} = t.kartu, {p.terdaftar} = t.terdaftar_id, {p.impor} = %s,
                {p.aktif} = true
            FROM {TEMP} t
            WHERE p.{p.id} = t.penerima_id AND (p.{p.nomor_kartu} <> t.kartu
                OR p.{p.terdaftar} IS DISTINCT FROM t.terdaftar_id OR NOT p.{p.aktif})
            """,  # noqa: S608
            [impor.pk],
        )
        hasil["diperbarui"] = cursor.rowcount
        hasil["tetap"] = dinamai - cursor.rowcount
        maju()

        diisi = {"periode", "keluarga", "anggota", "terdaftar", "nomor_kartu", "impor", "aktif"}
        lain, nilai = p.lain(diisi, now)
        anggota = "NULL" if program_keluarga else f"a.{a.id}"
        cursor.execute(
            f"""
            INSERT INTO {p} ({p.periode}, {p.keluarga}, {p.anggota}, {p.terdaftar},
                {p.nomor_kartu}, {p.impor}, {p.aktif}{lain})
            SELECT %s, a.{a.keluarga}, {anggota}, a.{a.id}, t.kartu, %s, true{", %s" * len(nilai)}
            FROM {TEMP} t JOIN {a} a ON a.{a.nik} = t.nik
            WHERE t.penerima_id IS NULL
            ORDER BY a.{getattr(a, urut)}
            """,  # noqa: S608
            [impor.periode_id, impor.pk, *nilai],
        )
        hasil["penerima_baru"] = cursor.rowcount
        maju()
    # Left out: neither written by this import nor named as they are. NOT IN over the
    # TEMP table is planned as one hash of its ids (the work_mem above holds a
    # million): cheap, where a NOT IN planned without it would rescan per row.
    dinamai_tetap = RawSQL(  # noqa: S611  (a constant table name, no values)
        f"SELECT penerima_id FROM {TEMP} WHERE penerima_id IS NOT NULL",  # noqa: S608
        (),
    )
    tulis.keluarkan(
        Penerima.objects.filter(periode_id=impor.periode_id)
        .exclude(impor_id=impor.pk)
        .exclude(pk__in=dinamai_tetap),
        hasil,
    )
    return hasil
