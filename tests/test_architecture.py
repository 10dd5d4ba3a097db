"""Imports flow one way: a lower package never imports a higher one."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

from marketplace.core.hooks import Hook

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
    "drives": 4,
    "catalogue": 4,
    "cart": 5,
    "orders": 6,
    "fulfilment": 7,
    "payouts": 7,
    "reports": 8,
    "onboarding": 8,
    "main": 9,
    "panel": 9,
    "chat": 8,
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


def _models_with_a_status() -> set[tuple[str, str]]:
    """(module, class) of every model declaring `status: Mapped[…]` in a models module."""
    found = set()
    for path in [*PACKAGE.glob("*/models.py"), *PACKAGE.glob("*/models/*.py")]:
        module = ".".join(("marketplace", *path.relative_to(PACKAGE).with_suffix("").parts))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                    isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
                    and item.target.id == "status"
                    and ast.unparse(item.annotation).startswith("Mapped[")
                    for item in node.body):
                found.add((module.removesuffix(".__init__"), node.name))
    return found


def test_every_status_has_a_transition_table():
    """Each model with a status column registers its table with core/workflow (in its
    domain's workflow.py), so there is one place to read where a status may go."""
    import importlib

    from marketplace.core.workflow import TABLES

    for path in PACKAGE.glob("*/workflow.py"):
        importlib.import_module(f"marketplace.{path.parent.name}.workflow")
    models = _models_with_a_status()
    assert len(models) >= 9, models  # the scan still finds them
    missing = [f"{module}.{name}" for module, name in sorted(models)
               if getattr(importlib.import_module(module), name) not in TABLES]
    assert not missing, f"register a transition table for: {missing}"


def _status_assignments(tree: ast.AST) -> list[int]:
    """Lines that assign an object's `.status` (alone, in a tuple, or by setattr)."""
    lines = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            for part in target.elts if isinstance(target, ast.Tuple | ast.List) else [target]:
                if isinstance(part, ast.Attribute) and part.attr == "status":
                    lines.append(node.lineno)
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "setattr" and len(node.args) > 1
                and isinstance(node.args[1], ast.Constant) and node.args[1].value == "status"):
            lines.append(node.lineno)
    return lines


#: the UPDATEs that set a status by compare-and-set rather than through change_status, and why
COMPARE_AND_SET = {
    "orders/workflow.py": "an order moves on the status it was read in (ORDERS.check first)",
    "orders/services.py": "a part is packed or cancelled within PARTS.sources",
    "fulfilment/services.py": "move_run: RUNS.check, then the run moves on the status read",
    "payments/services.py": "of two webhooks at once one marks it paid, within PAYMENTS.sources",
    "notify/delivery.py": "a deliverer claims a due message or a stale claim",
    "notify/services.py": "staff redrive dead letters in bulk (a code expires instead)",
}


def test_a_status_changes_only_through_the_workflow_helper():
    """No module assigns `.status` but core/workflow.py; the compare-and-set UPDATEs that
    set one are the listed few. Creating a row in its first status is not a move."""
    assigned, updates = [], set()
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if relative != "core/workflow.py":
            assigned += [f"{relative}:{line}" for line in _status_assignments(tree)]
        if any(isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
               and node.func.attr == "values"
               and any(keyword.arg == "status" for keyword in node.keywords)
               for node in ast.walk(tree)):
            updates.add(relative)
    assert not assigned, "move these through the domain's transition: " + ", ".join(assigned)
    assert updates == set(COMPARE_AND_SET), "list a new compare-and-set with its reason"


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


# --- Templates decide nothing and run no query --------------------------------------------

TEMPLATES = PACKAGE.parent / "templates"
#: a status (or any enum) tested by its string: the rule belongs to the domain, and the view
#: passes a named flag (can_buy, is_planned, may_answer…)
_STRING_TEST = re.compile(r"\.value\s*(==|!=|\bin\b|\bnot\s+in\b)")


def test_no_template_decides_by_a_status_string_or_a_role():
    wrong = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(TEMPLATES).as_posix()
        wrong.extend(f"{name}: compares {match.group(0)!r}"
                     for match in _STRING_TEST.finditer(text))
        wrong.extend(f"{name}: decides by {word}" for word in ("user_role", "is_panel_user")
                     if word in text)
    assert not wrong, "\n".join(wrong)


