"""Every path with an id, an order number or a token in it, with that segment replaced by
generated text (NUL, control and bidi characters, other scripts' digits, huge and negative
numbers, dots and slashes, percent signs), percent-encoded as a browser sends it.

Links are fetched with GET; the actions of the forms found on the pages are POSTed with the
form's own values and a good CSRF token, so the handler behind the check is reached. Asserted:
no answer of 500 or more, and no write unless the site said "done" (a redirect) to a POST.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import pytest
from flask.testing import FlaskClient
from hypothesis import strategies as st

from tests.fuzz.budget import BUDGET, TALLY
from tests.fuzz.inputs import texts
from tests.fuzz.runner import expect_held, run_examples
from tests.fuzz.site import PERSONAS, Form, pattern_of
from tests.fuzz.test_forms import HARNESS_ENDERS, WRITES_WHEN_REFUSED

pytestmark = pytest.mark.fuzz

# Paths a persona may have no link to in the demo (the demo resident has no order yet), added
# so that the handlers behind them still meet the fuzz: an order number is text, not an int.
UNLINKED = {"resident": [("get", "/orders/NDN-2026-1"), ("get", "/orders/NDN-2026-1/receipt"),
                         ("post", "/orders/NDN-2026-1/cancel"), ("post", "/orders/NDN-2026-1/pay"),
                         ("post", "/orders/NDN-2026-1/cash-instead")]}

ODD_SEGMENTS = ["0", "-1", "00001", "1.5", "1e3", "..", ".", "%", "%00", "%2F", "%252F",
                "NDN-2026-", "NDN-0000-0", "NDN-2026-99999999999999999999", " ", "१२", "٣",
                "9" * 400, "x" * 5_000]


@dataclass(frozen=True)
class PathTarget:
    persona: str
    method: str  # "get" or "post"
    segments: tuple[str, ...]  # the path's segments as found
    position: int  # which segment is fuzzed
    form: Form | None  # the form whose values a POST sends

    @property
    def key(self) -> str:
        shown = list(pattern_of("/" + "/".join(self.segments)).split("/")[1:])
        shown[self.position] = "<fuzzed>"
        return f"{self.method.upper()} /{'/'.join(shown)}"

    def path_with(self, segment: str) -> str:
        segments = list(self.segments)
        segments[self.position] = segment
        return "/" + "/".join(segments)


def _variable_positions(path: str) -> list[int]:
    """The segments of the path that pattern_of replaces (ids, order numbers, tokens)."""
    found = path.strip("/").split("/")
    pattern = pattern_of(path).split("?")[0].strip("/").split("/")
    if len(found) != len(pattern):
        return []
    return [n for n, (a, b) in enumerate(zip(found, pattern, strict=True)) if a != b]


@pytest.fixture(scope="session")
def path_targets(reached) -> dict[str, tuple[FlaskClient, list[PathTarget]]]:
    found: dict[str, tuple[FlaskClient, list[PathTarget]]] = {}
    keys: set[str] = set()
    for persona, (client, pages) in reached.items():
        candidates = [("get", urlsplit(link).path, None) for p in pages for link in p.links]
        candidates += [("post", urlsplit(form.action).path, form) for p in pages
                       for form in p.forms if form.method == "post"
                       and form.key not in HARNESS_ENDERS]
        token = next(f for p in pages for form in p.forms for f in form.fields
                     if f.name == "csrf_token")
        candidates += [(method, path, Form(path, method, "", [token], path))
                       for method, path in UNLINKED.get(persona, [])]
        mine = []
        for method, path, form in candidates:
            for position in _variable_positions(path):
                target = PathTarget(persona, method, tuple(path.strip("/").split("/")),
                                    position, form)
                if target.key not in keys:
                    keys.add(target.key)
                    mine.append(target)
        found[persona] = (client, mine)
    return found


def segments() -> st.SearchStrategy[str]:
    """A path segment as the address bar sends it: percent-encoded, sometimes twice."""
    raw = st.one_of(texts(allow_nul=True), st.sampled_from(ODD_SEGMENTS),
                    st.integers(-(2**80), 2**80).map(str))
    return st.one_of(raw.map(lambda text: quote(text, safe="")),
                     raw.map(lambda text: quote(quote(text, safe=""), safe="")),
                     raw.filter(lambda text: text and text.isascii() and text.isalnum()))


def fuzz_path(site, client: FlaskClient, target: PathTarget) -> str | None:
    def visit(segment: str) -> None:
        path = target.path_with(segment)
        if target.method == "get":
            response = client.get(path)
        else:
            response = client.post(path, data=dict(target.form.defaults()))
        # A real id may be hit: a form's own allowed records may then be written.
        expect_held(site, response, repr(path), may_write=target.method != "get",
                    allowed=WRITES_WHEN_REFUSED.get(target.form.key, set())
                    if target.form is not None else set())

    return run_examples(site, segments(), BUDGET.path, visit,
                        f"{target.key} as {target.persona}")


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_every_id_in_a_path_holds_against_generated_segments(demo_site, path_targets, persona):
    client, mine = path_targets[persona]
    failures = [failure for target in mine
                if (failure := fuzz_path(demo_site, client, target))]
    assert not failures, "\n\n".join(failures)


def test_the_path_fuzz_found_the_paths_with_ids(path_targets):
    keys = {t.key for _, mine in path_targets.values() for t in mine}
    for expected in ("GET /orders/<fuzzed>", "POST /orders/<fuzzed>/cancel",
                     "GET /panel/orders/<fuzzed>", "GET /ndn/products/<fuzzed>",
                     "GET /ndn/workers/<fuzzed>", "POST /cart/add/<fuzzed>"):
        assert expected in keys, "\n".join(sorted(keys))


def test_the_fuzz_sent_enough_in_all():
    """`make fuzz` runs the forms, then the paths (in that order): by now every submission of
    both is counted."""
    assert TALLY.submissions >= BUDGET.minimum_submissions, TALLY
