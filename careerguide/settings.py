"""Settings for CareerGuide.

One module for every environment: behaviour is switched by environment variables with safe
defaults (see `.env.example`). Development is `DJANGO_DEBUG=true`; production sets
`DJANGO_SECRET_KEY`, `DJANGO_ALLOWED_HOSTS` and `DATABASE_URL`.
"""

import math
import os
from collections import Counter
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
# Where templates/, static/, fixtures/ and gunicorn.conf.py are: the top of a checkout, or, installed from
# the wheel, the copy the package carries (pyproject.toml maps them into `careerguide/site/`).
SITE_DIR = BASE_DIR if (BASE_DIR / "templates").is_dir() else Path(__file__).resolve().parent / "site"
# The guides `load_guides` loads.
GUIDE_FIXTURES_DIR = SITE_DIR / "fixtures"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable; refuse values that are not clearly yes or no."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false.")


def env_int(name: str, default: int) -> int:
    """Read an integer environment variable, with a clear error for anything else."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None


def env_float(name: str, default: float) -> float:
    """Read a positive number from an environment variable, with a clear error for anything else."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value < float("inf"):
        raise ImproperlyConfigured(f"{name}={raw!r} is not a positive number.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated environment variable into a list, dropping blanks."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

# The fallback key is only ever used with DEBUG on; a production process without
# DJANGO_SECRET_KEY refuses to start rather than sign sessions with a public key.
_DEV_ONLY_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or (_DEV_ONLY_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=true for local development).")


def estimated_entropy_bits(key: str) -> float:
    """A rough, conservative estimate of how many bits of guessing a key is worth: the Shannon entropy of its
    characters times the number of characters that are not a repeat (a 4-character run seen before counts
    once). `changeme` seven times is about 30 bits; `secrets.token_urlsafe(50)` about 350."""
    if not key:
        return 0.0
    counts = Counter(key)
    per_character = -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())
    fresh = len({key[i : i + 4] for i in range(max(len(key) - 3, 1))}) + min(3, len(key))
    return per_character * min(fresh, len(key))


# A short or guessable key lets anyone forge every session and password-reset link. Django's own deploy check
# (security.W009) asks for 50 characters and 5 distinct ones, which `changeme` seven times passes; so the
# key's estimated entropy is checked too.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_ENTROPY_BITS = 128
_key_bits = estimated_entropy_bits(SECRET_KEY)
if not DEBUG and (len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH or _key_bits < SECRET_KEY_MIN_ENTROPY_BITS):
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY is too weak ({len(SECRET_KEY)} characters, about {_key_bits:.0f} bits of entropy): "
        f"with debug off it needs at least {SECRET_KEY_MIN_LENGTH} characters and {SECRET_KEY_MIN_ENTROPY_BITS} "
        "bits, and a repeated word or pattern counts once. Make one with: "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Trigram lookups and search expressions on PostgreSQL; harmless on SQLite.
    "django.contrib.postgres",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    # Limits admin sign-in attempts per user name and per client address (AXES_* below).
    "axes",
    "roles",
    "salaries",
    # The project package itself, for its plumbing commands (backup_db, restore_db).
    "careerguide",
]
# Synthetic guides for benchmarks and scale tests (`manage.py generate_synthetic_data`): test data, so only
# when asked for. The test suite and benchmarks/bench.py set it; a production server never should.
if env_bool("CAREERGUIDE_SYNTHETIC", False):
    INSTALLED_APPS.append("benchmarks.synthetic")

MIDDLEWARE = [
    # First, so that its request line times everything and every log record carries the request id.
    "careerguide.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything can read a body: one over REQUEST_BODY_MAX_BYTES is a 413, unread.
    "careerguide.request_size.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # gzip for every answer below (careerguide.compression): above ConditionalGetMiddleware, so the ETag
    # is made from the identity body and only weakened here, as Django's documentation orders them.
    "careerguide.compression.CompressionMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # ETag on GET responses and 304 for a matching If-None-Match. Below CorsMiddleware so a
    # 304 still carries the CORS headers, above SessionMiddleware so it sees its cookies.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A cached public page for a client without a session cookie is answered here, before the session, CSRF,
    # authentication and message middleware below and the view (careerguide.cache); everything above applies.
    "careerguide.cache.EarlyHitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A file upload (a body over DATA_UPLOAD_MAX_MEMORY_SIZE) from anyone but signed-in staff: 413, unread.
    "careerguide.request_size.StaffUploadsOnlyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A database that cannot be reached is a 503 with Retry-After, not a 500 (careerguide.errors).
    "careerguide.errors.DatabaseUnavailableMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into its lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "careerguide.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "careerguide.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections in production (a new PostgreSQL connection per request nearly halves
        # throughput); none with debug on, where runserver starts a thread per request.
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 0 if DEBUG else 60),
        # A kept connection is checked before each request reuses it, so a database restart costs no 500s.
        conn_health_checks=True,
    )
}
# Seconds PostgreSQL gets to accept a connection; past it the request is a 503 (careerguide.errors) and
# /readyz reports the database unavailable, instead of a worker hanging until gunicorn kills it.
DATABASE_CONNECT_TIMEOUT = env_int("DJANGO_DB_CONNECT_TIMEOUT", 3)

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Search matches a title within this trigram word similarity (0.6 by default): "tecnical manger" is
    # 0.55 from "Technical Manager". Set per connection, so the `%>` operator and its index use it.
    # random_page_cost: PostgreSQL's default (4) prices a random page read for spinning disks. With it, at
    # 10,000 roles, search chose a parallel sequential scan that checks every stored tsvector (detoasting
    # each: 36,646 buffers, 262 ms for "manager") over the bitmap OR of its two GIN indexes (13,089
    # buffers, 110 ms on the same loaded machine); 1.1 is the usual figure for SSD storage.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c pg_trgm.word_similarity_threshold=0.4 -c random_page_cost={env_float('DJANGO_PG_RANDOM_PAGE_COST', 1.1)}"
    )
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = DATABASE_CONNECT_TIMEOUT
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two writers at once (two workers, two editors) must both succeed (tests/test_sqlite_writers.py):
    # - WAL: readers never block the writer, nor the writer them; `synchronous=NORMAL` is WAL's safe setting.
    # - IMMEDIATE: a transaction takes the write lock when it begins, where SQLite waits for it, instead of
    #   upgrading a read lock midway, where it answers "database is locked" at once.
    # - timeout: seconds a writer waits for the other's lock (under gunicorn's worker timeout).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("DJANGO_SQLITE_BUSY_TIMEOUT", 20),
    }

