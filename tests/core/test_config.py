"""Configuration comes from the environment and refuses to start unsafely."""

from __future__ import annotations

import pytest

from marketplace.config import (
    ConfigError,
    DevelopmentConfig,
    ProductionConfig,
    config_from_environment,
)


@pytest.fixture
def env(monkeypatch, tmp_path):
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "MARKETPLACE_ENV",
                 "COMPRESS_RESPONSES", "ADDRESS_LIMITS", "TRUSTED_ADDRESSES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MARKETPLACE_INSTANCE_PATH", str(tmp_path))
    return monkeypatch


def test_production_refuses_to_start_without_a_secret_key(env):
    with pytest.raises(ConfigError, match="SECRET_KEY must be set"):
        ProductionConfig()
    env.setenv("SECRET_KEY", "short")
    with pytest.raises(ConfigError, match="at least 32 characters"):
        ProductionConfig()


def test_production_is_the_default_and_is_never_in_debug(env):
    env.setenv("SECRET_KEY", "k" * 40)
    config = config_from_environment()
    assert isinstance(config, ProductionConfig)
    assert config.DEBUG is False and config.SESSION_COOKIE_SECURE is True


def test_an_unknown_environment_name_is_a_clear_error(env):
    env.setenv("MARKETPLACE_ENV", "staging")
    with pytest.raises(ConfigError, match="MARKETPLACE_ENV must be one of"):
        config_from_environment()


def test_sqlite_in_the_instance_folder_by_default_and_postgres_urls_get_psycopg(env, tmp_path):
    env.setenv("SECRET_KEY", "k" * 40)
    assert ProductionConfig().SQLALCHEMY_DATABASE_URI == f"sqlite:///{tmp_path}/swarozgar.sqlite3"
    env.setenv("DATABASE_URL", "postgres://user:pw@db.internal/swarozgar")
    assert ProductionConfig().SQLALCHEMY_DATABASE_URI == (
        "postgresql+psycopg://user:pw@db.internal/swarozgar")


def test_redis_url_moves_cache_limits_and_jobs_to_redis(env):
    env.setenv("SECRET_KEY", "k" * 40)
    plain = ProductionConfig()
    assert (plain.RATELIMIT_STORAGE_URI, plain.OUTBOX_DISPATCH) == ("memory://", "inline")
    env.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    shared = ProductionConfig()
    assert shared.RATELIMIT_STORAGE_URI == "redis://127.0.0.1:6379/0"
    assert shared.CACHE_TYPE == "RedisCache" and shared.OUTBOX_DISPATCH == "rq"


def test_development_makes_and_keeps_its_own_secret_key(env, tmp_path):
    first = DevelopmentConfig().SECRET_KEY
    env.delenv("SECRET_KEY")
    assert DevelopmentConfig().SECRET_KEY == first
    assert len(first) >= 32 and (tmp_path / "dev-secret-key").exists()
    assert DevelopmentConfig().SESSION_COOKIE_SECURE is False


def test_request_size_is_limited(env):
    env.setenv("SECRET_KEY", "k" * 40)
    assert 0 < ProductionConfig().MAX_CONTENT_LENGTH <= 32 * 1024 * 1024


def test_behind_a_proxy_the_visitors_address_is_used(env):
    from marketplace import create_app
    from marketplace.config import TestingConfig

    env.setenv("PROXY_HOPS", "1")
    app = create_app(TestingConfig(database_url="sqlite://"))

    @app.route("/whoami")
    def whoami():
        from flask import request

        return request.remote_addr

    response = app.test_client().get("/whoami", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.get_data(as_text=True) == "203.0.113.9"


def test_the_app_compresses_unless_a_proxy_in_front_is_told_to(env):
    env.setenv("SECRET_KEY", "k" * 40)
    assert ProductionConfig().COMPRESS_REGISTER is True
    env.setenv("COMPRESS_RESPONSES", "0")
    assert ProductionConfig().COMPRESS_REGISTER is False


def test_the_address_ceiling_and_the_offices_own_addresses_come_from_the_environment(env):
    env.setenv("SECRET_KEY", "k" * 40)
    env.setenv("ADDRESS_LIMITS", "200 per 15 minutes")
    env.setenv("TRUSTED_ADDRESSES", "203.0.113.10 198.51.100.0/28")
    config = ProductionConfig()
    assert config.ADDRESS_LIMITS == "200 per 15 minutes"
    assert [str(network) for network in config.TRUSTED_ADDRESSES] == [
        "203.0.113.10/32", "198.51.100.0/28"]


@pytest.mark.parametrize(("name", "value", "words"), [
    ("ADDRESS_LIMITS", "lots", "ADDRESS_LIMITS must read like"),
    ("TRUSTED_ADDRESSES", "the office", "TRUSTED_ADDRESSES"),
    ("TRUSTED_ADDRESSES", "203.0.113.300", "TRUSTED_ADDRESSES")])
def test_a_mistyped_limit_or_address_stops_the_start_with_a_clear_error(env, name, value,
                                                                         words):
    env.setenv("SECRET_KEY", "k" * 40)
    env.setenv(name, value)
    with pytest.raises(ConfigError, match=words):
        ProductionConfig()
