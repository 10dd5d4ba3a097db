"""The one adapter that talks to SMS/WhatsApp: a log channel, an HTTP gateway channel (SMS
provider or relay) and the WhatsApp Cloud API channel.

Every send carries an idempotency key (the outbox id, e.g. ``outbox-42``). A deliverer that
times out or dies after the gateway took a message sends it again with the same key, so a
gateway that deduplicates on the key (as SMS providers and our WhatsApp relay do) delivers it
once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import requests

from marketplace.core.phone import mask_phone

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
    """Records what would be sent (development, demo, tests): the text in full (a developer
    reads the sign-in code there), the phone number masked like every log line."""

    name = "log"

    def send(self, to_phone: str, body: str, *, key: str) -> Sent:
        log.warning("MESSAGE to %s: %s", mask_phone(to_phone), body,
                    extra={"idempotency_key": key})
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


#: Graph error codes that mean "later": throttling (4, 80007, 130429, 131056 for one
#: recipient), a temporary or unknown fault (1, 2, 131000, 131016, 133004)
GRAPH_RETRYABLE_CODES = frozenset({1, 2, 4, 17, 341, 80007, 130429, 131000, 131016, 131056,
                                   133004})


def cloud_api_message(to_phone: str, body: str, payload: dict | None, *, key: str) -> dict:
    """The Cloud API's message: `payload` (interactive or template content, see
    OutboxMessage.payload) when there is one, else `body` as text; `to` in WhatsApp's digits.
    The key comes back in status reports as `biz_opaque_callback_data`."""
    content = dict(payload) if payload else {"type": "text",
                                             "text": {"body": body, "preview_url": False}}
    return {**content, "messaging_product": "whatsapp", "recipient_type": "individual",
            "to": to_phone.lstrip("+"), "biz_opaque_callback_data": key}


def _graph_error(response: requests.Response) -> DeliveryError:
    """Graph's `{"error": {"code", "message", "error_data": {"details"}}}` as a DeliveryError:
    retryable for 429, 5xx and throttling codes; permanent otherwise (131047 outside the
    24-hour window, 131026 undeliverable, a bad token…)."""
    try:
        error = response.json().get("error") or {}
    except (ValueError, AttributeError):
        error = {}
    error = error if isinstance(error, dict) else {}
    code = error.get("code")
    details = error.get("error_data", {}).get("details") if isinstance(
        error.get("error_data"), dict) else None
    words = str(details or error.get("message") or "no details")[:300]
    status = response.status_code
    retryable = (status >= 500 or status in RETRYABLE_STATUSES
                 or (isinstance(code, int) and code in GRAPH_RETRYABLE_CODES))
    return DeliveryError(f"WhatsApp answered {status}, error {code}: {words}",
                         permanent=not retryable, retry_after=_retry_after(response))


class WhatsAppChannel:
    """Posts a message to the Cloud API: `{graph_url}/{phone_number_id}/messages` with the
    access token; the answer's `messages[0].id` (the wamid) is the provider message id.

    The Cloud API takes no idempotency key: a message is sent again only when the app cannot
    know whether the last try arrived (a timeout, a deliverer killed mid-send)."""

    name = "whatsapp"

    def __init__(self, graph_url: str, token: str, timeout: float) -> None:
        self.graph_url, self.token, self.timeout = graph_url.rstrip("/"), token, timeout

    def send_whatsapp(self, to_phone: str, body: str, *, payload: dict | None,
                      number_id: str, key: str) -> Sent:
        try:
            response = requests.post(
                f"{self.graph_url}/{number_id}/messages",
                json=cloud_api_message(to_phone, body, payload, key=key),
                headers={"Authorization": f"Bearer {self.token}"}, timeout=self.timeout)
        except requests.RequestException as exc:
            raise DeliveryError(f"WhatsApp unreachable: {exc.__class__.__name__}") from exc
        if response.status_code >= 300:
            raise _graph_error(response)
        try:
            messages = response.json().get("messages")
            message_id = messages[0]["id"]
        except (ValueError, AttributeError, LookupError, TypeError):
            message_id = None
        return Sent(provider_message_id=str(message_id)[:128] if message_id else None)


def whatsapp_channel_from_config(config) -> WhatsAppChannel | None:
    """The Cloud API channel when WHATSAPP_ACCESS_TOKEN is set; else None (WhatsApp rows then
    leave through the message channel, as SMS or to a relay)."""
    if not config["WHATSAPP_ACCESS_TOKEN"]:
        return None
    return WhatsAppChannel(config["WHATSAPP_GRAPH_URL"], config["WHATSAPP_ACCESS_TOKEN"],
                           config["MESSAGE_HTTP_TIMEOUT"])


def has_sms_gateway(config) -> bool:
    """Whether a real SMS gateway is configured, so WhatsApp's refusals fall back to it."""
    return config["MESSAGE_CHANNEL"] == "http"


def channel_from_config(config) -> LogChannel | HttpChannel:
    if config["MESSAGE_CHANNEL"] == "http":
        if not config["MESSAGE_HTTP_URL"]:
            raise RuntimeError("MESSAGE_CHANNEL=http needs MESSAGE_HTTP_URL")
        return HttpChannel(
            config["MESSAGE_HTTP_URL"], config["MESSAGE_HTTP_TOKEN"], config["MESSAGE_HTTP_TIMEOUT"]
        )
    return LogChannel()
