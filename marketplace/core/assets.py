"""Static files under content-hashed names, compressed ahead of time, served by WhiteNoise.

At start-up (or by `flask build-static` before nginx serves the folder) every file of
`static/` is copied to STATIC_ROOT twice: under its own name and under a name holding a hash of
its bytes (`css/app.css` → `css/app.3f2a9b1c04d5.css`), with `.gz` and `.br` beside the text
ones. `url_for('static', filename='css/app.css')` yields the hashed name, which never changes
meaning, so browsers keep it a year without asking; a changed file gets a new name. The plain
names stay servable for anything outside our templates, revalidated on every use as before.
Old hashed files are left in place: pages rendered before a deploy still find their CSS.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
from pathlib import Path

import brotli
import click
from flask import Flask, current_app
from whitenoise import WhiteNoise

from marketplace.core.security import content_security_policy

#: hex digits of the content hash in a file name
HASH_LENGTH = 12
#: what compresses well; images and fonts are compressed already
COMPRESSIBLE = frozenset({".css", ".js", ".svg", ".txt", ".json", ".xml", ".html"})
IMMUTABLE = "public, max-age=31536000, immutable"
MANIFEST = "manifest.json"


def hashed_name(name: str, data: bytes) -> str:
    """`css/app.css` → `css/app.<first 12 hex digits of its SHA-256>.css`."""
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot and "/" not in suffix else f"{name}.{digest}"


def _write_once(path: Path, data: bytes) -> None:
    """Write then rename, so that another process building the same folder (each gunicorn
    worker does at start-up) or a server reading it never sees half a file."""
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".build-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)  # noqa: S103 - public files, nginx may serve them
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_with_variants(path: Path, data: bytes) -> None:
    _write_once(path, data)
    if path.suffix in COMPRESSIBLE:
        # mtime=0: the same bytes in every build, so a rebuild rewrites nothing.
        _write_once(path.with_name(path.name + ".gz"), gzip.compress(data, 9, mtime=0))
        _write_once(path.with_name(path.name + ".br"), brotli.compress(data, quality=11))


def build(source: Path, target: Path) -> dict[str, str]:
    """Copy `source` into `target` under plain and hashed names with compressed variants;
    returns (and writes as manifest.json) the map from plain to hashed name."""
    manifest = {}
    for path in sorted(source.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        name = path.relative_to(source).as_posix()
        data = path.read_bytes()
        manifest[name] = hashed_name(name, data)
        _write_with_variants(target / name, data)
        _write_with_variants(target / manifest[name], data)
    _write_once(target / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
    return manifest


def init_app(app: Flask) -> None:
    """Build the folder, serve it in front of the app and make url_for yield hashed names."""
    if app.debug:
        # Development (`make run`): Flask serves static/ itself, so an edited CSS file shows
        # on the next reload without a restart.
        return
    target = Path(app.config["STATIC_ROOT"])
    manifest = build(Path(app.static_folder), target)
    hashed = frozenset(manifest.values())
    policy = content_security_policy(app.config.get("FORM_ACTION_ORIGINS", ()))

    def headers_for(headers, path: str, url: str) -> None:
        name = url.removeprefix(app.static_url_path + "/")
        headers["Cache-Control"] = IMMUTABLE if name in hashed else "no-cache"
        headers["X-Content-Type-Options"] = "nosniff"
        # An SVG opened on its own is a document: hold it to the site's policy too.
        headers["Content-Security-Policy"] = policy

    # Names WhiteNoise does not know (an unknown hash) fall through to Flask's static view,
    # which answers 404.
    app.wsgi_app = WhiteNoise(app.wsgi_app, root=str(target), prefix=app.static_url_path,
                              allow_all_origins=False, add_headers_function=headers_for)

    @app.url_defaults
    def hashed_static_names(endpoint: str, values: dict) -> None:
        if endpoint == "static" and values.get("filename") in manifest:
            values["filename"] = manifest[values["filename"]]


@click.command("build-static")
def build_static_command() -> None:
    """Write STATIC_ROOT (hashed names, .gz/.br) for a web server in front to serve."""
    target = Path(current_app.config["STATIC_ROOT"])
    manifest = build(Path(current_app.static_folder), target)
    click.echo(f"{len(manifest)} files under hashed names in {target}")


COMMANDS = [build_static_command]
