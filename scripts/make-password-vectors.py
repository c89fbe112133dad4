#!/usr/bin/env python3
"""Writes test/fixtures/django-password-vectors.json: passwords hashed by Django 4.2's own hashers.

The console checks `auth_user.password` itself (src-main/core/auth/), so its tests need hashes that
Django made, not hashes the console made. CI needs no Django: it reads the committed JSON. Re-run this
script only to add vectors:

    apt-get install -y python3-argon2 python3-bcrypt
    apt-get install -y -t bookworm-backports python3-django   # Debian 12's own python3-django is 3.2 (no scrypt)
    python3 scripts/make-password-vectors.py

Every default hasher of Django 4.2 (PASSWORD_HASHERS) and every legacy one it still verifies when listed
(sha1, md5, unsalted_sha1, unsalted_md5, crypt, plain bcrypt) is used once with its default cost and
again with a small cost (subclasses of Django's hashers, as a settings.py would define them), on ASCII,
non-ASCII, empty and over-long (> 72 bytes, bcrypt's limit) passwords. Each vector is checked with
Django's check_password before it is written, as is a wrong password against it.
"""
import json
import os
import sys
import warnings

import django
from django.conf import settings

if django.VERSION[:2] < (4, 2):
    sys.exit(f"Django 4.2 is needed (found {django.get_version()}); see this script's docstring")

warnings.simplefilter("ignore")  # crypt and the unsalted hashers are deprecated, which is the point

settings.configure(
    PASSWORD_HASHERS=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
        "django.contrib.auth.hashers.ScryptPasswordHasher",
        "django.contrib.auth.hashers.BCryptPasswordHasher",
        "django.contrib.auth.hashers.SHA1PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.UnsaltedSHA1PasswordHasher",
        "django.contrib.auth.hashers.UnsaltedMD5PasswordHasher",
        "django.contrib.auth.hashers.CryptPasswordHasher",
    ]
)

from django.contrib.auth import hashers as h  # noqa: E402 (needs the settings above)


class CheapPBKDF2(h.PBKDF2PasswordHasher):
    iterations = 1000


class CheapPBKDF2SHA1(h.PBKDF2SHA1PasswordHasher):
    iterations = 1000


class CheapArgon2(h.Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 1024
    parallelism = 2


class CheapBCryptSHA256(h.BCryptSHA256PasswordHasher):
    rounds = 4


class CheapBCrypt(h.BCryptPasswordHasher):
    rounds = 4


class CheapScrypt(h.ScryptPasswordHasher):
    work_factor = 2**10
    block_size = 4
    parallelism = 2


PASSWORDS = [
    "correct horse battery staple",
    "Pässwörd ünïcode 日本語 🙂",
    "",
    "x" * 70 + "-then more than seventy-two bytes, which plain bcrypt ignores",
]

# (hasher, passwords): the default cost once (it is what a forum holds), the small cost for the rest.
PLAN = [
    (h.PBKDF2PasswordHasher(), PASSWORDS[:1]),
    (CheapPBKDF2(), PASSWORDS[1:]),
    (h.PBKDF2SHA1PasswordHasher(), PASSWORDS[:1]),
    (CheapPBKDF2SHA1(), PASSWORDS[1:]),
    (h.Argon2PasswordHasher(), PASSWORDS[:1]),
    (CheapArgon2(), PASSWORDS[1:]),
    (h.BCryptSHA256PasswordHasher(), PASSWORDS[:1]),
    (CheapBCryptSHA256(), PASSWORDS[1:]),
    (h.ScryptPasswordHasher(), PASSWORDS[:1]),
    (CheapScrypt(), PASSWORDS[1:]),
    (CheapBCrypt(), PASSWORDS),
    (h.SHA1PasswordHasher(), PASSWORDS),
    (h.MD5PasswordHasher(), PASSWORDS),
    (h.UnsaltedSHA1PasswordHasher(), PASSWORDS),
    (h.UnsaltedMD5PasswordHasher(), PASSWORDS),
    (h.CryptPasswordHasher(), PASSWORDS[:2]),
]


def checked(algorithm, password, encoded, hasher):
    # check_password finds the hasher from the encoded value; the cheap subclasses share their parent's
    # algorithm name, so the hasher that made the value verifies it too.
    if not (h.check_password(password, encoded) or hasher.verify(password, encoded)):
        sys.exit(f"Django does not verify its own {algorithm} hash")
    wrong = "!" + password  # changed at the start: plain bcrypt ignores what follows byte 72
    if hasher.verify(wrong, encoded):
        sys.exit(f"Django verifies a wrong password against {algorithm}")
    return {"algorithm": algorithm, "password": password, "encoded": encoded, "wrong": wrong}


vectors = []
for hasher, passwords in PLAN:
    for password in passwords:
        encoded = hasher.encode(password, hasher.salt())
        vectors.append(checked(hasher.algorithm, password, encoded, hasher))
        if hasher.algorithm == "unsalted_md5":
            # Ancient Django also wrote unsalted MD5 as md5$$<hex>, which check_password still accepts.
            vectors.append(checked(hasher.algorithm, password, "md5$$" + encoded, hasher))

unusable = [h.make_password(None) for _ in range(2)]
if any(h.is_password_usable(u) or h.check_password("", u) for u in unusable):
    sys.exit("Django treats an unusable password as usable")

out = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "django-password-vectors.json")
with open(out, "w", encoding="utf-8") as f:
    json.dump(
        {
            "generator": "scripts/make-password-vectors.py",
            "django": django.get_version(),
            "vectors": vectors,
            "unusable": unusable,
        },
        f,
        ensure_ascii=False,
        indent=1,
    )
    f.write("\n")
print(f"{len(vectors)} vectors from Django {django.get_version()} -> {os.path.normpath(out)}")
