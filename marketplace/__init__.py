"""Swarozgar: a sub-division's marketplace for local workers and self-help group products."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from marketplace.config import PROJECT_ROOT, BaseConfig, config_from_environment


def create_app(config: BaseConfig | None = None) -> Flask:
    """Build the app: config → extensions → blueprints → errors → templates → CLI."""
    config = config or config_from_environment()
    app = Flask(
        __name__,
        instance_path=config.INSTANCE_PATH,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_object(config)
    if app.config["PROXY_HOPS"]:
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    register_extensions(app)
    from marketplace.core.urls import IdConverter

    app.url_map.converters["int"] = IdConverter
    register_blueprints(app)

    from marketplace.core.errors import register_error_handlers
    from marketplace.core.input import register_input_guard
    from marketplace.core.security import register_security_headers
    from marketplace.core.templating import register_template_helpers

    register_error_handlers(app)
    register_input_guard(app)
    register_security_headers(app)
    register_template_helpers(app)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    from marketplace import models  # noqa: F401 - every model known to SQLAlchemy and Alembic
    from marketplace.accounts import auth
    from marketplace.bookings import wiring as bookings
    from marketplace.cart import wiring as cart
    from marketplace.core.db import tune_sqlite
    from marketplace.core.i18n import select_locale
    from marketplace.extensions import babel, cache, csrf, db, limiter, migrate
    from marketplace.notify import wiring as outbox
    from marketplace.orders import wiring as orders

    db.init_app(app)
    with app.app_context():
        tune_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    cache.init_app(app)
    limiter.init_app(app)
    auth.init_app(app)
    outbox.init_app(app)
    cart.init_app(app)
    bookings.init_app(app)
    orders.init_app(app)


def register_blueprints(app: Flask) -> None:
    from marketplace.accounts.views import bp as accounts_bp
    from marketplace.bookings.views import bp as bookings_bp
    from marketplace.cart.views import bp as cart_bp
    from marketplace.catalogue.views import bp as catalogue_bp
    from marketplace.fulfilment.views import bp as fulfilment_bp
    from marketplace.main.views import bp as main_bp
    from marketplace.media.views import bp as media_bp
    from marketplace.orders.views import bp as orders_bp
    from marketplace.orders.views import checkout_bp
    from marketplace.panel.views import bp as panel_bp
    from marketplace.payments.views import bp as payments_bp
    from marketplace.payouts.views import bp as payouts_bp
    from marketplace.shg.views import bp as shg_bp
    from marketplace.workers import (  # noqa: F401 - they add routes to workers.bp
        assisted_views,
        importing_views,
    )
    from marketplace.workers.views import bp as workers_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(media_bp)
    app.register_blueprint(workers_bp)
    app.register_blueprint(bookings_bp)
    app.register_blueprint(payments_bp)
    app.register_blueprint(shg_bp)
    app.register_blueprint(catalogue_bp)
    app.register_blueprint(cart_bp)
    app.register_blueprint(checkout_bp)
    app.register_blueprint(orders_bp)
    app.register_blueprint(fulfilment_bp)
    app.register_blueprint(payouts_bp)
    app.register_blueprint(panel_bp)


def register_cli(app: Flask) -> None:
    """Every `flask …` command of the app, from each domain's list (one way, one place)."""
    from marketplace.accounts import cli as accounts
    from marketplace.cart import cli as cart
    from marketplace.core import personal_data
    from marketplace.demo import cli as demo
    from marketplace.notify import cli as outbox
    from marketplace.orders import cli as orders

    for module in (accounts, cart, demo, orders, outbox, personal_data):
        for command in module.COMMANDS:
            app.cli.add_command(command)
