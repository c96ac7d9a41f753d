"""Production mode (DEBUG off) refuses to start without a secret key and allowed hosts, and
passes Django's checks once they are set. Each case runs in a fresh Python process, since the
settings are read at import."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR
SECRET = "a-production-secret-key-that-is-long-and-random-enough-1234567890-AbCdEf"  # noqa: S105


# Set by the test run itself (the browser tests' conftest sets the last one), not by a deployment.
NOT_INHERITED = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_HTTPS",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def environment(**values: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    env["DJANGO_SETTINGS_MODULE"] = "ponte.settings"
    env.update(values)
    return env


def run(args: list[str], **values: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and project
        [sys.executable, *args],
        cwd=ROOT,
        env=environment(**values),
        capture_output=True,
        text=True,
        timeout=60,
    )


IMPORT_SETTINGS = ["-c", "import ponte.settings"]


def test_debug_is_the_default_for_local_development():
    result = run(["-c", "import ponte.settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT)"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True False"


def test_production_refuses_to_start_without_a_secret_key():
    result = run(IMPORT_SETTINGS, DEBUG="0", ALLOWED_HOSTS="ponte.example")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run(IMPORT_SETTINGS, DEBUG="0", SECRET_KEY=SECRET)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize("debug", ["0", "false", "off", "no"])
def test_every_way_of_turning_debug_off_is_understood(debug):
    result = run(IMPORT_SETTINGS, DEBUG=debug)
    assert "SECRET_KEY" in result.stderr


def test_production_passes_the_checks_once_configured():
    result = run(
        ["manage.py", "check"], DEBUG="0", SECRET_KEY=SECRET, ALLOWED_HOSTS="ponte.example"
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_passes_the_deployment_checks():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="0",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="ponte.example",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_redis_url_puts_the_cache_and_the_sessions_in_redis():
    script = (
        "import django; django.setup();"
        "from django.conf import settings; from django.core.cache import caches;"
        "cache = caches['default']; cache._cache._pool_class;"  # needs the redis library
        "print(type(cache).__name__, settings.SESSION_ENGINE)"
    )
    result = run(["-c", script], REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["RedisCache", "django.contrib.sessions.backends.cache"]


def test_database_url_switches_to_postgresql():
    script = "import ponte.settings as s; print(s.DATABASES['default']['ENGINE'])"
    result = run(["-c", script], DATABASE_URL="postgres://ponte@db.example:5432/ponte")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


# Security (issue 8) ---------------------------------------------------------------------------

PRODUCTION = {"DEBUG": "0", "ALLOWED_HOSTS": "ponte.example"}


def test_production_passes_the_deployment_checks_with_a_random_secret_and_no_warning():
    import secrets

    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=secrets.token_urlsafe(64),
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_production_hardens_cookies_transport_and_sign_in():
    script = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, s.X_FRAME_OPTIONS,"
        " s.SECURE_REFERRER_POLICY, s.PONTE_2FA_REQUIRED, s.AXES_FAILURE_LIMIT,"
        " int(s.AXES_COOLOFF_TIME.total_seconds()), s.AUTHENTICATION_BACKENDS[0],"
        " 'csp.middleware.CSPMiddleware' in s.MIDDLEWARE,"
        " 'ponte.network.two_factor.middleware.TwoFactorMiddleware' in s.MIDDLEWARE,"
        " s.MIDDLEWARE[-1])"
    )
    result = run(["-c", script], SECRET_KEY=SECRET, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "True",
        "True",
        "DENY",
        "same-origin",
        "True",
        "5",
        "900",
        "ponte.core.security.throttling.PonteAxesBackend",
        "True",
        "True",
        "axes.middleware.AxesMiddleware",
    ]


def test_the_demo_exemption_from_the_second_factor_never_works_in_production():
    script = (
        "import django; django.setup();"
        "from ponte.network.two_factor import is_demo_exempt;"
        "from ponte.network.models import User;"
        "print(is_demo_exempt(User(username='operatore.oltre')))"
    )
    production = run(["-c", script], SECRET_KEY=SECRET, PONTE_2FA_DEMO_EXEMPT="1", **PRODUCTION)
    assert production.returncode == 0, production.stderr
    assert production.stdout.strip() == "False"
    debug = run(["-c", script], DEBUG="1", PONTE_2FA_DEMO_EXEMPT="1")
    assert debug.stdout.strip() == "True", debug.stderr


def test_uploads_are_limited_in_size_and_count():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES <= 20
