"""Rows of the authorization table, one module per area of the panel.

A module here defines `ACCESS` ({endpoint: (method, path, {role: status})}, paths may use
`{name}` ids) and may define `add_ids(ids, *, nadaun, group, leader, order, people)` to make
the records its paths point at (people: the personas of tests/access/world.py by name).
tests/test_authorization.py tries every row for every persona.
"""

from __future__ import annotations

import importlib
import pkgutil

_SKIP = {"roles", "world"}


def _modules():
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name not in _SKIP:
            yield importlib.import_module(f"{__name__}.{info.name}")


def area_tables() -> dict:
    table: dict = {}
    for module in _modules():
        table.update(module.ACCESS)
    return table


def area_ids(**world) -> dict:
    ids: dict = {}
    for module in _modules():
        if hasattr(module, "add_ids"):
            module.add_ids(ids, **world)
    return ids
