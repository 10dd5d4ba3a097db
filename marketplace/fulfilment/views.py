"""The delivery person's phone pages: today's runs, mark each stop delivered or failed."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("fulfilment", __name__, url_prefix="/deliveries")
