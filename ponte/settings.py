"""Ponte settings.

Everything comes from the environment (see `.env.example`). With no environment at all Ponte runs
in debug mode on a SQLite file under `var/`, which is what `make run` and the tests rely on.
Production mode (DEBUG off) refuses to start without a secret key and allowed hosts.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PONTE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "auditlog",
    "ponte.core",
    "ponte.network",
    "ponte.openings",
    "ponte.pathways",
    "ponte.matching",
    "ponte.marketplace",
    "ponte.projects",
    "ponte.governance",
    "ponte.reports",
    "ponte.api",
    "django_tasks",
    "django_tasks_db",
    # Security (issue 8): the second factor and login throttling.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "ponte.core.security.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ponte.core.middleware.ItalianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ponte.network.middleware.ActiveMembershipMiddleware",
    # After ActiveMembershipMiddleware, whose request.memberships it reads (no query of its own).
    "ponte.network.two_factor.middleware.TwoFactorMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # After auditlog's and the network's: changes record the organisation the user acts for.
    "ponte.core.audit.AuditOrganisationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Inside the sign-in and the second factor: it sees the page's own 404 or 403.
    "ponte.network.middleware.NotificationTargetMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ponte.urls"
WSGI_APPLICATION = "ponte.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ponte.core.context_processors.ponte",
                "ponte.network.context_processors.district",
            ],
        },
    },
]

# Database: a SQLite file by default, PostgreSQL (production) through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ponte.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections are kept like PostgreSQL's: opening one (and its pragmas) costs about 1 ms a
    # request, and the first write on a new connection more.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "network.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username and address before any password is checked.
    "ponte.core.security.throttling.PonteAxesBackend",
    "ponte.network.backends.PonteModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "network:dashboard"
LOGOUT_REDIRECT_URL = "network:home"

# The demo district's accounts share this password; it is refused whenever DEBUG is off.
DEMO_PASSWORD = "demo"  # noqa: S105

# Languages: Italian first. Ladin (Fassan, ISO 639-3 "lld") is not known to Django, so it is
# registered here; its date and number formats follow Italian ones (ponte/formats/lld).
LANG_INFO["lld"] = {
    "bidi": False,
    "code": "lld",
    "name": "Ladin",
    "name_local": "Ladin",
}
LANGUAGE_CODE = "it"
LANGUAGES = [
    ("it", _("Italiano")),
    ("en", _("English")),
    ("lld", _("Ladin")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["ponte.formats"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

# Mail: printed on the console in debug, SMTP otherwise.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Ponte <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Cache and sessions: Redis when REDIS_URL is set (several processes), local memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Security. Cookies are secure, HSTS is on and HTTP is redirected whenever DEBUG is off, unless a
# deployment behind plain HTTP (e.g. the local benchmark) turns it off explicitly.
SECURE_HTTPS = env_bool("SECURE_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS
SECURE_HSTS_SECONDS = 31536000 if SECURE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Content-Security-Policy (django-csp 4): everything from Ponte's own origin, no inline script or
# style anywhere (templates carry no <script> body, on* handler or style attribute; a test greps
# them). style-src stays 'self' too: the charts that vl-convert renders are SVG with
# presentation attributes (fill="…"), not style attributes, and Bootstrap Italia's scripts set
# styles through the CSSOM, which CSP allows. htmx's own indicator <style> is turned off in the
# base template. QR codes and chart images are data: URIs, hence img-src data:.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
# Browser features Ponte never uses (ponte.core.security.headers).
PONTE_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Uploads: bodies without files up to 2.5 MB, files kept in memory up to 2.5 MB (then written to
# a temporary file), at most 20 files a request. Each file field also checks its own size and
# type (marketplace photos, imports); the web server limits the whole body (docs/operations.md).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_PERMISSIONS = 0o640

# Second factor (ponte.network.two_factor): required for the roles that see identity and
# for staff. PONTE_2FA_DEMO_EXEMPT spares the demo accounts, and only in debug mode.
PONTE_2FA_REQUIRED = env_bool("PONTE_2FA_REQUIRED", True)
PONTE_2FA_DEMO_EXEMPT = env_bool("PONTE_2FA_DEMO_EXEMPT", False)
OTP_TOTP_ISSUER = os.environ.get("PONTE_2FA_ISSUER", "Ponte")
# The Django admin never shows a device's secret (nor its QR code).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Login throttling (django-axes): 5 failures for the same username from the same address lock
# that pair for 15 minutes; a successful sign-in resets the count. Attempts are kept in the
# database; no access log of successful sign-ins (IP addresses are personal data).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_CALLABLE = "ponte.core.security.throttling.lockout_response"
AXES_CLIENT_STR_CALLABLE = "ponte.core.security.throttling.client_str"
AXES_VERBOSE = False  # no start-up banner; log lines name the username only (client_str)
# Behind reverse proxies that set X-Forwarded-For, how many there are in front of Ponte (the lock
# then uses the address the outermost one saw; 0: REMOTE_ADDR).
PONTE_PROXY_COUNT = int(os.environ.get("PONTE_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "ponte.core.security.throttling.client_ip"

# Background work (Django's task API, through the django-tasks backport): run at once in the
# request by default; production sets TASKS_BACKEND=database and runs `make worker`.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Never DEBUG, whatever LOG_LEVEL says: at DEBUG it prints every SQL statement with its
        # parameters, i.e. personal data (docs/privacy.md, "No personal data in logs").
        "django.db.backends": {"level": "INFO", "propagate": True},
        # Lockouts (WARNING) only; each successful sign-in is not worth a line.
        "axes": {"level": "WARNING"},
    },
}

# The district's own identity: another district runs Ponte with its own data and these values.
PONTE_DISTRICT_CODE = os.environ.get("PONTE_DISTRICT_CODE", "FF")
# The address of this instance, for the links in notification emails.
PONTE_BASE_URL = os.environ.get("PONTE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Retention per record class, in years (docs/privacy.md, "Rights and retention";
# docs/operations.md): `manage.py retention --apply`, run daily, anonymises or deletes what is
# older.
PONTE_RETENTION = {
    # People whose pathway closed: anonymised this many years after the closing day.
    "closed_pathways": int(os.environ.get("PONTE_RETENTION_CLOSED_PATHWAYS_YEARS", "10")),
    # People whose referral was declined: anonymised this many years after the decision.
    "declined_referrals": int(os.environ.get("PONTE_RETENTION_DECLINED_REFERRALS_YEARS", "2")),
    # Diary notes: deleted this many years after they were written.
    "diary": int(os.environ.get("PONTE_RETENTION_DIARY_YEARS", "5")),
    # Reads of identity in the audit trail: deleted after this many years (changes are kept).
    "access_log": int(os.environ.get("PONTE_RETENTION_ACCESS_LOG_YEARS", "2")),
}

FORM_RENDERER = "ponte.core.forms.PonteFormRenderer"