# django-axes consults the sign-in attempts it recorded before the model backend checks a password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [SITE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names let pages cache static files for a year; this needs
    # `collectstatic`, which the production start-up runs (tests swap in plain storage).
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The admin edits a whole guide in one form: every section's rows plus the hidden "add another" templates.
# The Technical Manager guide alone posts about 1,050 fields; Django's default cap is 1,000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Imports (guide text files and salary CSVs, in the admin and the commands) refuse a file past these bounds
# before it can hold a worker for minutes, with the file's name and line in the message.
GUIDE_IMPORT_MAX_BYTES = env_int("DJANGO_GUIDE_IMPORT_MAX_BYTES", 1024 * 1024)  # 1 MiB; a guide is about 40 kB
GUIDE_IMPORT_MAX_FILES = env_int("DJANGO_GUIDE_IMPORT_MAX_FILES", 20)  # per admin upload
SALARY_IMPORT_MAX_BYTES = env_int("DJANGO_SALARY_IMPORT_MAX_BYTES", 20 * 1024 * 1024)  # 100,000 rows: about 7 MiB
SALARY_IMPORT_MAX_ROWS = env_int("DJANGO_SALARY_IMPORT_MAX_ROWS", 200_000)
IMPORT_MAX_LINES = env_int("DJANGO_IMPORT_MAX_LINES", 250_000)
IMPORT_MAX_LINE_CHARS = env_int("DJANGO_IMPORT_MAX_LINE_CHARS", 20_000)
# Seconds between the admin's check of uploaded files and the confirmation that imports them.
IMPORT_CHECK_MAX_AGE = env_int("DJANGO_IMPORT_CHECK_MAX_AGE", 3600)
# The largest request body the site accepts, files included: the larger of the admin's guide upload and a
# salary CSV, plus 1 MiB for the form around them. Larger is a 413 before the body is read, from nginx
# (client_max_body_size, which scripts/serve-prod renders from this) and from careerguide.request_size.
REQUEST_BODY_MAX_BYTES = max(GUIDE_IMPORT_MAX_FILES * GUIDE_IMPORT_MAX_BYTES, SALARY_IMPORT_MAX_BYTES) + 1024 * 1024

# Security headers. HTTPS-only settings are switched on by DJANGO_SECURE_SSL (behind TLS).
SECURE_SSL = env_bool("DJANGO_SECURE_SSL", False)
SECURE_SSL_REDIRECT = SECURE_SSL
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_HSTS_SECONDS = 31_536_000 if SECURE_SSL else 0
# On by default behind TLS; a site whose subdomains are not all HTTPS, or which may not be on the browsers'
# preload list, switches them off.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", SECURE_SSL)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", SECURE_SSL)
# Load balancers probe health over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_SSL else None
# The site's own address: absolute links and canonical addresses in publicly cached answers are built from
# it, never from a request's Host (careerguide.site_url). Defaults to the first allowed host.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").rstrip("/") or (
    f"{'https' if SECURE_SSL else 'http'}://{ALLOWED_HOSTS[0].lstrip('.') if ALLOWED_HOSTS else 'localhost'}"
)
# The site's own name is always one it answers to.
if (_site_host := SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]) not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(_site_host)
if "*" in SITE_URL:
    raise ImproperlyConfigured(
        "Set DJANGO_SITE_URL (e.g. https://careerguide.example.org): the first allowed host is a wildcard."
    )
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Every page's assets are served from this host: nothing may load from anywhere else.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Public read-only API: any origin may GET; nothing else crosses origins.
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_URLS_REGEX = r"^/api/.*$"

