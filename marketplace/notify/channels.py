"""The one adapter that talks to SMS/WhatsApp: a log channel and an HTTP gateway channel.

Every send carries an idempotency key (the outbox id, e.g. ``outbox-42``). A deliverer that
times out or dies after the gateway took a message sends it again with the same key, so a
gateway that deduplicates on the key (as SMS providers and our WhatsApp relay do) delivers it
once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import requests

log = logging.getLogger("marketplace.messages")

#: answers that may succeed later: the gateway is busy, overloaded or down for a while
RETRYABLE_STATUSES = frozenset({408, 425, 429})


class DeliveryError(Exception):
    """The channel could not deliver.

    `permanent` means trying again cannot help (the gateway refused the request: a bad number,
    a bad token): the message goes to the dead-letter list at once. `retry_after` is the
    gateway's own hint in seconds (HTTP 429/503 Retry-After).
    """

    def __init__(self, reason: str, *, permanent: bool = False,
                 retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.permanent, self.retry_after = permanent, retry_after


@dataclass(frozen=True)
class Sent:
    provider_message_id: str | None


class LogChannel:
    """Records exactly what would be sent (development, demo, tests)."""

    name = "log"

    def send(self, to_phone: str, body: str, *, key: str) -> Sent:
        log.warning("MESSAGE to %s: %s", to_phone, body, extra={"idempotency_key": key})
        return Sent(provider_message_id=None)


def _retry_after(response: requests.Response) -> float | None:
    try:
        return max(float(response.headers.get("Retry-After", "")), 0.0)
    except ValueError:
        return None


class HttpChannel:
    """Posts {to, body, reference} as JSON to a gateway (a WhatsApp Cloud API relay or an SMS
    provider), with the idempotency key both as the `Idempotency-Key` header and as the
    `reference` field (the client reference most SMS APIs deduplicate on)."""

    name = "http"

    def __init__(self, url: str, token: str, timeout: float) -> None:
        self.url, self.token, self.timeout = url, token, timeout

    def send(self, to_phone: str, body: str, *, key: str) -> Sent:
        try:
            response = requests.post(
                self.url,
                json={"to": to_phone, "body": body, "reference": key},
                headers={"Authorization": f"Bearer {self.token}", "Idempotency-Key": key},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise DeliveryError(f"gateway unreachable: {exc.__class__.__name__}") from exc
        status = response.status_code
        if status >= 300:
            permanent = 400 <= status < 500 and status not in RETRYABLE_STATUSES
            raise DeliveryError(f"gateway answered {status}", permanent=permanent,
                                retry_after=_retry_after(response))
        try:
            data = response.json()
        except ValueError:
            data = {}
        message_id = data.get("id") if isinstance(data, dict) else None
        return Sent(provider_message_id=str(message_id) if message_id else None)


def channel_from_config(config) -> LogChannel | HttpChannel:
    if config["MESSAGE_CHANNEL"] == "http":
        if not config["MESSAGE_HTTP_URL"]:
            raise RuntimeError("MESSAGE_CHANNEL=http needs MESSAGE_HTTP_URL")
        return HttpChannel(
            config["MESSAGE_HTTP_URL"], config["MESSAGE_HTTP_TOKEN"], config["MESSAGE_HTTP_TIMEOUT"]
        )
    return LogChannel()
