"""Imports flow one way: a lower package never imports a higher one."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "marketplace"

# Lower numbers are lower layers. A package may import its own modules and lower layers only.
LAYERS = {
    "config": 0,
    "extensions": 0,
    "core": 0,
    "translations": 0,
    "places": 1,
    "notify": 1,
    "media": 1,
    "accounts": 2,
    "payments": 2,
    "delivery": 2,
    "workers": 3,
    "shg": 3,
    "bookings": 4,
    "catalogue": 4,
    "cart": 5,
    "orders": 6,
    "fulfilment": 7,
    "payouts": 7,
    "reports": 8,
    "main": 9,
    "panel": 9,
    "demo": 10,
}
# The factory and the model registry wire everything together on purpose.
WIRING = {"__init__.py", "models.py"}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "marketplace" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_every_package_has_a_layer():
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("__")}
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {Path(w).stem for w in WIRING}
    assert packages | modules <= set(LAYERS), f"add to LAYERS: {(packages | modules) - set(LAYERS)}"


def test_no_package_imports_a_higher_or_equal_layer():
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if len(relative.parts) == 1 and relative.name in WIRING:
            continue
        owner = relative.parts[0].removesuffix(".py")
        for imported in _imports(path):
            # The base layer (core, extensions, config) is one room; elsewhere only downwards.
            allowed = imported == owner or LAYERS[imported] < LAYERS[owner] or (
                LAYERS[imported] == LAYERS[owner] == 0)
            if not allowed:
                wrong.append(f"{relative} imports marketplace.{imported}")
    assert not wrong, "\n".join(wrong)


def test_every_command_is_registered_in_one_place(app):
    """Commands are module-level lists (`COMMANDS`) that `create_app` registers; no domain adds
    its own to the app, so every `flask …` command can be found from create_app."""
    registering = [path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")
                   if path.name != "__init__.py" or path.parent != PACKAGE
                   if "app.cli." in path.read_text(encoding="utf-8")]
    assert registering == []
    assert set(app.cli.commands) >= {
        "create-admin", "create-staff", "seed-demo", "scan-personal-data", "prune-carts",
        "expire-unpaid-orders", "refund-cancelled-orders", "outbox"}


def test_one_head_for_every_page():
    """document.html holds the only <head>; the site, the panel, print pages and the
    database-down page extend it (so a stylesheet or meta tag is added once)."""
    templates = PACKAGE.parent / "templates"
    with_head = sorted(path.relative_to(templates).as_posix()
                       for path in templates.rglob("*.html")
                       if re.search(r"<head[\s>]", path.read_text(encoding="utf-8")))
    assert with_head == ["document.html"]


def test_the_menu_is_a_list_not_role_tests_in_the_layout():
    """Who sees which menu link is decided in marketplace/main/menu.py; base.html prints it."""
    layout = (PACKAGE.parent / "templates" / "base.html").read_text(encoding="utf-8")
    assert "user_role" not in layout and "is_panel_user" not in layout


def _imported_modules(path: Path) -> set[str]:
    """Every marketplace module a file imports; `from a import b` counts as a and a.b (b may be
    a module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("marketplace.")}


def _views_module(module: str) -> str | None:
    """The views module `module` is or lies in (marketplace.<package>.views, a views package,
    a `*_views` module), else None."""
    parts = module.split(".")
    for end in range(3, len(parts) + 1):
        if parts[end - 1] == "views" or parts[end - 1].endswith("_views"):
            return ".".join(parts[:end])
    return None


def test_no_module_imports_another_packages_views():
    """Views are leaves: what another package's pages need (who may buy, a cart's quote, a
    page both show) lives in a services, queries or pages module, not in a blueprint module.
    Only the factory wires the blueprints."""
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if len(relative.parts) == 1 and relative.name in WIRING:
            continue
        owner = relative.parts[0].removesuffix(".py")
        views = {_views_module(module) for module in _imported_modules(path)} - {None}
        wrong.extend(f"{relative} imports {module}" for module in views
                     if module.split(".")[1] != owner)
    assert not wrong, "\n".join(sorted(wrong))


