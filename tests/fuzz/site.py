"""The demo site as the crawl and the fuzz see it: a fresh database with `seed_demo`, the
demo's personas signed in through the real sign-in pages, and the pages and forms they reach."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from marketplace.accounts.models import User
from marketplace.accounts.services import set_language
from marketplace.demo import nadaun
from marketplace.extensions import db
from tests.helpers import last_code_sent_to

# persona → the demo account it signs in as (None: a visitor who is not signed in).
PERSONAS: dict[str, str | None] = {
    "visitor": None,
    "resident": next(p for r, p, *_ in nadaun.USERS if r == "resident"),
    "worker": "+919418000001",  # the first of the demo's 156 workers
    "shg_member": "+919459000001",  # the first member (and leader) of the first group
    "operator": next(p for r, p, *_ in nadaun.USERS if r == "operator"),
    "staff": next(p for r, p, *_ in nadaun.USERS if r == "staff"),
    "courier": next(p for r, p, *_ in nadaun.USERS if r == "delivery"),
    "admin": next(p for r, p, *_ in nadaun.USERS if r == "admin"),
}
LANGUAGES = ("hi", "en")

# Never followed or submitted by a crawl or the fuzz: they end the persona's session or would
# lock the harness out of the site it is testing, not parts of the site under test.
NOT_FOLLOWED = re.compile(r"^/(signout|language/|static/|media/)")

_ID = re.compile(r"/(\d+)(?=/|$)")
_ORDER_NUMBER = re.compile(r"/[A-Z]{2,5}-\d{4}-\d+")
_TOKEN = re.compile(r"/(answer|consent)/[^/]+")


def pattern_of(url: str) -> str:
    """The URL with its ids and order numbers replaced and its query reduced to the names:
    `/products/12?page=2` → `/products/{id}?page`. A crawl visits each pattern a few times."""
    parts = urlsplit(url)
    path = _ID.sub("/{id}", parts.path)
    path = _ORDER_NUMBER.sub("/{number}", path)
    path = _TOKEN.sub(r"/\1/{token}", path)
    names = sorted({name for name, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return path + ("?" + "&".join(names) if names else "")


@dataclass
class Field:
    name: str
    kind: str  # input type, "select", "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)
    required: bool = False
    maxlength: int | None = None


@dataclass
class Form:
    action: str  # path and query, as the page's form points to it
    method: str  # "get" or "post"
    enctype: str
    fields: list[Field]
    page: str  # the page it was found on

    @property
    def key(self) -> str:
        return f"{self.method.upper()} {pattern_of(self.action)}"

    def defaults(self) -> list[tuple[str, str]]:
        """What a browser submits without the person changing anything."""
        values = []
        for f in self.fields:
            if f.kind in ("checkbox", "radio"):
                if f.value and f.required:
                    values.append((f.name, f.value))
            elif f.kind == "select":
                values.append((f.name, f.value or (f.options[0] if f.options else "")))
            elif f.kind not in ("submit", "button", "image", "reset", "file"):
                values.append((f.name, f.value))
        return values


class PageParser(HTMLParser):
    """Links, forms and the text a person sees (attributes they read included). Text inside
    an element that declares another language than the page's (`<p lang="en">` on a Hindi
    page, e.g. a message as it was sent to an English reader) is data, kept apart."""

    VISIBLE_ATTRIBUTES = ("placeholder", "title", "alt", "aria-label")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self.texts: list[str] = []
        self._skip = 0
        self._form: dict | None = None
        self._select: dict | None = None
        self._textarea: dict | None = None
        self._page_language = ""
        self._foreign: list[str] = []  # open elements that declare another language

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "html":
            self._page_language = a.get("lang", "")
        elif self._foreign and tag == self._foreign[0]:
            self._foreign.append(tag)
        elif not self._foreign and a.get("lang", self._page_language) != self._page_language:
            self._foreign.append(tag)
        if tag in ("script", "style", "template"):
            self._skip += 1
        for name in self.VISIBLE_ATTRIBUTES:
            if a.get(name):
                self.texts.append(a[name])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get").lower(),
                          "enctype": a.get("enctype", "application/x-www-form-urlencoded"),
                          "fields": []}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "button") and a.get("name"):
            kind = a.get("type", "text" if tag == "input" else "submit").lower()
            if kind == "checkbox" or kind == "radio":
                # A checked box or radio is what the browser sends; unchecked ones only offer.
                self._form["fields"].append(Field(a["name"], kind, a.get("value", "on"),
                                                  required="checked" in a))
            else:
                self._form["fields"].append(Field(
                    a["name"], kind, a.get("value", ""), required="required" in a,
                    maxlength=int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None))
            if kind in ("submit", "button") and a.get("value"):
                self.texts.append(a["value"])
        elif self._form is not None and tag == "select" and a.get("name"):
            self._select = Field(a["name"], "select", required="required" in a)
            self._form["fields"].append(self._select)
        elif self._select is not None and tag == "option":
            value = a.get("value", "")
            self._select.options.append(value)
            if "selected" in a:
                self._select.value = value
        elif self._form is not None and tag == "textarea" and a.get("name"):
            self._textarea = Field(a["name"], "textarea", required="required" in a,
                                   maxlength=int(a["maxlength"]) if a.get("maxlength", "").isdigit()
                                   else None)
            self._form["fields"].append(self._textarea)

    def handle_endtag(self, tag):
        if self._foreign and tag == self._foreign[0]:
            self._foreign.pop()
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1
        elif tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        if not self._skip and not self._foreign and data.strip():
            self.texts.append(data)


@dataclass
class Page:
    url: str
    status: int
    body: bytes
    content_type: str
    links: list[str]
    forms: list[Form]
    texts: list[str]


def read_page(url: str, response) -> Page:
    body = response.get_data()
    content_type = response.headers.get("Content-Type", "")
    links, forms, texts = [], [], []
    if content_type.startswith("text/html"):
        parser = PageParser()
        parser.feed(body.decode("utf-8", "replace"))
        links = [internal for href in parser.links if (internal := _internal(url, href))]
        for raw in parser.forms:
            action = _internal(url, raw["action"] or url)
            if action:
                forms.append(Form(action, raw["method"], raw["enctype"], raw["fields"], url))
        texts = parser.texts
    return Page(url, response.status_code, body, content_type, links, forms, texts)


def _internal(base: str, href: str) -> str | None:
    """The path and query of a link within the site, else None."""
    if href.startswith(("mailto:", "tel:", "sms:", "whatsapp:", "javascript:", "#")):
        return None
    absolute = urljoin("http://localhost" + base, href)
    parts = urlsplit(absolute)
    if parts.netloc != "localhost" or parts.scheme != "http":
        return None
    return parts.path + ("?" + parts.query if parts.query else "")


def sign_in(client: FlaskClient, phone: str) -> None:
    """Through /signin (and /signin/verify with the code the outbox holds), as a person does."""
    page = read_page("/signin", client.get("/signin"))
    token = _csrf_of(page)
    response = client.post("/signin", data={"csrf_token": token, "phone": phone,
                                            "password": nadaun.DEMO_PASSWORD})
    assert response.status_code in (302, 303), (phone, response.status_code)
    if urlsplit(response.headers["Location"]).path == "/signin/verify":
        code = last_code_sent_to(phone)
        db.session.remove()  # no read transaction of ours stays open while the site writes
        token = _csrf_of(read_page("/signin/verify", client.get("/signin/verify")))
        response = client.post("/signin/verify", data={"csrf_token": token, "code": code})
        assert response.status_code in (302, 303), (phone, response.status_code)


def _csrf_of(page: Page) -> str:
    for form in page.forms:
        for f in form.fields:
            if f.name == "csrf_token":
                return f.value
    raise AssertionError(f"no CSRF token on {page.url}")


def persona_client(app: Flask, persona: str, language: str) -> FlaskClient:
    """A client signed in as `persona`, who reads `language` (the account's own setting)."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    # as a browser sends it with each form (a visitor's kept pages go by it: core/visitor_forms)
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"
    phone = PERSONAS[persona]
    if phone is not None:
        user = db.session.scalars(sa.select(User).where(User.phone == phone)).one()
        set_language(user, language)
        db.session.commit()
        db.session.remove()
        sign_in(client, phone)
    return client


def crawl(client: FlaskClient, *, start: str = "/", per_pattern: int = 2,
          limit: int = 400, skip: set[str] = frozenset()) -> Iterator[Page]:
    """Every page reachable from `start` by links and GET forms (default values, and each of
    the first few options of a select), each URL pattern at most `per_pattern` times."""
    seen: set[str] = set()
    visits: Counter[str] = Counter()
    queue = [start]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if (url in seen or url in skip or NOT_FOLLOWED.match(url)
                or visits[pattern_of(url)] >= per_pattern):
            continue
        seen.add(url)
        visits[pattern_of(url)] += 1
        page = read_page(url, client.get(url))
        yield page
        queue.extend(page.links)
        for form in page.forms:
            if form.method == "get":
                queue.extend(_get_form_urls(form))


def _get_form_urls(form: Form) -> list[str]:
    base = urlsplit(form.action).path
    defaults = form.defaults()
    urls = [base + "?" + urlencode(defaults)]
    for f in form.fields:
        if f.kind == "select":
            for option in [o for o in f.options if o][:3]:
                values = [(n, option if n == f.name else v) for n, v in defaults]
                urls.append(base + "?" + urlencode(values))
    return urls
