"""The assistant's side of sending: which number a reply leaves from, and what WhatsApp
reports of it afterwards (status webhooks: sent, delivered, read, failed), applied to the
outbox so staff see what reached the phone.

A report is `{"id": <wamid>, "status": …, "timestamp": …, "recipient_id": …,
"biz_opaque_callback_data": "outbox-42", "errors": [{"code": 131047, "title": …}]}` inside
`entry[].changes[].value.statuses` of a delivery whose signature the webhook has checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import Flask

from marketplace.chat.cloud_api import _dicts, _sent_at, _string, _token
from marketplace.chat.models import WAMID_LIMIT, InboundMessage
from marketplace.notify.delivery import NUMBER_RESOLVER
from marketplace.notify.models import DeliveryStatus
from marketplace.notify.services import record_delivery_status
from marketplace.places.models import SubDivision

_OUTBOX_KEY = re.compile(r"outbox-([0-9]{1,18})")
_STATUSES = {status.value: status for status in DeliveryStatus}


def number_for(session, sub_division_id: int | None, to_phone: str) -> str | None:
    """The phone_number_id a reply leaves from: its sub-division's number, else (a site with
    one sub-division, served without the setting) the number the resident last wrote to."""
    if sub_division_id is not None:
        number = session.scalar(sa.select(SubDivision.whatsapp_phone_number_id)
                                .where(SubDivision.id == sub_division_id))
        if number:
            return number
    query = sa.select(InboundMessage.phone_number_id).where(
        InboundMessage.from_phone == to_phone, InboundMessage.phone_number_id != "")
    if sub_division_id is not None:
        query = query.where(InboundMessage.sub_division_id == sub_division_id)
    return session.scalar(query.order_by(InboundMessage.id.desc()).limit(1)) or None


def init_app(app: Flask) -> None:
    app.extensions[NUMBER_RESOLVER] = number_for


@dataclass(frozen=True)
class StatusReport:
    wamid: str
    status: DeliveryStatus
    at: datetime | None
    #: our outbox id, from the callback data we sent with the message
    outbox_id: int | None
    #: WhatsApp's reason for a failure, e.g. "131047 Re-engagement message"
    error: str | None


def _error_of(report: dict) -> str | None:
    for error in _dicts(report.get("errors")):
        code = error.get("code")
        title = _string(error.get("title")) or _string(error.get("message"))
        details = error.get("error_data")
        details = _string(details.get("details")) if isinstance(details, dict) else ""
        words = " ".join(part for part in (title, details) if part)
        return f"WhatsApp reported error {code if isinstance(code, int) else '?'}: " \
               f"{words[:300] or 'no details'}"
    return None


def read_statuses(payload) -> Iterator[StatusReport]:
    """Every status report of a delivery with an id and a status we know; never raises on
    an odd shape (other fields, messages and unknown statuses are passed over)."""
    if not isinstance(payload, dict):
        return
    for entry in _dicts(payload.get("entry")):
        for change in _dicts(entry.get("changes")):
            value = change.get("value")
            if change.get("field") != "messages" or not isinstance(value, dict):
                continue
            for report in _dicts(value.get("statuses")):
                wamid, status = _token(report.get("id")), _token(report.get("status"))
                if not wamid or len(wamid) > WAMID_LIMIT or status not in _STATUSES:
                    continue
                key = _OUTBOX_KEY.fullmatch(_token(report.get("biz_opaque_callback_data")))
                yield StatusReport(wamid=wamid, status=_STATUSES[status],
                                   at=_sent_at(report.get("timestamp")),
                                   outbox_id=int(key.group(1)) if key else None,
                                   error=_error_of(report))


def apply_statuses(payload) -> int:
    """Apply a delivery's status reports to the outbox (flushes; the caller commits); how
    many moved a message forward. Twice, out of order or at once: the furthest status stays."""
    return sum(
        record_delivery_status(report.wamid, report.status, at=report.at,
                               error=report.error, outbox_id=report.outbox_id) is not None
        for report in read_statuses(payload))