def test_the_access_rules_are_imported_from_their_one_home():
    """`is_staff_for` and its siblings are asked of accounts/access, never through another
    module that happens to import them (so there is one place to read and change)."""
    from marketplace.accounts import access

    rules = {name for name in vars(access) if name.startswith(("is_", "may_"))}
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.ImportFrom) and node.module != "marketplace.accounts.access"
                    and rules & {alias.name for alias in node.names}):
                wrong.append(f"{path.relative_to(PACKAGE)} imports from {node.module}")
    assert not wrong, "\n".join(wrong)


def _called_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


def _domain_error_classes(trees: list[ast.Module]) -> set[str]:
    """DomainError and every class that derives from it, by name, however deep."""
    names = {"DomainError"}
    while True:
        more = {node.name for tree in trees for node in ast.walk(tree)
                if isinstance(node, ast.ClassDef)
                and any(_called_name(base) in names for base in node.bases)} - names
        if not more:
            return names
        names |= more


def test_domain_errors_are_raised_with_a_member_of_an_error_code_enum():
    """`raise InvalidInput("quantity")` would show people the generic words, and a typo in the
    code would go unnoticed: the code is a member of its domain's ErrorCode enum
    (`CartError.QUANTITY`), which carries the message."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in PACKAGE.rglob("*.py")}
    classes = _domain_error_classes(list(trees.values()))
    assert {"DomainError", "InvalidInput", "Conflict", "Forbidden", "NotFound"} <= classes
    wrong = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _called_name(node.func) in classes
                    and node.args):
                continue
            code = node.args[0]
            if isinstance(code, ast.JoinedStr) or (
                    isinstance(code, ast.Constant) and isinstance(code.value, str)):
                wrong.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not wrong, "\n".join(sorted(wrong))


#: Rollbacks after a refusal that are still written by hand, and why. Views hand theirs to
#: core.unit_of_work.commit_or_refuse (run the service, commit once, or roll back and show
#: the refusal).
ROLLBACKS_LEFT = {
    ("core/unit_of_work.py", "commit_or_refuse"): "the one helper",
    ("accounts/cli.py", "_create"): "a command: says no on the terminal",
    ("orders/cli.py", "refund_cancelled"): "a job: one order's refusal or the "
    "gateway's failure must not stop the others",
    ("media/services.py", "store_chosen_then"): "removes the new image's files with the "
    "rows, then re-raises to the view's unit of work",
    ("workers/viewhelpers.py", "with_uploaded_photo"): "the same, for a worker's photo",
    ("catalogue/views.py", "_save_with_photos"): "the same, for a product's photos",
    ("orders/views.py", "_refund_if_paid"): "a second unit of work after the cancellation "
    "is committed, answering nothing; the gateway may fail too",
    ("panel/orders.py", "_refund_if_due"): "the same, in the panel",
}


def _refusal_handlers(tree: ast.Module, refusals: set[str]):
    """(enclosing function, handler) for each `except` that catches a DomainError class."""
    def visit(node: ast.AST, function: str):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                yield from visit(child, child.name)
                continue
            if isinstance(child, ast.ExceptHandler) and child.type is not None:
                caught = child.type.elts if isinstance(child.type, ast.Tuple) else [child.type]
                if {_called_name(c) for c in caught} & refusals:
                    yield function, child
            yield from visit(child, function)
    return visit(tree, "<module>")


def test_only_the_unit_of_work_rolls_back_a_refused_change():
    """A view does not write `except DomainError: db.session.rollback() … commit()` again:
    the few places left that do are listed, with their reason, in ROLLBACKS_LEFT."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in PACKAGE.rglob("*.py")}
    refusals = _domain_error_classes(list(trees.values()))
    found = set()
    for path, tree in trees.items():
        for function, handler in _refusal_handlers(tree, refusals):
            if any(isinstance(node, ast.Call) and _called_name(node.func) == "rollback"
                   for statement in handler.body for node in ast.walk(statement)):
                found.add((path.relative_to(PACKAGE).as_posix(), function))
    by_hand = sorted(found - set(ROLLBACKS_LEFT))
    assert not by_hand, f"use core.unit_of_work.commit_or_refuse in {by_hand}"
    gone = sorted(set(ROLLBACKS_LEFT) - found)
    assert not gone, f"no longer there, take out of ROLLBACKS_LEFT: {gone}"
