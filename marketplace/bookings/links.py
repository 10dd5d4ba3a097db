"""Signed, expiring links that let a worker answer a booking without signing in."""

from __future__ import annotations

from flask import current_app

from marketplace.core.links import read_signed, signed_url

_SALT = "booking-answer"


def answer_url(booking_id: int, worker_id: int) -> str:
    return signed_url(_SALT, "/bookings/answer", {"b": booking_id, "w": worker_id})


def read_answer_token(token: str) -> tuple[int, int] | None:
    """(booking id, worker id), or None when forged, altered or expired."""
    data = read_signed(_SALT, token, max_age=current_app.config["BOOKING_LINK_MAX_AGE"],
                       keys=("b", "w"))
    return (int(data["b"]), int(data["w"])) if data is not None else None
