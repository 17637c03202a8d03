"""The read log is append-only: the database itself refuses an UPDATE of a row (rows are
only inserted, and deleted by the retention task). SQLite and PostgreSQL alike."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER audit_logbaca_tanpa_ubah BEFORE UPDATE ON audit_logbaca
    BEGIN SELECT RAISE(ABORT, 'log baca hanya boleh ditambah'); END""",
]
SQLITE_BALIK = ["DROP TRIGGER IF EXISTS audit_logbaca_tanpa_ubah"]
POSTGRES = [
    """CREATE FUNCTION audit_logbaca_tanpa_ubah() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'log baca hanya boleh ditambah'; END $$""",
    """CREATE TRIGGER audit_logbaca_tanpa_ubah BEFORE UPDATE ON audit_logbaca
    FOR EACH ROW EXECUTE FUNCTION audit_logbaca_tanpa_ubah()""",
]
POSTGRES_BALIK = [
    "DROP TRIGGER IF EXISTS audit_logbaca_tanpa_ubah ON audit_logbaca",
    "DROP FUNCTION IF EXISTS audit_logbaca_tanpa_ubah()",
]


def pasang(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for sql in POSTGRES if postgres else SQLITE:
        schema_editor.execute(sql, params=None)


def lepas(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for sql in POSTGRES_BALIK if postgres else SQLITE_BALIK:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_awal")]

    operations = [migrations.RunPython(pasang, lepas)]
