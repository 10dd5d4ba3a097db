"""The Flask extensions, created unbound here and initialised in create_app."""

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
# No default limits: each sensitive route names its own, keyed by address or by account.
limiter = Limiter(key_func=get_remote_address)
