"""Staff read every event of the audit log in words, in Hindi as in English: never a code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import marketplace
import marketplace.models  # noqa: F401 - every domain's workflow registers its table
from marketplace.core.workflow import TABLES
from marketplace.panel.approvals.audit import ACTION_LABELS, SUBJECT_LABELS

PACKAGE = Path(marketplace.__file__).parent
#: functions that record the event they are given, and which argument names it: the scan
#: reads the events at their callers
WRAPPERS = {"_audit": 0, "_set_password": "action"}


def _name_of(call: ast.Call) -> str | None:
    return getattr(call.func, "id", None) or getattr(call.func, "attr", None)


def _strings(node: ast.expr | None) -> list[str] | None:
    """The events an argument can name: a literal, or either side of `a if … else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        sides = (_strings(node.body), _strings(node.orelse))
        return None if None in sides else sides[0] + sides[1]
    return None


def _event_argument(call: ast.Call) -> ast.expr | None:
    name = _name_of(call)
    where = 0 if name == "record_event" else WRAPPERS.get(name)
    if isinstance(where, int):
        return call.args[where] if len(call.args) > where else None
    return next((k.value for k in call.keywords if k.arg == where), None)


def events_the_code_records() -> tuple[set[str], set[str], list[str]]:
    """(actions, subject types, places that name an action the scan cannot read)."""
    actions, subjects, unreadable = set(), set(), []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        wrapper_calls = {id(call) for function in ast.walk(tree)
                         if isinstance(function, ast.FunctionDef) and function.name in WRAPPERS
                         for call in ast.walk(function) if isinstance(call, ast.Call)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _name_of(node) not in {"record_event", *WRAPPERS}:
                continue
            named = _strings(_event_argument(node))
            if named is not None:
                actions.update(named)
            elif id(node) not in wrapper_calls and path.name != "workflow.py":
                # core.workflow's calls record the moves of each table, read below
                unreadable.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
            for keyword in node.keywords:
                if keyword.arg == "subject_type" and isinstance(keyword.value, ast.Constant):
                    subjects.add(keyword.value.value)
            if _name_of(node) == "_audit" and len(node.args) > 1:
                subjects.update(_strings(node.args[1]) or [])
    for workflow in TABLES.values():
        audit = workflow.audit
        if audit is None:
            continue
        subjects.add(audit.subject_type)
        arrivals = {to for targets in workflow.moves.values() for to in targets}
        actions |= {f"{audit.prefix}.{to.value}" for to in (audit.only or arrivals)}
        if hasattr(workflow.model, "pending_changes"):
            actions |= {f"{audit.prefix}.changes_approved", f"{audit.prefix}.changes_rejected"}
    return actions, subjects, unreadable


def test_the_scan_reads_every_event_the_code_can_record():
    actions, _, unreadable = events_the_code_records()
    assert not unreadable, f"name the event with a string literal: {unreadable}"
    # the scan sees the three ways events are named: literals, workflow moves, waiting edits
    assert {"account.created", "booking.accepted", "product.changes_approved",
            "place.block_added", "account.password_reset", "shg.leader_unset"} <= actions


def test_every_event_the_code_records_has_words():
    actions, subjects, _ = events_the_code_records()
    assert sorted(actions - set(ACTION_LABELS)) == []
    assert sorted(subjects - set(SUBJECT_LABELS)) == []


def test_the_audit_log_shows_an_event_in_hindi_words_and_a_hindi_date(app, client, nadaun):
    from marketplace.accounts.models import Role
    from marketplace.core.audit import record_event
    from marketplace.extensions import db
    from tests.helpers import make_user, sign_in

    staff = make_user(Role.STAFF, sub_division=nadaun, name="Sunita Sharma",
                      phone="+919816077001", language="hi")
    record_event("fulfilment.courier_assigned", actor_id=staff.id, subject_type="delivery_run",
                 subject_id=4, sub_division_id=nadaun.id)
    db.session.commit()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "hi"
    sign_in(client, staff)
    page = client.get("/panel/approvals/audit")
    html = page.get_data(as_text=True)
    rows = html[html.index("<tbody>"):html.index("</tbody>")]
    assert page.status_code == 200
    assert "<td>कूरियर तय किया गया</td>" in rows  # "Courier assigned"
    assert "fulfilment" not in rows
    when = re.search(r"<td>([^<]*\d\d:\d\d)</td>", rows).group(1)
    assert re.fullmatch(r"\d{1,2} \S+, \d\d:\d\d", when) and not re.search("[A-Za-z]", when)
