"""Élève 360 settings: one file, driven by the environment, failing loudly.

ELEVE360_ENV chooses the defaults: ``development`` (manage.py's default), ``test`` (pytest) or
``production`` (wsgi's default). Production refuses to start without DATABASE_URL, SECRET_KEY and
ENCRYPTION_KEYS. Every secret may be given as ``NAME_FILE`` (path to a file holding it).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ELEVE360_VAR_DIR", BASE_DIR / "var"))

# Under pytest (or mypy's Django plugin) the default is "test": no test run picks up production by accident.
ENV = os.environ.get("ELEVE360_ENV") or ("test" if {"pytest", "mypy"} & sys.modules.keys() else "production")
if ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"ELEVE360_ENV must be development, test or production, not {ENV!r}")
PRODUCTION = ENV == "production"

_TRUE = {"1", "true", "yes", "on", "oui", "vrai"}
_FALSE = {"0", "false", "no", "off", "non", "faux", ""}


def env(name: str, default: str = "") -> str:
    """A setting from the environment, or from the file named by NAME_FILE."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path} cannot be read: {exc}") from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true/false, 1/0, yes/no)")


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in env(name, default).split(",") if part.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from exc


def required(name: str, value: str) -> str:
    if PRODUCTION and not value:
        raise ImproperlyConfigured(f"{name} is required in production (or {name}_FILE)")
    return value


DEBUG = env_bool("DEBUG", ENV == "development")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG cannot be true in production")

SECRET_KEY = required("SECRET_KEY", env("SECRET_KEY")) or "insecure-development-key-" + ENV
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Encryption keys for confidential fields: "kid:base64key,kid2:base64key" (first one encrypts).
# Development reads/creates var/dev-encryption.key (see `manage.py ensure_dev_key`); never SECRET_KEY.
_DEV_KEY_FILE = VAR_DIR / "dev-encryption.key"
ENCRYPTION_KEYS = env("ENCRYPTION_KEYS")
if not ENCRYPTION_KEYS and ENV == "test":
    # b"eleve360-test-key-not-for-prod!!" — for the test suite only
    ENCRYPTION_KEYS = "test1:ZWxldmUzNjAtdGVzdC1rZXktbm90LWZvci1wcm9kISE="
if not ENCRYPTION_KEYS and ENV == "development" and _DEV_KEY_FILE.exists():
    ENCRYPTION_KEYS = _DEV_KEY_FILE.read_text(encoding="utf-8").strip()
required("ENCRYPTION_KEYS", ENCRYPTION_KEYS)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "auditlog",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.microsoft",
    "django_htmx",
    "django_tables2",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "csp",
    "huey.contrib.djhuey",
    "template_partials",
    "core",
    "students",
    "intake",
    "consents",
    "records",
    "plans",
    "documents",
    "scheduling",
    "earlywarning",
    "support",
    "insights",
    "privacy",
    "sis",
    "api",
    "demo",
    "security",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.request_memo.RequestMemoMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.middleware.RequireStaffTwoFactorMiddleware",
    "core.middleware.NoStoreMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "eleve360.urls"
WSGI_APPLICATION = "eleve360.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "core.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite embedded by default (development, tests); PostgreSQL with DATABASE_URL.
_default_db = f"sqlite:///{VAR_DIR / ('test.sqlite3' if ENV == 'test' else 'db.sqlite3')}"
DATABASE_URL = required("DATABASE_URL", env("DATABASE_URL")) or _default_db
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: local accounts by username, TOTP, Microsoft Entra ID when configured.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "core.auth.NoSignupAccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Élève 360"
MFA_ADAPTER = "core.auth.EncryptingMFAAdapter"
# Development only (allauth refuses it unless DEBUG): a fixed code so that demo visitors can sign in.
MFA_TOTP_INSECURE_BYPASS_CODE = env("DEMO_TOTP_CODE", "000000") if ENV == "development" and DEBUG else None
SOCIALACCOUNT_ADAPTER = "core.auth.EntraSocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_AUTO_SIGNUP = False
ENTRA_TENANT_ID = env("ENTRA_TENANT_ID")
ENTRA_CLIENT_ID = env("ENTRA_CLIENT_ID")
ENTRA_CLIENT_SECRET = env("ENTRA_CLIENT_SECRET")
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, object]] = {}
if ENTRA_TENANT_ID and ENTRA_CLIENT_ID:
    SOCIALACCOUNT_PROVIDERS["microsoft"] = {
        "TENANT": ENTRA_TENANT_ID,
        "APPS": [{"client_id": ENTRA_CLIENT_ID, "secret": ENTRA_CLIENT_SECRET, "settings": {}}],
    }