#: what templates may call, besides filters: none of them reads the database. A new global
#: (or a function in a context processor) that queries would let a template run a query;
#: compute the value in the view or context processor instead and add no function here.
PURE_TEMPLATE_GLOBALS = {
    # Jinja and Flask
    "range", "dict", "lipsum", "cycler", "joiner", "namespace", "url_for",
    "get_flashed_messages", "config", "request", "session", "g",
    # Flask-Babel and ours (core.templating): words and the reader's language
    "_", "gettext", "ngettext", "pgettext", "npgettext", "get_locale", "localized",
    # Flask-WTF: a token made from the session
    "csrf_token", "csrf_meta_tag",
    # media.views: a photo's srcset from its key (url_for only; cards load no image row)
    "srcset_of_key",
    # core.fragments: a card (or a list's cards) rendered from the values it is given (kept
    # per process)
    "kept", "kept_each",
    # orders.labels: an order's or a stop's stored reason, and where its money stands, in the
    # reader's words (no query)
    "reason_text", "payment_state",
}


def test_templates_are_given_values_not_query_functions(app):
    """Context processors (every page's values) compute what a page shows before it renders;
    the only functions among their values and the Jinja globals are the pure ones above."""
    from flask_login import login_user

    from tests.helpers import make_user

    assert set(app.jinja_env.globals) <= PURE_TEMPLATE_GLOBALS, (
        set(app.jinja_env.globals) - PURE_TEMPLATE_GLOBALS)
    for user in (None, make_user()):
        with app.test_request_context("/"):
            if user is not None:
                login_user(user)
            context: dict = {}
            app.update_template_context(context)
        functions = {name for name, value in context.items() if inspect.isroutine(value)}
        assert functions <= PURE_TEMPLATE_GLOBALS, functions - PURE_TEMPLATE_GLOBALS


def test_the_layout_runs_no_query_while_it_renders(app, nadaun, count_queries):
    """Every page's menu (the cart's count included) is computed before rendering: the
    layout itself sends nothing to the database, for a buyer with a cart."""
    from flask_login import login_user

    from tests.helpers import fill_cart, make_group, make_product, make_user

    resident = make_user()
    group, _leader = make_group(nadaun)
    fill_cart(resident, {make_product(group, stock=5): 2})
    with app.test_request_context("/"):
        login_user(resident)
        context: dict = {}
        app.update_template_context(context)  # the context processors may query
        page = app.jinja_env.from_string(
            '{% extends "base.html" %}{% block content %}…{% endblock %}')
        with count_queries() as statements:
            html = page.render(context)
    assert statements == []
    assert "(1)" in html  # one product in the cart


# --- Who listens to whom ------------------------------------------------------------------

def _hooks() -> dict[str, Hook]:
    """Every hook a module of the package declares, by the name it is declared under: found
    by type, so that a hook added tomorrow is held too."""
    import marketplace

    found = {}
    for module in pkgutil.walk_packages(marketplace.__path__, "marketplace."):
        for name, value in vars(importlib.import_module(module.name)).items():
            if isinstance(value, Hook):
                found[name] = value
    return found


def test_every_hook_is_connected_in_create_app_only():
    """A lower package may not import a higher one, so it declares a hook instead (core.hooks);
    every listener is connected in marketplace/__init__.py (register_listeners), where a
    reader of the imports sees who depends on whom."""
    names = set(_hooks())
    assert {"on_settlement", "commission_in_force"} <= names  # the search finds them at all
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        if path == PACKAGE / "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # a hook imported under another name is still that hook
        known = names | {alias.asname for node in ast.walk(tree)
                         if isinstance(node, ast.ImportFrom) for alias in node.names
                         if alias.name in names and alias.asname}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "connect"):
                owner = node.func.value
                if getattr(owner, "id", getattr(owner, "attr", None)) in known:
                    wrong.append(f"{path.relative_to(PACKAGE)}:{node.lineno} connects to "
                                 f"{ast.unparse(owner)}")
    assert not wrong, "\n".join(wrong)


def test_every_hook_has_a_listener_once_the_app_is_made(app):
    """A hook nobody connects is a layer that never hears (or, for a Provider, an order
    placed that cannot keep its commission)."""
    assert not [name for name, hook in _hooks().items() if not hook.listeners]


def test_every_panel_page_extends_the_panel_layout():
    """panel/layout.html holds what every panel page repeats (the way back, the heading);
    print sheets extend print.html and partials start with an underscore."""
    wrong = [path.name for path in sorted((TEMPLATES / "panel").glob("*.html"))
             if not path.name.startswith("_") and path.name != "layout.html"
             and not re.search(r'{% extends "(panel/layout|print)\.html" %}',
                               path.read_text(encoding="utf-8"))]
    assert not wrong, wrong


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
