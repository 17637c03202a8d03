"""The desil write on PostgreSQL: the matched rows COPYed into a TEMP table, then one
INSERT ... ON CONFLICT for the history and one UPDATE for the desil in force.

The same results as the ORM batches of tulis.py (the tests run on both): a ranking
already stored as it is is not written (the ON CONFLICT's WHERE), a changed one is
corrected, and only the families whose history changed are updated.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from pendataan.models import DesilKeluarga, ImporDesil, Keluarga

TEMP = "impor_desil_baris"


def postgres_siapkan() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TEMP}")
        cursor.execute(
            f"CREATE TEMP TABLE {TEMP} (keluarga_id bigint NOT NULL, desil smallint NOT NULL, "
            "berlaku_mulai date NOT NULL) ON COMMIT DROP"
        )


def postgres_tampung(cocok: list) -> None:
    """The batch's matched rows: (family id, BarisDesil)."""
    if not cocok:
        return
    teks = "".join(f"{k}\t{b.desil}\t{b.berlaku_mulai.isoformat()}\n" for k, b in cocok)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {TEMP} (keluarga_id, desil, berlaku_mulai) FROM STDIN") as copy,
    ):
        copy.write(teks)


def postgres_tulis(impor: ImporDesil, hasil: dict) -> int:
    """Write the history and the desil in force; returns the families changed."""
    d, k = DesilKeluarga._meta.db_table, Keluarga._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TEMP}")  # noqa: S608  (a constant name)
        dicocokkan = cursor.fetchone()[0]
        cursor.execute(f"ANALYZE {TEMP}")
        cursor.execute(f"DROP TABLE IF EXISTS {TEMP}_berubah")
        cursor.execute(f"CREATE TEMP TABLE {TEMP}_berubah (keluarga_id bigint) ON COMMIT DROP")
        cursor.execute(
            f"""
            WITH ditulis AS (
                INSERT INTO {d} AS d (keluarga_id, desil, berlaku_mulai, impor_id, created_at)
                SELECT t.keluarga_id, t.desil, t.berlaku_mulai, %s, %s
                FROM {TEMP} t ORDER BY t.keluarga_id
                ON CONFLICT (keluarga_id, berlaku_mulai)
                DO UPDATE SET desil = EXCLUDED.desil, impor_id = EXCLUDED.impor_id
                WHERE d.desil <> EXCLUDED.desil
                RETURNING d.keluarga_id, (xmax = 0) AS baru
            ),
            simpan AS (INSERT INTO {TEMP}_berubah SELECT keluarga_id FROM ditulis)
            SELECT count(*) FILTER (WHERE baru), count(*) FILTER (WHERE NOT baru) FROM ditulis
            """,  # noqa: S608  (table names from the models, values as parameters)
            [impor.pk, timezone.now()],
        )
        baru, diperbarui = cursor.fetchone()
        cursor.execute(f"ANALYZE {TEMP}_berubah")
        # each changed family's newest ranking, read backwards from the unique index
        # (keluarga, berlaku_mulai): a probe per family, not a sort of the whole history
        cursor.execute(
            f"""
            UPDATE {k} k SET desil = s.desil, desil_berlaku_mulai = s.berlaku_mulai
            FROM (
                SELECT b.keluarga_id, terbaru.desil, terbaru.berlaku_mulai
                FROM (SELECT DISTINCT keluarga_id FROM {TEMP}_berubah) b
                CROSS JOIN LATERAL (
                    SELECT d.desil, d.berlaku_mulai FROM {d} d
                    WHERE d.keluarga_id = b.keluarga_id
                    ORDER BY d.berlaku_mulai DESC LIMIT 1
                ) terbaru
            ) s
            WHERE k.id = s.keluarga_id
                AND (k.desil, k.desil_berlaku_mulai)
                    IS DISTINCT FROM (s.desil, s.berlaku_mulai)
            """  # noqa: S608
        )
        keluarga_diubah = cursor.rowcount
    hasil["baru"] += baru
    hasil["diperbarui"] += diperbarui
    hasil["tetap"] += dicocokkan - baru - diperbarui
    return keluarga_diubah
