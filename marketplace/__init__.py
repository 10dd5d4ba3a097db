"""Swarozgar: a sub-division's marketplace for local workers and self-help group products."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from marketplace.config import PROJECT_ROOT, BaseConfig, config_from_environment


def create_app(config: BaseConfig | None = None) -> Flask:
    """Build the app: config → extensions → static files → blueprints → listeners → errors →
    templates → CLI."""
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
    from marketplace.core import assets
    from marketplace.core.urls import IdConverter

    assets.init_app(app)

    app.url_map.converters["int"] = IdConverter
    from marketplace.places import tenant

    tenant.init_app(app)
    register_blueprints(app)
    register_listeners(app)

    from marketplace.core.caching import register_page_cache
    from marketplace.core.connections import register_reads_outside_transaction
    from marketplace.core.errors import register_error_handlers
    from marketplace.core.fragments import register_kept_fragments
    from marketplace.core.input import register_input_guard
    from marketplace.core.security import register_security_headers
    from marketplace.core.templating import register_template_helpers

    register_error_handlers(app)
    register_input_guard(app)
    register_security_headers(app)
    register_template_helpers(app)
    register_page_cache(app)
    register_reads_outside_transaction(app)  # after the page cache's: first of all hooks
    register_kept_fragments(app, link_key=tenant.link_code)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    from marketplace import models  # noqa: F401 - every model known to SQLAlchemy and Alembic
    from marketplace.accounts import auth
    from marketplace.chat import outbound as whatsapp_outbound
    from marketplace.core import sessions
    from marketplace.core.connections import PING_AFTER_IDLE, ping_when_idle
    from marketplace.core.db import tune_sqlite
    from marketplace.core.i18n import select_locale
    from marketplace.extensions import babel, cache, compress, csrf, db, limiter, migrate
    from marketplace.media import jobs as media_jobs
    from marketplace.notify import wiring as outbox

    # First, so that its after_request runs last: it compresses the finished body (after the
    # CSRF token is put in its slot and the headers are set).
    compress.init_app(app)
    sessions.init_app(app)
    db.init_app(app)
    with app.app_context():
        tune_sqlite(db.engine)
        ping_when_idle(db.engine, app.config[PING_AFTER_IDLE])
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    cache.init_app(app)
    limiter.init_app(app)
    auth.init_app(app)
    outbox.init_app(app)
    whatsapp_outbound.init_app(app)
    media_jobs.init_app(app)


def register_blueprints(app: Flask) -> None:
    from marketplace.accounts.views import bp as accounts_bp
    from marketplace.bookings.views import bp as bookings_bp
    from marketplace.cart.views import bp as cart_bp
    from marketplace.catalogue.views import bp as catalogue_bp
    from marketplace.chat.views import bp as chat_bp
    from marketplace.drives.views import bp as drives_bp
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
    app.register_blueprint(drives_bp)
    app.register_blueprint(payouts_bp)
    app.register_blueprint(panel_bp)
    app.register_blueprint(chat_bp)


def register_listeners(app: Flask) -> None:
    """Every hook (core.hooks) through which a lower layer asks or tells a higher one (it may
    not import it; tests/test_architecture.py holds the layers), connected here and nowhere
    else, so that who depends on whom reads from these imports:

    - payments → orders, bookings: in a Stripe webhook's transaction, payments asks whether
      what a payment is for still takes money (`on_acceptance`; money refused is refunded),
      and tells them when a payment is paid, failed, refunded or disputed (`on_settlement`).
    - orders → fulfilment: before staff mark an order delivered or failed by hand, orders
      asks whether a courier out on a run carries it and has yet to mark it (`on_carrying`).
    - workers → bookings: before a worker's profile is erased, bookings cancels its live
      bookings and tells the residents (`on_withdrawal`).
    - workers → drives: a list checked at a drive's camp is imported only while the camp
      takes registrations (`on_camp_import`).
    - catalogue → payouts: a group's own products page shows what the group is owed
      (`group_figures`).
    - orders → payouts: an order being placed asks the commission in force, which each
      group's part keeps (`commission_in_force`).
    - Flask-Login → cart: at sign-in a visitor's cart joins the account's (cart.wiring).
    - orders, payments → reports: when an order is placed or changes status, and when an
      order's payment is refunded, the orders report's rollup counts it anew in the same
      transaction (`on_change`, `on_settlement`).
    - the ORM → core/freshness: a write to a row that public pages show (a listing approved
      or changed, a profile edited, a product restocked, a place or a kind renamed) drops
      every cached page and reference copy, in every process (`watch`).
    """
    from marketplace.bookings.services import (
        booking_takes_money,
        cancel_bookings_of_leaving_worker,
    )
    from marketplace.bookings.services import on_payment_settled as booking_payment_settled
    from marketplace.cart import wiring as cart
    from marketplace.catalogue.models import Product, ProductCategory, ProductPhoto
    from marketplace.catalogue.queries import group_figures
    from marketplace.core import freshness
    from marketplace.drives.services import check_camp_import
    from marketplace.fulfilment.queries import is_on_a_run_out
    from marketplace.orders.checkout import commission_in_force
    from marketplace.orders.services import on_carrying, order_takes_money
    from marketplace.orders.services import on_payment_settled as order_payment_settled
    from marketplace.orders.workflow import on_change
    from marketplace.payments.services import on_acceptance, on_settlement
    from marketplace.payouts.queries import get_commission_bp, group_page_figures
    from marketplace.places.models import Block, Panchayat, SubDivision, Village
    from marketplace.reports import rollup
    from marketplace.shg.models import SelfHelpGroup, SHGMember
    from marketplace.workers.importing import on_camp_import
    from marketplace.workers.models import (
        CategorySynonym,
        NeighbourListing,
        RateCard,
        Review,
        WorkerCategory,
        WorkerProfile,
    )
    from marketplace.workers.services import on_withdrawal

    on_acceptance.connect(booking_takes_money)
    on_settlement.connect(booking_payment_settled)
    on_acceptance.connect(order_takes_money)
    on_settlement.connect(order_payment_settled)
    on_withdrawal.connect(cancel_bookings_of_leaving_worker)
    on_carrying.connect(is_on_a_run_out)
    on_change.connect(rollup.order_changed)
    on_settlement.connect(rollup.payment_settled)
    group_figures.connect(group_page_figures)
    commission_in_force.connect(get_commission_bp)
    on_camp_import.connect(check_camp_import)
    cart.init_app(app)
    freshness.watch(SubDivision, Block, Panchayat, Village, WorkerCategory, CategorySynonym,
                    RateCard, WorkerProfile, Review, ProductCategory, Product, ProductPhoto,
                    SelfHelpGroup, SHGMember, NeighbourListing)


def register_cli(app: Flask) -> None:
    """Every `flask …` command of the app, from each domain's list (one way, one place)."""
    from marketplace.accounts import cli as accounts
    from marketplace.cart import cli as cart
    from marketplace.chat import cli as chat
    from marketplace.core import assets, personal_data
    from marketplace.demo import cli as demo
    from marketplace.media import cli as media
    from marketplace.notify import cli as outbox
    from marketplace.orders import cli as orders
    from marketplace.reports import cli as reports

    for module in (accounts, assets, cart, chat, demo, media, orders, outbox, personal_data,
                   reports):
        for command in module.COMMANDS:
            app.cli.add_command(command)
