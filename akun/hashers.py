from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2SekaliPakaiHasher(Argon2PasswordHasher):
    """Argon2 with light parameters, for one-time passwords only.

    A one-time password is random (about 50 bits), must be changed at the first
    login, and is made by the hundred when a placement is applied: full-cost
    Argon2 for 733 of them would take minutes. At the first login Django sees
    these parameters are weaker than the default hasher's and re-hashes; the
    officer then sets their own password, hashed with the default.
    """

    algorithm = "argon2_sekali_pakai"
    time_cost = 1
    memory_cost = 4096  # KiB
    parallelism = 1
