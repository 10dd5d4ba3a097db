"""Panel: One approval queue for workers, groups, products and flagged reviews; the audit log."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("approvals", __name__, url_prefix="/approvals")
