"""Settings read from the environment, one class per way of running the app."""

from __future__ import annotations

import hashlib
import os
import secrets
from datetime import timedelta
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path

from limits import parse_many

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The environment does not describe a runnable app (raised at start-up)."""


def _instance_path() -> Path:
    return Path(os.environ.get("MARKETPLACE_INSTANCE_PATH", PROJECT_ROOT / "instance"))


def _database_url(default_sqlite: Path) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{default_sqlite}"
    # Hosting panels hand out postgres:// URLs; SQLAlchemy wants the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class BaseConfig:
    ENV_NAME = "production"
    DEBUG = False
    TESTING = False

    INSTANCE_PATH = ""
    SQLALCHEMY_DATABASE_URI = ""
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # A pooled connection unused this long is pinged before use (core/connections.py).
    DATABASE_PING_AFTER_IDLE_SECONDS: float = 10
    REDIS_URL: str | None = None

    # A phone's worth of photos per form, never a whole disk.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 16 * 1024 * 1024))
    MAX_FORM_MEMORY_SIZE = 500 * 1024
    MAX_FORM_PARTS = 200

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    # __Host-: browsers keep it only if Secure, for Path=/ and without Domain, so neither a
    # sibling subdomain nor a plain-http page can plant or overwrite the session cookie.
    SESSION_COOKIE_NAME = "__Host-swarozgar_session"
    SESSION_COOKIE_PATH = "/"
    SESSION_COOKIE_DOMAIN = None
    PERMANENT_SESSION_LIFETIME = timedelta(days=14)
    # Re-send the cookie only when the session changes, so cacheable responses carry none.
    SESSION_REFRESH_EACH_REQUEST = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    WTF_CSRF_TIME_LIMIT = 8 * 3600
    BABEL_DEFAULT_LOCALE = "hi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Kolkata"
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "marketplace" / "translations")
    LANGUAGES = ("hi", "en")

    # werkzeug's default (scrypt); tests swap in a fast one.
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - an algorithm name
    ONE_TIME_CODE_TTL = timedelta(minutes=10)
    ONE_TIME_CODE_MAX_TRIES = 5

    # Flask-Compress, for what the app renders (static files come compressed ahead of time):
    # the text types only; brotli for browsers that take it, gzip for the rest. Streamed
    # downloads (CSV) are left alone.
    COMPRESS_MIMETYPES = ("text/html", "text/css", "image/svg+xml", "text/javascript",
                          "application/javascript", "application/json")
    COMPRESS_ALGORITHM = ("br", "gzip")
    COMPRESS_STREAMS = False

    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STRATEGY = "moving-window"
    SIGNIN_LIMITS = "5 per 15 minutes"
    CODE_REQUEST_LIMITS = "3 per 15 minutes; 10 per day"
    CODE_CHECK_LIMITS = "10 per 15 minutes"
    ADDRESS_LIMITS = "30 per 15 minutes"

    # A failing message is retried with a growing wait capped at OUTBOX_BACKOFF_CAP (so it
    # goes out within a minute of the gateway's recovery, with `flask outbox deliver --watch`
    # running every 10 s) for OUTBOX_GIVE_UP_AFTER; then it waits on the dead-letter list.
    OUTBOX_BACKOFF_CAP = timedelta(seconds=30)
    OUTBOX_GIVE_UP_AFTER = timedelta(hours=24)

    def __init__(self) -> None:
        env = os.environ
        self.INSTANCE_PATH = str(_instance_path())
        instance = Path(self.INSTANCE_PATH)
        self.SQLALCHEMY_DATABASE_URI = _database_url(instance / "swarozgar.sqlite3")
        self.SECRET_KEY = env.get("SECRET_KEY", "").strip()
        self.REDIS_URL = env.get("REDIS_URL", "").strip() or None
        # Messaging: "log" records what would be sent; "http" posts to a gateway.
        self.MESSAGE_CHANNEL = env.get("MESSAGE_CHANNEL", "log")
        self.MESSAGE_HTTP_URL = env.get("MESSAGE_HTTP_URL", "")
        self.MESSAGE_HTTP_TOKEN = env.get("MESSAGE_HTTP_TOKEN", "")
        self.MESSAGE_HTTP_TIMEOUT = float(env.get("MESSAGE_HTTP_TIMEOUT", "10"))
        self.MEDIA_ROOT = env.get("MEDIA_ROOT") or str(instance / "uploads")
        # Static files under hashed names with their .gz/.br, built at start-up (nginx may
        # serve this folder itself).
        self.STATIC_ROOT = env.get("STATIC_ROOT") or str(instance / "static")
        # Behind a proxy that compresses (nginx `gzip on`), COMPRESS_RESPONSES=0 leaves it to
        # the proxy and saves the app ~0.5 ms per page.
        self.COMPRESS_REGISTER = env.get("COMPRESS_RESPONSES", "1").strip() != "0"
        self.MEDIA_MAX_BYTES = int(env.get("MEDIA_MAX_BYTES", 8 * 1024 * 1024))
        # Pillow only warns up to ~179 MP; a phone photo is 12-50 MP, a poster 40+.
        self.MEDIA_MAX_PIXELS = int(env.get("MEDIA_MAX_PIXELS", 40_000_000))
        # Links in SMS/WhatsApp messages point here (no request is around when jobs send them).
        self.PUBLIC_BASE_URL = env.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000").rstrip("/")
        self.BOOKING_LINK_MAX_AGE = int(env.get("BOOKING_LINK_MAX_AGE", 3 * 24 * 3600))
        # Stripe Checkout is offered only when both keys are set; cash always works.
        self.STRIPE_SECRET_KEY = env.get("STRIPE_SECRET_KEY", "")
        self.STRIPE_WEBHOOK_SECRET = env.get("STRIPE_WEBHOOK_SECRET", "")
        self.STRIPE_API_BASE = env.get("STRIPE_API_BASE", "")
        # Seconds to wait for Stripe's answer before the library retries (same idempotency key).
        self.STRIPE_TIMEOUT_SECONDS = float(env.get("STRIPE_TIMEOUT_SECONDS", "20"))
        # Origins a form may lead to besides ours: after "Place the order" the server redirects
        # to Stripe's hosted page, and browsers hold that redirect to the CSP's form-action.
        self.FORM_ACTION_ORIGINS = tuple(
            env.get("FORM_ACTION_ORIGINS", "https://checkout.stripe.com").split())
        # The WhatsApp assistant (Cloud API). Without the app secret the webhook answers
        # deliveries 404 (the assistant is off, as Stripe's webhook without its keys), and
        # without the verify token it answers Meta's handshake 404: nothing is recorded.
        self.WHATSAPP_APP_SECRET = env.get("WHATSAPP_APP_SECRET", "").strip()
        self.WHATSAPP_VERIFY_TOKEN = env.get("WHATSAPP_VERIFY_TOKEN", "").strip()
        self.WHATSAPP_ACCESS_TOKEN = env.get("WHATSAPP_ACCESS_TOKEN", "").strip()
        # Where replies are posted; tests point it at a fake of their own.
        self.WHATSAPP_GRAPH_URL = env.get(
            "WHATSAPP_GRAPH_URL", "https://graph.facebook.com/v21.0").strip().rstrip("/")
        # What residents wrote to the assistant, and its replies, are deleted after this many
        # days by `flask chat purge` (cron).
        self.CHAT_TRANSCRIPT_DAYS = int(env.get("CHAT_TRANSCRIPT_DAYS", "30"))
        # Visitors who are not signed in get whole pages from the cache for this long.
        self.PAGE_CACHE_SECONDS = int(env.get("PAGE_CACHE_SECONDS", "60"))
        # Behind nginx the client address comes from X-Forwarded-For; rate limits need it.
        self.PROXY_HOPS = int(env.get("PROXY_HOPS", "0"))
        # A whole office or camp signs people up from one address: the address ceiling can be
        # raised, or the office's own addresses (CIDR, space-separated) left out of it. The
        # per-number limits hold everywhere.
        self.ADDRESS_LIMITS = env.get("ADDRESS_LIMITS", self.ADDRESS_LIMITS).strip()
        self.TRUSTED_ADDRESSES = _networks(env.get("TRUSTED_ADDRESSES", ""))
        self.use_redis(self.REDIS_URL)
        self.check()

    def use_redis(self, url: str | None) -> None:
        """Shared state (cache, rate limits, jobs) lives in Redis when there is one."""
        self.REDIS_URL = url
        self.CACHE_TYPE = "RedisCache" if url else "SimpleCache"
        self.CACHE_REDIS_URL = url
        self.RATELIMIT_STORAGE_URI = url or "memory://"
        # "inline" delivers right after commit in this process; "rq" hands ids to RQ workers.
        self.OUTBOX_DISPATCH = "rq" if url else "inline"
        # The other sizes of an uploaded photo: made after commit here, or by RQ workers.
        self.MEDIA_DERIVE = "rq" if url else "inline"

    def check(self) -> None:
        try:
            parse_many(self.ADDRESS_LIMITS)
        except ValueError:
            raise ConfigError("ADDRESS_LIMITS must read like '30 per 15 minutes' or "
                              "'100 per hour; 500 per day'") from None
        if len(self.SECRET_KEY) < 32:
            raise ConfigError(
                "SECRET_KEY must be set to a random string of at least 32 characters "
                "outside development, e.g. SECRET_KEY=$(python3 -c 'import secrets; "
                "print(secrets.token_hex(32))')"
            )


class ProductionConfig(BaseConfig):
    pass


class DevelopmentConfig(BaseConfig):
    ENV_NAME = "development"
    DEBUG = True
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "swarozgar_session"  # plain http: a __Host- cookie would be refused
    REMEMBER_COOKIE_SECURE = False
    PREFERRED_URL_SCHEME = "http"

    def __init__(self) -> None:
        if not os.environ.get("SECRET_KEY"):
            os.environ["SECRET_KEY"] = _development_secret(_instance_path())
        super().__init__()
        # The assistant is on in development, so that "try the assistant" works out of the
        # box; its webhook takes only deliveries signed with this machine's own secret.
        if not self.WHATSAPP_APP_SECRET:
            self.WHATSAPP_APP_SECRET = hashlib.sha256(
                b"whatsapp-app-secret:" + self.SECRET_KEY.encode()).hexdigest()


class TestingConfig(BaseConfig):
    __test__ = False  # a config, not a pytest test class
    ENV_NAME = "testing"
    TESTING = True
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "swarozgar_session"  # plain http, as in development
    REMEMBER_COOKIE_SECURE = False
    PREFERRED_URL_SCHEME = "http"
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105 - fast hashing for tests
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}

    def __init__(self, database_url: str | None = None, redis_url: str | None = None) -> None:
        super().__init__()
        self.SECRET_KEY = "test-secret-" + "x" * 32
        self.MESSAGE_CHANNEL = "log"
        # The assistant is off unless a test switches it on (never a developer's real keys).
        self.WHATSAPP_APP_SECRET = self.WHATSAPP_VERIFY_TOKEN = ""
        self.WHATSAPP_ACCESS_TOKEN = ""
        self.WHATSAPP_GRAPH_URL = "http://127.0.0.1:9/graph"
        self.use_redis(redis_url)
        self.PAGE_CACHE_SECONDS = 0  # tests see fresh pages; the cache has its own test
        # Tests watch delivery happen; RQ delivery has its own test.
        self.OUTBOX_DISPATCH = "inline"
        self.MEDIA_DERIVE = "inline"
        # Never a MEDIA_ROOT from the environment: tests write photos under their own instance.
        self.MEDIA_ROOT = str(Path(self.INSTANCE_PATH) / "test-uploads")
        self.STATIC_ROOT = str(Path(self.INSTANCE_PATH) / "static")
        if database_url:
            self.SQLALCHEMY_DATABASE_URI = database_url

    def check(self) -> None:
        pass


def _development_secret(instance: Path) -> str:
    """A random key kept in instance/ so that development sessions survive restarts."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "dev-secret-key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


CONFIGS = {
    "production": ProductionConfig,
    "development": DevelopmentConfig,
    "testing": TestingConfig,
}


def _networks(text: str) -> tuple[IPv4Network | IPv6Network, ...]:
    try:
        return tuple(ip_network(item, strict=False) for item in text.split())
    except ValueError as error:
        raise ConfigError(f"TRUSTED_ADDRESSES: {error} (write addresses or networks such as "
                          "203.0.113.10 or 203.0.113.0/28, separated by spaces)") from None


def config_from_environment() -> BaseConfig:
    name = os.environ.get("MARKETPLACE_ENV", "production").strip().lower()
    if name not in CONFIGS:
        raise ConfigError(f"MARKETPLACE_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    return CONFIGS[name]()
