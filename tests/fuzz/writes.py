"""Which tables a request wrote and committed, seen from the engine: statements are kept per
connection until its transaction ends, and count only if it commits."""

from __future__ import annotations

import re

import sqlalchemy as sa

_WRITE = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)\"?", re.IGNORECASE)


class WriteWatch:
    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self._pending: dict[int, set[str]] = {}
        self.committed: set[str] = set()
        sa.event.listen(engine, "before_cursor_execute", self._statement)
        sa.event.listen(engine, "commit", self._commit)
        sa.event.listen(engine, "rollback", self._rollback)

    def close(self) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._statement)
        sa.event.remove(self.engine, "commit", self._commit)
        sa.event.remove(self.engine, "rollback", self._rollback)

    def reset(self) -> set[str]:
        """The tables committed to since the last reset."""
        written, self.committed = self.committed, set()
        return written

    def _statement(self, conn, cursor, statement, parameters, context, executemany):
        found = _WRITE.match(statement)
        if found:
            self._pending.setdefault(id(conn.connection.dbapi_connection), set()).add(
                found.group(1).lower())

    def _commit(self, conn):
        self.committed |= self._pending.pop(id(conn.connection.dbapi_connection), set())

    def _rollback(self, conn):
        self._pending.pop(id(conn.connection.dbapi_connection), None)
