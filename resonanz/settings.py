"""Django settings, read from the environment through typed readers (see ``environment.py``)."""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
import django_stubs_ext
from django.utils.translation import gettext_lazy as _

from resonanz.environment import (
    ConfigurationError,
    Environment,
    check_encryption_keys,
    check_public_keys,
    default_storage_backend,
    derived_audit_key,
    persisted_secret,
)

django_stubs_ext.monkeypatch()  # lets runtime code use ModelAdmin[Model] and QuerySet[Model]

BASE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BASE_DIR.parent
env = Environment.from_os()

try:
    DATA_DIR = env.directory("RESONANZ_DATA_DIR", PROJECT_ROOT / "data")
    DEBUG = env.boolean("RESONANZ_DEBUG", False)
    # Production means: served over HTTPS behind a proxy, secrets given explicitly.
    PRODUCTION = env.boolean("RESONANZ_PRODUCTION", False)
    TESTING = env.boolean("RESONANZ_TESTING", "pytest" in sys.modules)

    if PRODUCTION and not env.raw("SECRET_KEY"):
        raise ConfigurationError("SECRET_KEY: required when RESONANZ_PRODUCTION is on")
    SECRET_KEY = env.string("SECRET_KEY") or persisted_secret(DATA_DIR / "secret_key")
    if len(SECRET_KEY) < 50:
        raise ConfigurationError("SECRET_KEY: use at least 50 random characters")

    if PRODUCTION and not env.raw("RESONANZ_ENCRYPTION_KEY"):
        raise ConfigurationError("RESONANZ_ENCRYPTION_KEY: required when RESONANZ_PRODUCTION is on")
    RESONANZ_ENCRYPTION_KEYS = check_encryption_keys(
        "RESONANZ_ENCRYPTION_KEY",
        env.string("RESONANZ_ENCRYPTION_KEY") or persisted_secret(DATA_DIR / "encryption_key", "fernet"),
    )

    # The audit key signs checkpoints of the audit trail (resonanz.core.audit_keys); never in the database.
    # Without a key of its own, production derives one from the encryption key; the demo keeps one in the
    # data directory like its other keys.
    _audit_key = env.string("RESONANZ_AUDIT_KEY")
    if not _audit_key and env.string("RESONANZ_ENCRYPTION_KEY"):
        _audit_key = ",".join(derived_audit_key(key) for key in RESONANZ_ENCRYPTION_KEYS)
    RESONANZ_AUDIT_KEYS = check_encryption_keys(
        "RESONANZ_AUDIT_KEY", _audit_key or persisted_secret(DATA_DIR / "audit_key", "fernet")
    )
    # Public keys of retired audit keys, so that checkpoints they signed stay verifiable.
    RESONANZ_AUDIT_PUBLIC_KEYS = check_public_keys(
        "RESONANZ_AUDIT_PUBLIC_KEYS", env.string("RESONANZ_AUDIT_PUBLIC_KEYS")
    )

    ALLOWED_HOSTS = env.string_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
    CSRF_TRUSTED_ORIGINS = env.string_list("CSRF_TRUSTED_ORIGINS", [])
    # Reverse proxies whose X-Forwarded-For is believed (addresses or networks), by the tracked-link
    # redirect and the request limits alike (``core.client_address``); a request from any other address
    # is taken to come from that address, whatever header it sends.
    TRUSTED_PROXIES = env.string_list("RESONANZ_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
    for _proxy in TRUSTED_PROXIES:
        try:
            ipaddress.ip_network(_proxy, strict=False)
        except ValueError:
            raise ConfigurationError(
                f"RESONANZ_TRUSTED_PROXIES: not an address or network: {_proxy!r}"
            ) from None

    DATABASE_URL = env.url(
        "DATABASE_URL",
        {"sqlite", "postgres", "postgresql", "pgsql"},
        default=f"sqlite:///{DATA_DIR / 'resonanz.sqlite3'}",
    )
    REDIS_URL = env.url("REDIS_URL", {"redis", "rediss", "unix"})
    TIME_ZONE = env.time_zone("RESONANZ_TIME_ZONE", "Europe/Berlin")
    SITE_URL = env.url("RESONANZ_SITE_URL", {"http", "https"}, default="http://127.0.0.1:8000").rstrip("/")
    # Where tracked links' short addresses point (a short domain that serves /r/<code>); the site by default.
    SHORT_URL = env.url("RESONANZ_SHORT_URL", {"http", "https"}, default=SITE_URL).rstrip("/")

    EMAIL_URL = env.url("EMAIL_URL", {"smtp", "smtps", "console", "file"}, default="console://")
    DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "resonanz <resonanz@localhost>")
    LOGIN_FAILURE_LIMIT = env.integer("RESONANZ_LOGIN_FAILURE_LIMIT", 5, minimum=1, maximum=100)
    LOGIN_LOCKOUT_MINUTES = env.integer("RESONANZ_LOGIN_LOCKOUT_MINUTES", 15, minimum=1, maximum=10080)
    # Raw click events of tracked links are deleted after this many days; the daily rollups stay.
    CLICK_RETENTION_DAYS = env.integer("RESONANZ_CLICK_RETENTION_DAYS", 90, minimum=1, maximum=3660)
    # Mentions of the shitstorm early warning (monitoring) are deleted after this many days.
    MENTION_RETENTION_DAYS = env.integer("RESONANZ_MENTION_RETENTION_DAYS", 90, minimum=29, maximum=3660)
    # Read here, inside the try, so a bad value ends in the one-line message below, not a traceback.
    _EMAIL_USE_TLS = env.boolean("EMAIL_USE_TLS", True)
    _SSL_REDIRECT = env.boolean("RESONANZ_SSL_REDIRECT", True)
    _HSTS_SECONDS = env.integer("RESONANZ_HSTS_SECONDS", 31536000, maximum=2 * 31536000)
    _HSTS_PRELOAD = env.boolean("RESONANZ_HSTS_PRELOAD", True)
    _DEFAULT_STORAGE = default_storage_backend(env, DATA_DIR)
    # The OAuth apps resonanz is registered as at LinkedIn and X (Mastodon registers per instance itself).
    # Without a client id the page says the operator has not set the network up.
    RESONANZ_LINKEDIN_CLIENT_ID = env.string("RESONANZ_LINKEDIN_CLIENT_ID")
    RESONANZ_LINKEDIN_CLIENT_SECRET = env.string("RESONANZ_LINKEDIN_CLIENT_SECRET")
    RESONANZ_LINKEDIN_OAUTH_BASE = env.url(
        "RESONANZ_LINKEDIN_OAUTH_BASE", {"https"}, "https://www.linkedin.com"
    )
    RESONANZ_LINKEDIN_API_BASE = env.url("RESONANZ_LINKEDIN_API_BASE", {"https"}, "https://api.linkedin.com")
    RESONANZ_X_CLIENT_ID = env.string("RESONANZ_X_CLIENT_ID")
    RESONANZ_X_CLIENT_SECRET = env.string("RESONANZ_X_CLIENT_SECRET")
    RESONANZ_X_AUTHORIZE_URL = env.url(
        "RESONANZ_X_AUTHORIZE_URL", {"https"}, "https://x.com/i/oauth2/authorize"
    )
    RESONANZ_X_API_BASE = env.url("RESONANZ_X_API_BASE", {"https"}, "https://api.x.com")
    # LinkedIn's API version (YYYYMM): versions retire about a year after release, so it lives here once and
    # resonanz.publishing.connectors.linkedin tells how many days are left.
    RESONANZ_LINKEDIN_VERSION = env.string("RESONANZ_LINKEDIN_VERSION", "202611")
    if not (
        len(RESONANZ_LINKEDIN_VERSION) == 6
        and RESONANZ_LINKEDIN_VERSION.isascii()
        and RESONANZ_LINKEDIN_VERSION.isdigit()
        and 1 <= int(RESONANZ_LINKEDIN_VERSION[4:]) <= 12
    ):
        raise ConfigurationError("RESONANZ_LINKEDIN_VERSION: expected a month as YYYYMM, e.g. 202611")
    # Webhooks to private, loopback or link-local addresses (SSRF): refused unless this is on (tests, bench).
    RESONANZ_WEBHOOK_ALLOW_PRIVATE = env.boolean("RESONANZ_WEBHOOK_ALLOW_PRIVATE", False)
    # Delivery worker: a post more than this many hours past its due time is not sent any more, and a
    # row left "sending" this many minutes (a dead worker) is resolved by asking the network.
    RESONANZ_PUBLISHING_LATE_AFTER_HOURS = env.integer(
        "RESONANZ_PUBLISHING_LATE_AFTER_HOURS", 24, minimum=1, maximum=720
    )
    RESONANZ_PUBLISHING_STALE_MINUTES = env.integer(
        "RESONANZ_PUBLISHING_STALE_MINUTES", 10, minimum=1, maximum=1440
    )
    _LOG_LEVEL = env.choice("RESONANZ_LOG_LEVEL", ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"], "INFO")
except ConfigurationError as error:
    sys.stderr.write(f"resonanz: configuration error: {error}\n")
    raise SystemExit(2) from None

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "bootstrap",
    "fontawesomefree",
    "huey.contrib.djhuey",
    "ninja",
    "resonanz.core",
    "resonanz.consent",
    "resonanz.documents",
    "resonanz.plan",
    "resonanz.people",
    "resonanz.competence",
    "resonanz.events",
    "resonanz.buddy",
    "resonanz.content",
    "resonanz.publishing",
    "resonanz.links",
    "resonanz.advocacy",
    "resonanz.reach",
    "resonanz.digests",
    "resonanz.objectives",
    "resonanz.risks",
    "resonanz.monitoring",
    "resonanz.quality",
    "resonanz.standards",
    "resonanz.audits",
    "resonanz.reviews",
]

