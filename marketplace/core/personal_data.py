"""`flask scan-personal-data`: look for Aadhaar numbers at rest (database, stored files, logs).

Swarozgar never keeps an Aadhaar number. The scan proves it: every text column of every table,
every text file under the instance folder (CSVs, JSON, logs; images and the SQLite file are
skipped) and the log files named on the command line are searched for 12-digit numbers that
pass Aadhaar's Verhoeff check, written together or with spaces or hyphens. It prints how many
it found and where (table.column with row ids, or file), never the numbers, and exits with
status 1 when it found any (0 when none), so deploy checks and CI can run it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app

from marketplace.core.identity import aadhaar_numbers
from marketplace.extensions import db

#: files under the instance folder never read as text (the database is scanned by SQL)
SKIPPED_SUFFIXES = frozenset({".sqlite3", ".sqlite3-wal", ".sqlite3-shm", ".db", ".jpg",
                              ".jpeg", ".png", ".webp", ".gif"})
MAX_FILE_BYTES = 64 * 1024 * 1024
BATCH = 2000


@dataclass(frozen=True)
class Finding:
    where: str  # "table.column" or a file path
    count: int
    ids: tuple = ()  # primary keys of the rows, for a table


def _text_columns(table: sa.Table) -> list[sa.Column]:
    return [c for c in table.columns
            if isinstance(c.type, sa.String | sa.Text | sa.JSON) and not c.primary_key]


def scan_tables() -> Iterator[Finding]:
    """Every text and JSON column of every table of the app, read in batches."""
    for table in db.metadata.sorted_tables:
        columns = _text_columns(table)
        keys = list(table.primary_key.columns)
        if not columns or not keys:
            continue
        hits: dict[str, list] = {}
        query = sa.select(*keys, *columns).order_by(*keys)
        for row in db.session.execute(query.execution_options(yield_per=BATCH)):
            key = row[0] if len(keys) == 1 else tuple(row[:len(keys)])
            for column, value in zip(columns, row[len(keys):], strict=True):
                if value is None:
                    continue
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                found = len(aadhaar_numbers(text))
                if found:
                    hits.setdefault(column.name, []).extend([key] * found)
        for name, ids in hits.items():
            yield Finding(f"{table.name}.{name}", len(ids), tuple(dict.fromkeys(ids)))


def _is_text(path: Path) -> bool:
    with path.open("rb") as handle:
        return b"\x00" not in handle.read(8192)


def scan_files(paths: Iterable[Path]) -> Iterator[Finding]:
    """Each regular text file among `paths` (folders are walked)."""
    for root in paths:
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            if (path.suffix.lower() in SKIPPED_SUFFIXES or not path.exists()
                    or path.stat().st_size > MAX_FILE_BYTES or not _is_text(path)):
                continue
            found = len(aadhaar_numbers(path.read_text("utf-8", errors="replace")))
            if found:
                yield Finding(str(path), found)


@click.command("scan-personal-data")
@click.option("--log", "logs", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="A log file or folder to scan too (repeat for several).")
def scan_command(logs: tuple[Path, ...]) -> None:
    """Count Aadhaar numbers stored in the database, the instance folder and logs.

    Prints the count and where (never the numbers); exit status 1 when any is found.
    """
    instance = Path(current_app.config["INSTANCE_PATH"])
    findings = [*scan_tables(), *scan_files([instance, *logs])]
    total = sum(f.count for f in findings)
    for finding in findings:
        rows = f" (row ids {', '.join(map(str, finding.ids[:20]))})" if finding.ids else ""
        click.echo(f"{finding.where}: {finding.count}{rows}")
    click.echo(f"Aadhaar-like numbers found: {total} "
               f"(database tables, files under {instance}"
               f"{', ' + ', '.join(map(str, logs)) if logs else ''})")
    if total:
        raise SystemExit(1)


COMMANDS = [scan_command]
