"""Wire the cart into an app: a visitor's cart joins the account's cart at sign-in."""

from __future__ import annotations

from flask import Flask, session
from flask_login import user_logged_in

from marketplace.cart.services import merge_visitor_cart
from marketplace.extensions import db

SESSION_KEY = "cart_token"


def _merge_at_sign_in(_app, user, **_extra) -> None:
    token = session.pop(SESSION_KEY, None)
    if token:
        merge_visitor_cart(token, user.id)
        # Sign-in has committed its own work already; this is the cart's own transaction.
        db.session.commit()


def init_app(app: Flask) -> None:
    user_logged_in.connect(_merge_at_sign_in)