# How many proxies in front of the site append to X-Forwarded-For; the client address (for the API
# throttle and the admin's sign-in limit) is the one the outermost of them saw. 0: the header is ignored,
# since any client can send it (careerguide.client_address).
TRUSTED_PROXIES = env_int("DJANGO_TRUSTED_PROXIES", 0)

REST_FRAMEWORK = {
    # Token first, so an anonymous write is told "401, send a token" rather than a bare 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["careerguide.api_policies.ModelPermissionsOrAnonReadOnly"],
    # The shared FilterSets carry search and ordering (validated, so a bad value is a 400);
    # DRF's own SearchFilter/OrderingFilter would silently ignore unknown values.
    "DEFAULT_FILTER_BACKENDS": ["careerguide.api_policies.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "careerguide.api_policies.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # DRF's, refusing JSON nested too deep to parse or walk (a 400, not a RecursionError).
    "DEFAULT_PARSER_CLASSES": ["careerguide.api_policies.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "careerguide.api_policies.FormatNegotiation",
    "EXCEPTION_HANDLER": "careerguide.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "careerguide.api.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["careerguide.api_policies.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("DJANGO_API_ANON_RATE", "120/minute")},
    "NUM_PROXIES": TRUSTED_PROXIES,
}

# How long clients and shared caches may reuse a successful API read (public data).
API_CACHE_SECONDS = env_int("DJANGO_API_CACHE_SECONDS", 300)

# The shared cache: pages and API reads (careerguide.cache), the API throttle's counters, the content
# version. Redis when REDIS_URL is set (several app servers share it); otherwise a file cache that the
# workers of one machine share. Never per-process memory, which workers could not see each other's
# changes or counts in.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Django's RedisCache, except that an unreachable Redis is a logged miss, not a 500: the site serves
    # uncached and /readyz says "degraded" (careerguide.redis_cache).
    CACHES = {
        "default": {
            "BACKEND": "careerguide.redis_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
        # The API throttle's counters, apart from page entries and counted per process while Redis is away
        # (careerguide.throttle_cache).
        "throttle": {
            "BACKEND": "careerguide.throttle_cache.ThrottleRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "throttle",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
else:
    _CACHE_DIR = os.environ.get("DJANGO_CACHE_DIR", str(BASE_DIR / ".cache" / "django"))
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": _CACHE_DIR},
        # Its own directory: culling the response cache's files never deletes a throttle counter.
        "throttle": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": f"{_CACHE_DIR}-throttle",
        },
    }
# How long an anonymous page or API read is served from the cache at most; 0 turns the cache off.
# Content changes make cached answers stale at once, whatever this says (careerguide.cache).
RESPONSE_CACHE_SECONDS = env_int("DJANGO_RESPONSE_CACHE_SECONDS", 300)
# How long a worker reuses the content version it read from the database (careerguide.content_version): a
# change made through another worker or app server is served within this many seconds.
CONTENT_VERSION_SECONDS = env_int("DJANGO_CONTENT_VERSION_SECONDS", 1)
# Bodies of cached answers each worker process also keeps in memory (careerguide.cache.local_entries).
# They are never stale (an entry never changes under its versioned key); this only bounds the memory.
RESPONSE_CACHE_LOCAL_MIB = env_int("DJANGO_RESPONSE_CACHE_LOCAL_MIB", 32)

SPECTACULAR_SETTINGS = {
    "TITLE": "CareerGuide API",
    "DESCRIPTION": "Structured career guides: roles, ladders, skills and salaries, each figure with its source.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "careerguide.api.document_array_parameters",
    ],
    "ENUM_NAME_OVERRIDES": {
        "RegionKindEnum": "salaries.models.Region.Kind",
        "SourceKindEnum": "salaries.models.Source.Kind",
    },
}

# django-axes: after AXES_FAILURE_LIMIT wrong passwords for one user name from one client address, or from
# one client address for any names, sign-in is refused there (429, templates/admin/lockout.html) until the
# cool-off has passed or `manage.py axes_reset` is run. A user name alone is not locked: anyone could then
# lock an editor out by sending five wrong passwords for their name. Attempts are kept in the database, so
# every worker counts them.
AXES_FAILURE_LIMIT = env_int("DJANGO_AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
# The same client address as the API throttle's (DJANGO_TRUSTED_PROXIES).
AXES_CLIENT_IP_CALLABLE = "careerguide.client_address.client_address"
# Failed attempts and lock-outs are still logged, with the user name and address; this only drops the
# banner every process (each command, each worker) would print at start-up.
AXES_VERBOSE = False

# Logs go to stderr, one JSON object per line with the request id (careerguide.request_log), for a log
# collector; DJANGO_LOG_FORMAT=text writes plain lines for a person at a terminal.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT={LOG_FORMAT!r} is not a log format; use json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "careerguide.request_log.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "careerguide.request_log.JSONFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # Django's default config gives "django" its own console handler; replacing it here keeps
    # each message from being printed twice (once there, once via the root logger).
    "loggers": {"django": {"handlers": [], "propagate": True}},
}
