"""The yardstick: a bare Flask page, served and loaded the same way as the app's pages.

`/` is the page every ratio is taken against (~1 kB). `/<size>` is the same page padded to
`size` bytes: beside a kept page, it shows what sending that many bytes costs by itself (the
server's writes, and the load generator reading them on the same cores)."""

from flask import Flask

app = Flask(__name__)
_START, _LINE, _END = "<!doctype html><html><body>", "<p>Swarozgar bare page</p>", "</body></html>"
BODY = _START + _LINE * 40 + _END
_MOST = 1_000_000
_sized: dict[int, bytes] = {}


@app.route("/")
def bare():
    return BODY


@app.route("/<int:size>")
def bare_of_size(size: int):
    body = _sized.get(size)
    if body is None:
        filler = max(min(size, _MOST) - len(_START) - len(_END), 0)
        body = _sized[size] = (_START + (_LINE * (filler // len(_LINE) + 1))[:filler]
                               + _END).encode()
    return body
