"""Panel: admin settings: sub-divisions and places, staff and delivery accounts, categories."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("settings", __name__, url_prefix="/settings")
