"""Cards of list pages rendered once per process and then reused.

A card's value (workers/cards.py, catalogue/cards.py) already holds every word it shows in
the reader's language, so the same value, language, context and sub-division of its links
render the same HTML: the rendering is kept under exactly those. Nothing changes in place, so
nothing needs dropping; the oldest copies leave once KEPT are held, or KEPT_CHARACTERS (a
filter form with a long menu weighs as much as twenty cards). A template kept this way
reads only what it is given and the environment's globals (url_for, gettext).

A list page's filter form is kept too, under `form_key`: the raw values its fields were
given and the version of the reference data its menus show (core/freshness.py). So is every
page's site header (templates/header.html), under the values it shows: the menu of the
reader's role, the cart link and count, signed in or not, the page to come back to.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from flask import Flask, current_app, has_request_context, request
from flask_babel import get_locale
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from marketplace.core import freshness

KEPT = 4000
KEPT_CHARACTERS = 8_000_000

_kept: OrderedDict[Hashable, Markup] = OrderedDict()
_characters = 0


def _frozen(value: Any) -> Hashable:
    # A dict that hashes itself (core.i18n.Words, the cards' words) is taken as it is.
    if isinstance(value, dict) and value.__hash__ is None:
        return tuple(sorted((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    return value


def _rendered(template: str, context: dict[str, Any]) -> Markup:
    # The template escapes what it prints (autoescape, as every .html template).
    return Markup(current_app.jinja_env.get_template(template).render(context))  # noqa: S704


def register_kept_fragments(app: Flask, *, link_key: Callable[[], Hashable]) -> None:
    """Give templates `kept(template, **context)` and `kept_each(template, cards,
    **shared)`. `link_key()` says where the fragment's links lead (the sub-division of this
    page's links)."""

    def where() -> tuple[str, Hashable]:
        """The language and the sub-division of the links of this page's fragments: worked
        out once per request (kept on the request, as Flask-Babel keeps its locale)."""
        page = request._get_current_object() if has_request_context() else None
        found = getattr(page, "kept_where", None)
        if found is None:
            found = (str(get_locale()), link_key())
            if page is not None:
                page.kept_where = found
        return found

    def found_or_rendered(key: Hashable, template: str, context: dict[str, Any]) -> Markup:
        if app.jinja_env.auto_reload:  # templates being edited (make run): render each time
            return _rendered(template, context)
        html = _kept.get(key)
        if html is None:
            html = _kept[key] = _rendered(template, context)
            _held(len(html))
        return html

    def kept(template: str, key: Hashable = None, **context: Any) -> Markup:
        """`template` rendered with `context`, kept under the context's values, or under
        `key` when the context holds objects (a form) whose HTML the key settles."""
        if key is None:
            key = _context_key(context)
        return found_or_rendered((template, *where(), key), template, context)

    def kept_each(template: str, cards: Iterable[Hashable], **shared: Any) -> Markup:
        """`template` rendered for each of `cards` (as `card`, the first with `eager` true)
        with the `shared` context, each kept as kept() keeps one: a list page's cards in
        one call from its template, not one call each."""
        page_where, shared_key = where(), _context_key(shared)
        return Markup("".join(  # noqa: S704 - fragments the templates escaped
            found_or_rendered((template, *page_where, card, not number, shared_key), template,
                              {**shared, "card": card, "eager": not number})
            for number, card in enumerate(cards)))

    app.jinja_env.globals["kept"] = kept
    app.jinja_env.globals["kept_each"] = kept_each


def _context_key(context: dict[str, Any]) -> Hashable:
    # Most contexts (a card, its words, flags) hash as they are, so their sorted items are
    # what _frozen would make of them, without its walk of every value.
    key = tuple(sorted(context.items()))
    try:
        hash(key)
    except TypeError:  # a list or a plain dict in it
        key = _frozen(context)
    return key


def _held(characters: int) -> None:
    """Count a new copy in; let the oldest go while more than the bounds are held."""
    global _characters
    _characters += characters
    while len(_kept) > KEPT or (_characters > KEPT_CHARACTERS and len(_kept) > 1):
        _characters -= len(_kept.popitem(last=False)[1])


def form_key(form, args: MultiDict, *, leave_out: tuple[str, ...] = ()) -> Hashable:
    """What a GET form made from `args` renders from (its fields but `leave_out`): each
    field's raw values, and the version of the reference data in its menus."""
    return (freshness.version(),
            tuple((field.name, tuple(args.getlist(field.name))) for field in form
                  if field.name not in leave_out))


def forget() -> None:
    """Drop every kept fragment (tests: templates or words changed under them)."""
    global _characters
    _kept.clear()
    _characters = 0
