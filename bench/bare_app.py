"""The yardstick: a bare Flask page of similar size, served and loaded the same way."""

from flask import Flask

app = Flask(__name__)
BODY = "<!doctype html><html><body>" + "<p>Swarozgar bare page</p>" * 40 + "</body></html>"


@app.route("/")
def bare():
    return BODY
