"""Signed, expiring links that a message carries to someone who answers without signing in
(a worker a booking, a worker their consent, a woman a group's invitation). Each kind signs
with its own salt, so one kind's token never opens another kind's page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def signed_url(salt: str, path: str, data: dict[str, Any]) -> str:
    """The public address `path`/<token of `data`> (PUBLIC_BASE_URL: jobs send messages
    outside any request)."""
    return f"{current_app.config['PUBLIC_BASE_URL']}{path}/{_serializer(salt).dumps(data)}"


def read_signed(salt: str, token: str, *, max_age: int,
                keys: Iterable[str]) -> dict[str, Any] | None:
    """What a link of ours carried, with every one of `keys`; None when the token is forged,
    altered, expired or of another shape."""
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except BadSignature:
        return None
    return data if isinstance(data, dict) and set(keys) <= set(data) else None
