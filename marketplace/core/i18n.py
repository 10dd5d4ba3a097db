"""Which language a request is served in, and the formatting helpers for templates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

import sqlalchemy as sa
from flask import (
    Flask,
    current_app,
    flash,
    g,
    has_app_context,
    has_request_context,
    request,
    session,
)
from flask_babel import force_locale, get_translations
from flask_login import current_user

from marketplace.core.sessions import signed_in

K = TypeVar("K")
T = TypeVar("T")

LANGUAGE_NAMES = {"hi": "हिन्दी", "en": "English"}


def select_locale() -> str:
    """The language chosen in this session (by the switch, or kept across sign-in), else the
    account's, else the browser's."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    remembered = session.get("lang")
    if remembered in languages:
        return remembered
    user_choice = getattr(current_user, "preferred_language", None) if signed_in() else None
    if user_choice in languages:
        return user_choice
    return browser_language() or current_app.config["BABEL_DEFAULT_LOCALE"]


def browser_language() -> str | None:
    """The language the browser asks for, if it asks for one of ours."""
    return language_asked_by(request.accept_languages)


def language_asked_by(accept_languages) -> str | None:
    """Which of our languages an Accept-Language header (as werkzeug reads it) asks for."""
    return accept_languages.best_match(current_app.config["LANGUAGES"])


def keep_language_across_sign_in(user) -> None:
    """Call just after signing `user` in: a person reading in one language keeps reading in it,
    and where their account says another, the next page offers it (a flash of category
    "language" holding its code) rather than switching under them. With no choice made and
    no language asked for by the browser, the account's applies."""
    before = session.get("lang") or browser_language()
    if before is None or before == user.preferred_language:
        return
    session["lang"] = before
    flash(user.preferred_language, "language")


def localized(obj, field: str, locale: str) -> str:
    """obj.<field>_hi in Hindi when present, else obj.<field>_en (and the reverse)."""
    first, second = ("hi", "en") if locale == "hi" else ("en", "hi")
    return getattr(obj, f"{field}_{first}", None) or getattr(obj, f"{field}_{second}", "") or ""


def by_name(rows: Iterable[T], locale: str, field: str = "name") -> list[T]:
    """Rows with <field>_en/<field>_hi in the alphabetical order of the name a reader of
    `locale` sees (Devanagari's code points follow the Hindi alphabet closely enough), so a
    Hindi reader does not get Hindi names in the English names' order."""
    return sorted(rows, key=lambda row: (localized(row, field, locale).casefold(),
                                         getattr(row, "id", 0)))


def name_order(model, locale: str, field: str = "name"):
    """by_name's order in SQL: the name a reader of `locale` sees (its own language's when
    there is one), case left aside."""
    first, second = ("hi", "en") if locale == "hi" else ("en", "hi")
    shown = sa.func.coalesce(sa.func.nullif(getattr(model, f"{field}_{first}"), ""),
                             getattr(model, f"{field}_{second}"))
    return sa.func.lower(shown)


class Words(dict):
    """A translated table, never changed once made, so it hashes as its contents (worked
    out once): a kept fragment (core/fragments.py) takes it as part of its key as it is."""

    def __init__(self, items) -> None:
        super().__init__(items)
        self._hash = hash(frozenset(self.items()))

    def __hash__(self) -> int:
        return self._hash


#: (id of a table of lazy strings, locale) → the table translated; the catalogues are fixed
#: while the process runs, so each table is translated once per language
_translated: dict[tuple[int, str], Words] = {}


def translated(labels: Mapping[K, object], locale: str) -> Words:
    """A module-level table of lazy strings in `locale`, translated the first time and kept:
    list pages print the same words on every card without a lookup."""
    key = (id(labels), locale)
    table = _translated.get(key)
    if table is None:
        # In `locale` whatever the context's own (a command, a job, the assistant answering
        # in the conversation's language): the table is kept for every later page.
        with force_locale(locale):
            table = _translated[key] = Words((name, str(label)) for name, label in labels.items())
    return table


def request_translations():
    """Flask-Babel's get_translations(), kept on its own request state beside the locale it
    was found for: Flask-Babel finds it again on every call (its cache, the locale and the
    locale's name), some ninety Python calls for each word a page prints. force_locale and
    refresh change that locale, so the catalogue is found again after either."""
    state = g.get("_flask_babel") if has_app_context() else None
    kept = getattr(state, "request_translations", None)
    if kept is not None and kept[0] is getattr(state, "babel_locale", None):
        return kept[1]
    translations = get_translations()
    state = g.get("_flask_babel") if has_app_context() else None
    locale = getattr(state, "babel_locale", None)
    if locale is not None:
        state.request_translations = (locale, translations)
    return translations


def register_template_gettext(app: Flask) -> None:
    """Templates translate through request_translations (after Flask-Babel's init_app, which
    installs its own callables)."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda text: request_translations().ugettext(text),
        ngettext=lambda one, many, n: request_translations().ungettext(one, many, n),
        newstyle=True,
        pgettext=lambda context, text: request_translations().upgettext(context, text),
        npgettext=lambda context, one, many, n: request_translations().unpgettext(
            context, one, many, n))
