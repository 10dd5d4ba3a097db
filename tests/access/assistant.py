"""Authorization rows for "try the assistant": site admins only (staff get 403)."""

from __future__ import annotations

from tests.access.roles import by_role

ACCESS = {
    "panel.assistant.index": ("GET", "/panel/assistant?phone=9816012345",
                              by_role(302, {"admin"})),
    # An empty form: admins get as far as the form's check.
    "panel.assistant.send": ("POST", "/panel/assistant", by_role(302, {"admin"},
                                                                 allowed_status=400)),
}
