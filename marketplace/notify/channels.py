"""The one adapter that talks to SMS/WhatsApp: a log channel and an HTTP gateway channel."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import requests

log = logging.getLogger("marketplace.messages")


class DeliveryError(Exception):
    """The channel could not deliver; the outbox will try again later."""


@dataclass(frozen=True)
class Sent:
    provider_message_id: str | None


class LogChannel:
    """Records exactly what would be sent (development, demo, tests)."""

    name = "log"

    def send(self, to_phone: str, body: str) -> Sent:
        log.warning("MESSAGE to %s: %s", to_phone, body)
        return Sent(provider_message_id=None)


class HttpChannel:
    """Posts {to, body} as JSON to a gateway (a WhatsApp Cloud API relay or an SMS provider)."""

    name = "http"

    def __init__(self, url: str, token: str, timeout: float) -> None:
        self.url, self.token, self.timeout = url, token, timeout

    def send(self, to_phone: str, body: str) -> Sent:
        try:
            response = requests.post(
                self.url,
                json={"to": to_phone, "body": body},
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise DeliveryError(f"gateway unreachable: {exc.__class__.__name__}") from exc
        if response.status_code >= 300:
            raise DeliveryError(f"gateway answered {response.status_code}")
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
