"""Static files under hashed names, kept a year; HTML, CSS and SVG compressed on the way out."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import brotli
import pytest
from flask import Flask, url_for

from marketplace.core import assets
from marketplace.extensions import db
from tests.helpers import make_worker

STATIC = Path(__file__).resolve().parents[2] / "static"
_TOKEN = re.compile(r'name="csrf_token" value="[^"]+"')


def _get(client, url: str, **kwargs):
    # buffered: the file WhiteNoise opened is closed once read
    return client.get(url, buffered=True, **kwargs)


def _static_url(app, name: str) -> str:
    with app.test_request_context():
        return url_for("static", filename=name)


@pytest.mark.parametrize("name", ["css/app.css", "icons/categories.svg", "js/near-me.js"])
def test_templates_get_a_hashed_name_kept_a_year(app, client, name):
    url = _static_url(app, name)
    assert url == "/static/" + assets.hashed_name(name, (STATIC / name).read_bytes())
    response = _get(client, url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.data == (STATIC / name).read_bytes()


@pytest.mark.parametrize("name", ["css/app.css", "icons/categories.svg"])
@pytest.mark.parametrize(("encoding", "decompress"), [("gzip", gzip.decompress),
                                                      ("br", brotli.decompress)])
def test_css_and_svg_come_compressed_and_decompress_to_the_file(app, client, name, encoding,
                                                                decompress):
    original = (STATIC / name).read_bytes()
    response = _get(client, _static_url(app, name), headers={"Accept-Encoding": encoding})
    assert response.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    assert len(response.data) < len(original) / 2
    assert decompress(response.data) == original


def test_a_static_svg_keeps_the_sites_security_headers(app, client):
    response = _get(client, _static_url(app, "icons/categories.svg"))
    assert response.mimetype == "image/svg+xml"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Access-Control-Allow-Origin" not in response.headers


def test_the_plain_name_is_revalidated_with_its_etag(client):
    first = _get(client, "/static/css/app.css")
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-cache"
    again = _get(client, "/static/css/app.css", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("path", ["/static/css/app.0123456789ab.css", "/static/css/nothing.css",
                                  "/static/../pyproject.toml", "/static/css/../../wsgi.py"])
def test_an_unknown_name_is_not_found(client, path):
    assert _get(client, path).status_code == 404


def test_a_changed_file_gets_a_new_name_and_the_old_one_stays(tmp_path):
    source, target = tmp_path / "static", tmp_path / "built"
    (source / "css").mkdir(parents=True)
    (source / "css" / "site.css").write_text("body { color: black }\n" * 40)
    before = assets.build(source, target)["css/site.css"]
    (source / "css" / "site.css").write_text("body { color: navy }\n" * 40)
    after = assets.build(source, target)["css/site.css"]
    assert before != after
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", after)
    # Pages rendered before the change still find what they link to.
    assert (target / before).read_text().startswith("body { color: black }")
    assert (target / after).read_text().startswith("body { color: navy }")
    assert gzip.decompress((target / (after + ".gz")).read_bytes()) == (target / after).read_bytes()


def _normalised(response) -> str:
    return _TOKEN.sub("", response.get_data(as_text=True))


def test_a_page_comes_compressed_and_reads_the_same(client, nadaun):
    make_worker(nadaun, name="Sohan Lal")
    db.session.commit()
    plain = client.get("/ndn/workers")
    packed = client.get("/ndn/workers", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    html = gzip.decompress(packed.data).decode()
    assert _TOKEN.sub("", html) == _normalised(plain)
    assert "Sohan Lal" in html
    # Compression changes no caching: HTML is not kept, and gets no validator of its own.
    assert packed.headers.get("Cache-Control") == plain.headers.get("Cache-Control")
    assert "ETag" not in packed.headers
    assert plain.headers["Content-Security-Policy"] == packed.headers["Content-Security-Policy"]


def test_a_cached_page_comes_compressed_with_the_visitors_own_token(app, client, nadaun,
                                                                    monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 60)
    client.get("/signin")  # a visitor holding a token (a first visit's slot stays empty)
    first = client.get("/ndn/workers")
    packed = client.get("/ndn/workers", headers={"Accept-Encoding": "br"})
    assert packed.headers["X-Page-Cache"] == "hit" and packed.headers["Content-Encoding"] == "br"
    html = brotli.decompress(packed.data).decode()
    # The slot was filled before the body was compressed.
    assert re.search(r'name="csrf_token" value="[^"]+\.[^"]+"', html)
    assert _TOKEN.sub("", html) == _normalised(first)


def test_signed_in_pages_stay_private_when_compressed(client, nadaun):
    from tests.helpers import make_user, sign_in

    sign_in(client, make_user(name="Sunita"))
    response = client.get("/account", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "Sunita" in gzip.decompress(response.data).decode()


def test_build_static_writes_the_folder_nginx_serves(app):
    result = app.test_cli_runner().invoke(args=["build-static"])
    assert result.exit_code == 0 and "under hashed names" in result.output
    root = Path(app.config["STATIC_ROOT"])
    manifest = json.loads((root / "manifest.json").read_text())
    hashed = manifest["css/app.css"]
    assert (root / hashed).read_bytes() == (STATIC / "css/app.css").read_bytes()
    assert brotli.decompress((root / (hashed + ".br")).read_bytes()) == (root / hashed).read_bytes()


def test_development_serves_static_as_it_is_so_an_edit_shows_at_once(tmp_path):
    app = Flask(__name__, static_folder=str(STATIC))
    app.config.update(DEBUG=True, STATIC_ROOT=str(tmp_path / "built"))
    assets.init_app(app)
    assert _static_url(app, "css/app.css") == "/static/css/app.css"
    assert not (tmp_path / "built").exists()
