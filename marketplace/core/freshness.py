"""One version for what public pages show, and the caches keyed by it.

Every cached copy of a public page and every per-process copy of reference data (places,
categories, groups, the filter menus built from them) is kept under the current version; a
write that changes what those pages show bumps it, so every process, on every server, drops
its copies at its next request. The version lives where all processes that hold a copy can
read it cheaply: in the shared cache when it is Redis, else (one machine: each process has
its own SimpleCache) in a small file in the instance folder. Reading it costs one Redis GET
or one file read per request, and no SQL query.

What bumps it: an ORM flush that adds, changes or deletes a row of a watched model (`watch`,
called from create_app's register_listeners), and again when that transaction ends, so that
a copy made from the old rows between the flush and the commit is dropped too. Statements
that bypass the ORM's unit of work (the stock an order takes, a rating added by a review)
do not bump it: those figures may lag on a cached page for PAGE_CACHE_SECONDS.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import current_app, g, has_app_context
from sqlalchemy.orm import Session

from marketplace.extensions import cache, db

T = TypeVar("T")

VERSION_KEY = "freshness:version"
_FILE_NAME = "page-version"
_CHANGED = "freshness_changed"

_watched: set[type] = set()
#: this process's copies: name → (version, value), oldest first
_copies: OrderedDict[Hashable, tuple[str, Any]] = OrderedDict()
#: at most this many copies: some names come from URLs (a list page's statement per filters)
KEPT = 2000


def _in_shared_cache() -> bool:
    return current_app.config.get("CACHE_TYPE") == "RedisCache"


#: instance folder → its version file's path (worked out once: this is read on every request)
_paths: dict[str, str] = {}


def _version_file() -> Path:
    return Path(current_app.config["INSTANCE_PATH"]) / _FILE_NAME


def _version_path() -> str:
    folder = current_app.config["INSTANCE_PATH"]
    path = _paths.get(folder)
    if path is None:
        path = _paths[folder] = str(_version_file())
    return path


def _write(token: str) -> None:
    if _in_shared_cache():
        cache.set(VERSION_KEY, token, timeout=0)
        return
    path = _version_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    # One temporary file per thread: two threads of one process bumping at once (workers
    # under gthread, the race tests) must not rename each other's file away.
    temporary = path.with_name(f"{_FILE_NAME}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_text(token)
    os.replace(temporary, path)  # readers see the old token or the new, never half of one


def _read() -> str:
    if _in_shared_cache():
        token = cache.get(VERSION_KEY)
    else:
        try:  # the plain system calls: a twentieth of Path.read_text's cost, on every request
            descriptor = os.open(_version_path(), os.O_RDONLY)
        except FileNotFoundError:
            token = None
        else:
            try:
                token = os.read(descriptor, 64).decode()
            finally:
                os.close(descriptor)
    if not token:
        # First start, or the cache was emptied: a new version, so no process keeps old copies.
        token = secrets.token_hex(8)
        _write(token)
    return token


def version() -> str:
    """The current version, read at most once per request."""
    if "freshness_version" not in g:
        g.freshness_version = _read()
    return g.freshness_version


def bump() -> None:
    """Drop every copy kept under the current version, in every process."""
    token = secrets.token_hex(8)
    _write(token)
    g.freshness_version = token


def read_with(key: str) -> tuple[str, Any]:
    """The current version and the cached value at `key` (one Redis round trip)."""
    if "freshness_version" in g or not _in_shared_cache():
        return version(), cache.get(key)
    token, value = cache.get_many(VERSION_KEY, key)
    if not token:
        return version(), None
    g.freshness_version = token
    return token, value


def remembered(name: Hashable, load: Callable[[], T]) -> T:
    """`load()`, kept in this process until the version changes (or KEPT newer copies
    push it out). Keep plain values (rows, tuples, strings) or statements, never ORM
    objects: they belong to one request's session."""
    current = version()
    held = _copies.get(name)
    if held is not None and held[0] == current:
        return held[1]
    value = load()
    _copies[name] = (current, value)
    if len(_copies) > KEPT:
        _copies.popitem(last=False)
    return value


def forget() -> None:
    """Drop this process's copies (tests: each starts from its own rolled-back data)."""
    _copies.clear()


def watch(*models: type) -> None:
    """Bump the version whenever the ORM writes a row of these models."""
    _watched.update(models)


def _after_flush(session: Session, _context) -> None:
    if has_app_context() and any(type(obj) in _watched
           for obj in chain(session.new, session.dirty, session.deleted)):
        session.info[_CHANGED] = True
        bump()


def _after_end(session: Session, *_args) -> None:
    if session.info.pop(_CHANGED, False) and has_app_context():
        bump()


sa.event.listen(Session, "after_flush", _after_flush)
sa.event.listen(Session, "after_commit", _after_end)
sa.event.listen(Session, "after_rollback", _after_end)


def rows(name: Hashable, query: Callable[[], sa.Select]) -> tuple[sa.Row, ...]:
    """The rows of the column SELECT `query()` makes (reference data), kept in this process
    until the version changes (rows of columns are plain values, free of any session). The
    statement is made only when the rows are read: a page asks for several of these, and
    building each statement cost more than finding the kept rows."""
    return remembered(name, lambda: tuple(db.session.execute(query()).all()))
