"""Signed, expiring links that let a worker answer a booking without signing in."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

_SALT = "booking-answer"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def answer_token(booking_id: int, worker_id: int) -> str:
    return _serializer().dumps({"b": booking_id, "w": worker_id})


def answer_url(booking_id: int, worker_id: int) -> str:
    base = current_app.config["PUBLIC_BASE_URL"]
    return f"{base}/bookings/answer/{answer_token(booking_id, worker_id)}"


def read_answer_token(token: str) -> tuple[int, int] | None:
    """(booking id, worker id), or None when forged, altered or expired."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["BOOKING_LINK_MAX_AGE"])
    except BadSignature:
        return None
    if not isinstance(data, dict) or not {"b", "w"} <= set(data):
        return None
    return int(data["b"]), int(data["w"])
