"""Test settings: the real settings with a test secret key and plain static storage."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")

from mltportal.settings import *  # noqa: E402,F403

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
FACET_CACHE_SECONDS = 0  # tests change data between requests
PAGE_CACHE_SECONDS = 0  # the same; core/tests/test_pagecache.py turns it on
# The test client and live server speak plain HTTP; tests that check the HTTPS redirect
# turn it back on.
SECURE_SSL_REDIRECT = False
