"""The assistant's side of sending: which number a reply leaves from, and what WhatsApp
reports of it afterwards (status webhooks: sent, delivered, read, failed), applied to the
outbox so staff see what reached the phone.

Reports are read from a delivery whose signature the webhook has checked by
`cloud_api.read_statuses`; the outbox key we sent as callback data comes back in them.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask import Flask

from marketplace.chat.cloud_api import Status, read_statuses
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


def _known(report: Status) -> bool:
    """A report of a status we keep, with an id that can be one of ours."""
    return len(report.wamid) <= WAMID_LIMIT and report.status in _STATUSES


def apply_statuses(payload) -> int:
    """Apply a delivery's status reports to the outbox (flushes; the caller commits); how
    many moved a message forward. Twice, out of order or at once: the furthest status stays."""
    moved = 0
    for report in filter(_known, read_statuses(payload)):
        key = _OUTBOX_KEY.fullmatch(report.callback_data)
        moved += record_delivery_status(
            report.wamid, _STATUSES[report.status], at=report.at,
            error=f"WhatsApp reported {report.error}" if report.error else None,
            outbox_id=int(key.group(1)) if key else None) is not None
    return moved