MIDDLEWARE = [
    "resonanz.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "resonanz.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "resonanz.core.middleware.RequestLimitsMiddleware",  # before anything reads the body
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "resonanz.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "resonanz.urls"
WSGI_APPLICATION = "resonanz.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "resonanz.core.context.navigation",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE transactions take the write lock at BEGIN, so two writers queue behind the busy
        # timeout instead of failing with "database is locked" halfway through.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA temp_store=MEMORY;"
            "PRAGMA mmap_size=134217728;"
            "PRAGMA cache_size=-20000;"
        ),
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "resonanz_cache",
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.db"

if TESTING and not REDIS_URL:
    HUEY = {"huey_class": "huey.MemoryHuey", "immediate": True, "name": "resonanz-test"}
elif TESTING:
    # Jobs run at once in tests, but results and locks go through the real Redis.
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "resonanz-test",
        "url": REDIS_URL,
        "immediate": True,
        "immediate_use_memory": False,
    }
elif REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "resonanz",
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "resonanz",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": False,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }

AUTH_PASSWORD_VALIDATORS = [
    {
        # Our user has no username/first_name/last_name, which Django compares by default.
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "resonanz_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    # Uploads, imports and kept exports: the data directory, or a bucket (RESONANZ_STORAGE_URL).
    "default": _DEFAULT_STORAGE,
    "staticfiles": {
        # Production serves hashed, compressed files made by `resonanz collectstatic`; the demo and the
        # tests serve straight from the installed packages, so starting needs no collect step.
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
# Without autorefresh WhiteNoise indexes every file the finders know (10,000, mostly icons) whenever a
# handler starts: seconds per test client. Tests look files up on request instead.
WHITENOISE_AUTOREFRESH = TESTING or DEBUG

if EMAIL_URL.startswith("console"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
elif EMAIL_URL.startswith("file:"):
    # One file per sent batch in this directory (the demo's default: its mails do not mix with the
    # logins it prints).
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = unquote(urlsplit(EMAIL_URL).path)
else:
    _mail = urlsplit(EMAIL_URL)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or (465 if _mail.scheme == "smtps" else 587)
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_SSL = _mail.scheme == "smtps"
    EMAIL_USE_TLS = _mail.scheme == "smtp" and _EMAIL_USE_TLS

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_FAILURE_VIEW = "resonanz.core.views.errors.csrf_failure"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _SSL_REDIRECT
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = _HSTS_SECONDS
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = _HSTS_PRELOAD
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": _LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # The Huey consumer installs its own handler; passing records up too would print them twice.
        "huey": {"level": "INFO", "propagate": False},
        # httpx logs every request with its full URL at INFO: a line per delivery, and webhook URLs
        # (Slack, Teams) carry their secret in the path.
        "httpx": {"level": "WARNING"},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
