from tests.pendataan.conftest import keluarga, tugas_di_proses_ini  # noqa: F401
