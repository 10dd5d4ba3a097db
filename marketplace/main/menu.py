"""The site's menu: one list of links and who sees each; base.html only prints it.

Adding a page to the menu is one entry here (its label, its endpoint, the roles it is for)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from marketplace.accounts.models import Role

R = Role
#: who is not signed in
VISITOR = "visitor"


@dataclass(frozen=True)
class MenuLink:
    label: object  # a lazy string (menu_for), or its translation (translated_menu)
    endpoint: str
    #: the roles (and VISITOR) that see it; None: everyone
    shown_to: frozenset | None = None


#: before the cart link, for everyone
PUBLIC = (
    MenuLink(_l("Home"), "main.sub_division_home"),
    MenuLink(_l("Workers"), "workers.search"),
    MenuLink(_l("Products"), "catalogue.browse"),
)

_OFFICE = frozenset({R.STAFF, R.ADMIN})
#: after the cart link, by role
PERSONAL = (
    MenuLink(_l("My work"), "workers.dashboard", frozenset({R.WORKER})),
    MenuLink(_l("My bookings"), "bookings.mine", frozenset({R.RESIDENT, R.WORKER, R.SHG_MEMBER})),
    MenuLink(_l("My orders"), "orders.mine", frozenset({R.RESIDENT, R.WORKER, R.SHG_MEMBER})),
    MenuLink(_l("My group"), "shg.mine", frozenset({R.SHG_MEMBER})),
    MenuLink(_l("Orders to pack"), "orders.packing", frozenset({R.SHG_MEMBER})),
    MenuLink(_l("Our statement"), "payouts.statement", frozenset({R.SHG_MEMBER})),
    MenuLink(_l("Our products"), "catalogue.mine", frozenset({R.SHG_MEMBER})),
    MenuLink(_l("Panel"), "panel.home", _OFFICE),
    MenuLink(_l("Approvals"), "panel.approvals.index", _OFFICE),
    MenuLink(_l("Orders"), "panel.orders.index", _OFFICE),
    MenuLink(_l("Delivery runs"), "panel.runs.index", _OFFICE),
    MenuLink(_l("Order by phone"), "panel.phone_orders.new", _OFFICE),
    MenuLink(_l("SHG payouts"), "panel.payouts.index", _OFFICE),
    MenuLink(_l("WhatsApp conversations"), "panel.conversations.index", _OFFICE),
    MenuLink(_l("Reports"), "panel.reports.index", _OFFICE),
    MenuLink(_l("Registration drives"), "panel.drives.index", _OFFICE),
    MenuLink(_l("Settings"), "panel.settings.index", _OFFICE),
    MenuLink(_l("Today's camp"), "drives.today", frozenset({R.OPERATOR})),
    MenuLink(_l("Register a worker"), "workers.assisted_new", _OFFICE | {R.OPERATOR}),
    MenuLink(_l("Import a list of workers"), "workers.import_upload", _OFFICE | {R.OPERATOR}),
    MenuLink(_l("My deliveries"), "fulfilment.index", _OFFICE | {R.DELIVERY}),
    MenuLink(_l("Outbox"), "panel.outbox", frozenset({R.ADMIN})),
    MenuLink(_l("Try the assistant"), "panel.assistant.index", frozenset({R.ADMIN})),
    MenuLink(_l("My account"), "accounts.profile", frozenset(Role)),
    MenuLink(_l("Sign in"), "accounts.sign_in", frozenset({VISITOR})),
    MenuLink(_l("Sign up"), "accounts.sign_up", frozenset({VISITOR})),
)


#: the two or three things each role does most, in the menu bar; the rest of what the role
#: sees is behind "More" (a <details>: it opens without JavaScript)
FIRST = {
    R.RESIDENT: ("workers.search", "catalogue.browse", "orders.mine"),
    R.WORKER: ("workers.dashboard", "bookings.mine"),
    R.SHG_MEMBER: ("orders.packing", "catalogue.mine"),
    R.OPERATOR: ("drives.today", "workers.assisted_new", "workers.import_upload"),
    R.DELIVERY: ("fulfilment.index",),
    R.STAFF: ("panel.home", "panel.approvals.index", "panel.orders.index"),
    R.ADMIN: ("panel.home", "panel.approvals.index", "panel.orders.index"),
}


@dataclass(frozen=True)
class Menu:
    #: in the bar
    first: tuple[MenuLink, ...]
    #: behind "More" (empty for visitors, who see everything in the bar)
    more: tuple[MenuLink, ...]


@cache
def menu_for(role: Role | None) -> Menu:
    """The links a person with `role` (None: not signed in) sees: the role's first ones in the
    bar, in FIRST's order, and the others behind "More" in the list's order. Made once per
    role (the labels stay lazy): comparing the links translated every label, on every page."""
    who = VISITOR if role is None else role
    links = [link for link in (*PUBLIC, *PERSONAL)
             if link.shown_to is None or who in link.shown_to]
    if role is None:
        return Menu(tuple(links), ())
    by_endpoint = {link.endpoint: link for link in links}
    first = tuple(by_endpoint[endpoint] for endpoint in FIRST[role])
    return Menu(first, tuple(link for link in links if link not in first))


#: (role, locale) → menu_for(role) with its labels in that language
_translated: dict[tuple[Role | None, str], Menu] = {}


def translated_menu(role: Role | None, locale: str) -> Menu:
    """menu_for(role) with its labels translated into `locale`: made the first time and kept
    (the catalogues are fixed while the process runs), as core.i18n's translated tables are,
    rather than translated again on every page."""
    menu = _translated.get((role, locale))
    if menu is None:
        made = menu_for(role)
        with force_locale(locale):
            menu = _translated[(role, locale)] = Menu(
                *(tuple(replace(link, label=str(link.label)) for link in links)
                  for links in (made.first, made.more)))
    return menu
