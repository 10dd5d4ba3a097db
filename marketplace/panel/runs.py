"""Panel: Delivery runs: pick lists, runs by area, run sheets, outcomes and cash reconciliation."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("runs", __name__, url_prefix="/runs")
