"""The Flask extensions, created unbound here and initialised in create_app."""

from flask import current_app, has_app_context
from flask_babel import Babel
from flask_caching import Cache
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from marketplace.core.db import Base
from marketplace.core.sessions import VisitorLoginManager

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = VisitorLoginManager()
csrf = CSRFProtect()
babel = Babel()
cache = Cache()
# Compresses HTML, CSS and SVG the app renders (brotli or gzip, as the browser accepts).
compress = Compress()


class PerAppLimiter(Limiter):
    """Flask-Limiter keeps `enabled` on its one object, so the last app made decided for every
    app in the process (a test app without limits switched them off for the suite's app); here
    the app serving the request decides by its own RATELIMIT_ENABLED."""

    @property
    def enabled(self) -> bool:
        if has_app_context():
            return bool(current_app.config.get("RATELIMIT_ENABLED", True))
        return self._enabled_default

    @enabled.setter
    def enabled(self, value: bool) -> None:
        self._enabled_default = value

    def init_app(self, app) -> None:
        with app.app_context():  # its set-up reads `enabled`: this app's, not the caller's
            super().init_app(app)


# No default limits: each sensitive route names its own, keyed by address or by account.
limiter = PerAppLimiter(key_func=get_remote_address)
