"""Every form and every query parameter, fuzzed with Hypothesis, as a persona allowed to use it.

The forms are those the crawl finds on the pages each persona reaches (`tests/fuzz/site.py`),
with the CSRF token the page carries; query parameters are those of GET forms and of links.
Each submission sends generated text (NUL, control and bidi characters, very long values,
other scripts' digits), omits or repeats fields, and is urlencoded or multipart.

Asserted for every submission:
- no answer of 500 or more;
- nothing written unless valid: a submission the site refuses (any answer but a redirect,
  which is how every form here says "done") commits no write to any table, except the few
  tables listed in WRITES_WHEN_REFUSED (records a refusal is meant to leave). GET requests
  never commit a write.

How many examples each form gets depends on the Hypothesis profile (`tests/fuzz/budget.py`);
the run prints how many submissions were sent and how many answered 5xx.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import pytest
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from tests.fuzz.budget import BUDGET
from tests.fuzz.inputs import Submission, as_multipart, submissions
from tests.fuzz.runner import expect_held, run_examples
from tests.fuzz.site import PERSONAS, Field, Form, pattern_of

pytestmark = pytest.mark.fuzz

# Not fuzzed because they end the harness's own session, not because they are safe to skip
# in the site: signing out, and deactivating the accounts the personas sign in with.
HARNESS_ENDERS = {"POST /signout", "POST /panel/settings/accounts/{id}/deactivate"}


# Tables a refused submission may write: the record of the refusal itself.
WRITES_WHEN_REFUSED: dict[str, set[str]] = {
    # Not a refusal: revealing a number answers the page with it (200), and logging who
    # asked is the point.
    "POST /workers/{id}/phone": {"contact_reveals"},
}


@dataclass
class Target:
    persona: str
    form: Form

    @property
    def key(self) -> str:
        return self.form.key

    @property
    def button_only(self) -> bool:
        return all(f.name.endswith("csrf_token") or f.kind in ("submit", "button")
                   for f in self.form.fields)


def _query_targets(persona: str, links: list[str]) -> list[Form]:
    """A GET "form" for each link pattern that carries a query, its values as defaults."""
    forms = {}
    for link in links:
        parts = urlsplit(link)
        if parts.query and pattern_of(link) not in forms:
            from urllib.parse import parse_qsl
            fields = [Field(name, "text", value)
                      for name, value in parse_qsl(parts.query, keep_blank_values=True)]
            forms[pattern_of(link)] = Form(link, "get", "", fields, link)
    return list(forms.values())


@pytest.fixture(scope="session")
def targets(demo_site, reached) -> dict[str, tuple[FlaskClient, list[Target]]]:
    """persona → (its signed-in client, the forms it is the first persona to reach)."""
    found: dict[str, tuple[FlaskClient, list[Target]]] = {}
    keys: set[str] = set()
    with demo_site.app.app_context():
        for persona, (client, pages) in reached.items():
            forms = [f for p in pages for f in p.forms]
            forms += _query_targets(persona, [link for p in pages for link in p.links])
            mine = []
            for form in forms:
                if form.key in keys or form.key in HARNESS_ENDERS:
                    continue
                keys.add(form.key)
                mine.append(Target(persona, form))
            # Forms that change what the persona may do (make another member leader…) last.
            mine.sort(key=lambda t: t.button_only)
            found[persona] = (client, mine)
    return found


def _send(client: FlaskClient, form: Form, submission: Submission):
    if form.method == "get":
        path = urlsplit(form.action).path
        return client.get(path, query_string=urlencode(submission.pairs))
    if submission.multipart:
        return client.post(form.action, data=MultiDict(as_multipart(submission.pairs)),
                           content_type="multipart/form-data")
    return client.post(form.action, data=urlencode(submission.pairs),
                       content_type="application/x-www-form-urlencoded")


def fuzz(site, client: FlaskClient, target: Target) -> str | None:
    """Fuzz one form; None if it held, else what broke and the smallest example found."""
    examples = BUDGET.button_only if target.button_only else BUDGET.form_with_fields

    def submit(submission: Submission) -> None:
        response = _send(client, target.form, submission)
        expect_held(site, response, submission.describe(),
                    allowed=WRITES_WHEN_REFUSED.get(target.key, set()),
                    may_write=target.form.method != "get")

    return run_examples(site, submissions(target.form, allow_nul=True), examples, submit,
                        f"{target.key} as {target.persona}")


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_every_form_and_query_holds_against_generated_input(demo_site, targets, persona):
    client, mine = targets[persona]
    failures = [failure for target in mine
                if (failure := fuzz(demo_site, client, target))]
    assert not failures, "\n\n".join(failures)


def test_the_fuzz_found_the_forms(targets):
    keys = {t.key for _, mine in targets.values() for t in mine}
    for expected in ("POST /checkout", "POST /products/new", "POST /signup", "GET /ndn/workers",
                     "GET /panel/approvals/audit", "POST /workers/assisted"):
        assert expected in keys, sorted(keys)