# Login throttling (django-axes): lock a username+IP after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"

# Internationalisation: French first, English second.
LANGUAGE_CODE = "fr-ca"
LANGUAGES = [("fr-ca", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Montreal"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Sessions and cookies: short, secure, not readable by scripts.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", PRODUCTION) else None
)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

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

# E-mail: console in development, locmem in tests, SMTP in production.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    {
        "development": "django.core.mail.backends.console.EmailBackend",
        "test": "django.core.mail.backends.locmem.EmailBackend",
        "production": "django.core.mail.backends.smtp.EmailBackend",
    }[ENV],
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Élève 360 <ne-pas-repondre@eleve360.localhost>")
PRIVACY_OFFICER_EMAILS = env_list("PRIVACY_OFFICER_EMAILS")
SITE_URL = env("SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000")

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TwoFactorTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env("API_RATE", "10000/hour")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Élève 360 API",
    "DESCRIPTION": (
        "API REST d'Élève 360 (élèves, écoles). Toutes les réponses passent par la couche de permissions."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

# Audit: django-auditlog; reads are logged as ACCESS entries by core.audit.
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# Break-the-glass access lasts this long before a new reason is needed.
BREAK_GLASS_HOURS = env_int("BREAK_GLASS_HOURS", 24)

# Consents: default validity when nobody chose an end date (days, "school_year" or "none"), and the
# largest scanned paper form accepted (bytes). See docs/consentements.md.
CONSENT_VALIDITY = env("CONSENT_VALIDITY", "365")
CONSENT_SCAN_MAX_BYTES = env_int("CONSENT_SCAN_MAX_BYTES", 10 * 1024 * 1024)

# Professional records (records app). Retention after the last service, in years, per profession
# (domain notes §4: "at least 5 years", to confirm per order): RECORD_RETENTION_YEARS is the default,
# RECORD_RETENTION_<PROFESSION> (e.g. RECORD_RETENTION_PSYCHOLOGIST) overrides it for one order.
RECORD_RETENTION_YEARS = env_int("RECORD_RETENTION_YEARS", 5)
RECORD_RETENTION_BY_PROFESSION = {
    name: env_int(f"RECORD_RETENTION_{name.upper()}", RECORD_RETENTION_YEARS)
    for name in (
        "psychologist",
        "speech_therapist",
        "psychoeducator",
        "guidance_counsellor",
        "remedial_teacher",
        "special_education",
        "social_worker",
        "nurse",
    )
}
# A psychologist's record is copied to a third party only this many days after the authorisation
# (C-26, r. 221), unless the emergency waiver is recorded.
RECORD_COPY_HOLD_DAYS = env_int("RECORD_COPY_HOLD_DAYS", 15)
RECORD_ATTACHMENT_MAX_BYTES = env_int("RECORD_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
# Plans d'intervention: parents are contacted at least monthly (Régime pédagogique, art. 29).
PLAN_PARENT_CONTACT_DAYS = env_int("PLAN_PARENT_CONTACT_DAYS", 30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING" if ENV == "test" else "INFO")},
}
AUDITLOG_MASK_CALLABLE = "core.audit.mask_all"

# Background jobs (Huey): Redis in production, a SQLite file for the demo (one consumer,
# `manage.py run_huey`), and in tests tasks run at once in the calling thread unless a test starts a
# real consumer on its own storage.
if ENV == "test":
    HUEY = {"huey_class": "huey.MemoryHuey", "name": "eleve360-test", "immediate": True}
elif REDIS_URL:
    HUEY = {"huey_class": "huey.RedisHuey", "name": "eleve360", "url": REDIS_URL, "immediate": False}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "eleve360",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": False,
    }

# Privacy officer's tools (privacy app, docs/vie-privee.md).
# Candidate incidents from the audit (`manage.py privacy scan`, also a Huey periodic task): one person
# reading PRIVACY_SCAN_DISTINCT_STUDENTS distinct students or more within PRIVACY_SCAN_WINDOW_MINUTES,
# refused PRIVACY_SCAN_DENIED times or more within the same window, or an export of
# PRIVACY_SCAN_LARGE_EXPORT_ROWS rows or more. The scan reads the last PRIVACY_SCAN_LOOKBACK_DAYS days.
PRIVACY_SCAN_WINDOW_MINUTES = env_int("PRIVACY_SCAN_WINDOW_MINUTES", 60)
PRIVACY_SCAN_DISTINCT_STUDENTS = env_int("PRIVACY_SCAN_DISTINCT_STUDENTS", 30)
PRIVACY_SCAN_DENIED = env_int("PRIVACY_SCAN_DENIED", 5)
PRIVACY_SCAN_LARGE_EXPORT_ROWS = env_int("PRIVACY_SCAN_LARGE_EXPORT_ROWS", 500)
PRIVACY_SCAN_LOOKBACK_DAYS = env_int("PRIVACY_SCAN_LOOKBACK_DAYS", 7)
PRIVACY_SCAN_EVERY_MINUTES = env_int("PRIVACY_SCAN_EVERY_MINUTES", 15)
# Access requests: the dashboard flags a request whose last day is this close.
PRIVACY_REQUEST_SOON_DAYS = env_int("PRIVACY_REQUEST_SOON_DAYS", 5)
# The retention schedule (calendrier de conservation) per kind of record: years after the event that starts
# the clock, and the schedule's item number. RETENTION_<KIND>_YEARS overrides a duration. Professional
# records keep their own rule (RECORD_RETENTION_* above: retention_until is computed at closing).
RETENTION_SCHEDULE = {
    kind: {
        "years": env_int(f"RETENTION_{kind.upper()}_YEARS", years),
        "code": env(f"RETENTION_{kind.upper()}_CODE", code),
    }
    for kind, years, code in (
        ("consent", 5, "CC-03-120"),
        ("consent_request", 1, "CC-03-121"),
        ("document", 7, "CC-03-200"),
        ("plan", 5, "CC-03-310"),
        ("service_request", 5, "CC-03-400"),
        ("access_request", 2, "CC-01-150"),
        ("audit_entry", 10, "CC-01-900"),
    )
}

# Appointments and telepractice (scheduling app, docs/rendez-vous.md).
# The centre's self-hosted Jitsi: each telepractice appointment gets its own unguessable room there.
# With JITSI_APP_ID and JITSI_APP_SECRET (the prosody token secret), the professional's link carries a
# signed token (JWT, HS256) that makes them moderator; without them the link is the bare room.
JITSI_BASE_URL = env("JITSI_BASE_URL", "https://visio.eleve360.localhost")
JITSI_APP_ID = env("JITSI_APP_ID")
JITSI_APP_SECRET = env("JITSI_APP_SECRET")
# The link is shown to the participants only from this many minutes before the start to this many after
# the end; an adult must be on site with a student younger than TELEPRACTICE_ADULT_UNDER_AGE.
TELEPRACTICE_LINK_BEFORE_MINUTES = env_int("TELEPRACTICE_LINK_BEFORE_MINUTES", 15)
TELEPRACTICE_LINK_AFTER_MINUTES = env_int("TELEPRACTICE_LINK_AFTER_MINUTES", 15)
TELEPRACTICE_ADULT_UNDER_AGE = env_int("TELEPRACTICE_ADULT_UNDER_AGE", 12)
# Online booking rules of the centre (hours before the start, days ahead).
BOOKING_MIN_NOTICE_HOURS = env_int("BOOKING_MIN_NOTICE_HOURS", 24)
BOOKING_HORIZON_DAYS = env_int("BOOKING_HORIZON_DAYS", 60)
BOOKING_CHANGE_DEADLINE_HOURS = env_int("BOOKING_CHANGE_DEADLINE_HOURS", 24)
BOOKING_LATE_CANCEL_HOURS = env_int("BOOKING_LATE_CANCEL_HOURS", 24)
# Travel between schools: straight line × road factor, at an average speed (percent and km/h).
TRAVEL_ROAD_FACTOR_PERCENT = env_int("TRAVEL_ROAD_FACTOR_PERCENT", 130)
TRAVEL_SPEED_KMH = env_int("TRAVEL_SPEED_KMH", 60)
# The reminder of the day before: the worker looks every hour, from this local hour on.
REMINDER_FROM_HOUR = env_int("REMINDER_FROM_HOUR", 8)
# Audit chain (security app, docs/securite.md): the key of the HMAC that seals each audit row. Without it the
# seals are plain SHA-256 (an edit is still caught, but someone who knows the code could recompute them).
AUDIT_CHAIN_KEY = env("AUDIT_CHAIN_KEY")
