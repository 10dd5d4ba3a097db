"""Cards of list pages rendered once per process and then reused.

A card's value (workers/cards.py, catalogue/cards.py) already holds every word it shows in
the reader's language, so the same value, language, context and sub-division of its links
render the same HTML: the rendering is kept under exactly those. Nothing changes in place, so
nothing needs dropping; the oldest copies leave once KEPT are held. A template kept this way
reads only what it is given and the environment's globals (url_for, gettext).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import Flask, current_app
from flask_babel import get_locale
from markupsafe import Markup

KEPT = 4000

_kept: OrderedDict[Hashable, Markup] = OrderedDict()


def _frozen(value: Any) -> Hashable:
    if isinstance(value, dict):
        return tuple(sorted((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    return value


def _rendered(template: str, context: dict[str, Any]) -> Markup:
    # The template escapes what it prints (autoescape, as every .html template).
    return Markup(current_app.jinja_env.get_template(template).render(context))  # noqa: S704


def register_kept_fragments(app: Flask, *, link_key: Callable[[], Hashable]) -> None:
    """Give templates `kept(template, **context)`. `link_key()` says where the fragment's
    links lead (the sub-division of this page's links)."""

    def kept(template: str, **context: Any) -> Markup:
        if app.jinja_env.auto_reload:  # templates being edited (make run): render each time
            return _rendered(template, context)
        key = (template, str(get_locale()), link_key(), _frozen(context))
        html = _kept.get(key)
        if html is None:
            html = _kept[key] = _rendered(template, context)
            if len(_kept) > KEPT:
                _kept.popitem(last=False)
        return html

    app.jinja_env.globals["kept"] = kept


def forget() -> None:
    """Drop every kept fragment (tests: templates or words changed under them)."""
    _kept.clear()
