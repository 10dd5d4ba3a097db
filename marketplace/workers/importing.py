"""Import a skill-mapping list (CSV, one row a worker): check every row, preview, import once.

The raw upload is never stored: only the template's columns of each row are kept (another
column, such as an `aadhaar` one, is dropped) with any Aadhaar-shaped number masked. Every row
is checked by one function, `check_rows`, for the preview and for the import, so a row the
preview calls ready is imported, and a row left out says why. Rows with any error are never
imported; rows whose phone already has a profile are skipped, so uploading the same file twice
imports each worker once. Imported workers are asked for consent through a signed link before
they are reviewed and listed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from marketplace.accounts.access import may_handle_registration
from marketplace.accounts.models import User
from marketplace.core.db import utcnow
from marketplace.core.errors import Conflict, DomainError, ErrorCode, Forbidden, InvalidInput
from marketplace.core.hooks import Hook
from marketplace.core.identity import aadhaar_numbers, mask_aadhaar
from marketplace.core.money import parse_rupees
from marketplace.core.phone import try_normalize_phone
from marketplace.core.text import search_key, whole_number
from marketplace.extensions import db
from marketplace.places.models import SubDivision, Village
from marketplace.workers import assisted
from marketplace.workers.errors import WorkerError
from marketplace.workers.models import ImportBatch, RateUnit, WorkerProfile
from marketplace.workers.queries import category_term_index
from marketplace.workers.services import (
    LANGUAGES,
    ProfileInput,
    check_profile_fields,
    clean_uan,
)

COLUMNS = ["phone", "name", "category", "village", "rate", "rate_unit", "experience_years",
           "skills", "languages", "eshram_uan"]
REQUIRED = ["phone", "name", "category", "village", "rate"]
MAX_ROWS = 2000
MAX_BYTES = 1024 * 1024
TEMPLATE_ROWS = [
    ["9816012345", "Baldev Singh", "mason", "Jalari", "700", "day", "12", "Stone walls",
     "hi;pahari", ""],
    ["9816012346", "सुनीता देवी", "सिलाई", "वार्ड 2 बस अड्डा", "300", "visit", "5",
     "Suits, blouses", "hi", ""],
]


@dataclass
class RowResult:
    line: int
    values: dict[str, str]
    errors: list[WorkerError] = field(default_factory=list)
    skipped: bool = False  # the phone already has a profile
    phone: str | None = None
    data: ProfileInput | None = None

    @property
    def is_good(self) -> bool:
        return not self.errors and not self.skipped


def decode_upload(raw: bytes) -> str:
    """UTF-8 (with or without BOM) only; InvalidInput('csv_encoding'/'csv_too_large')."""
    if len(raw) > MAX_BYTES:
        raise InvalidInput(WorkerError.CSV_TOO_LARGE)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(WorkerError.CSV_ENCODING) from exc


def _village_index(sub_division_id: int) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for village in db.session.scalars(sa.select(Village).where(
            Village.sub_division_id == sub_division_id)):
        for name in {search_key(village.name_en), search_key(village.name_hi)}:
            index.setdefault(name, []).append(village.id)
    return index


def parse_upload(content: str) -> list[dict]:
    """The rows an import needs, never the raw upload.

    For each data row: its line, the values of the template's columns only (any other column
    is dropped), with every Aadhaar-shaped number masked, and the columns where one was found
    (such a row is refused). InvalidInput('csv_columns'/'csv_too_many_rows').
    """
    reader = csv.DictReader(io.StringIO(content))
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InvalidInput(WorkerError.CSV_COLUMNS, ", ".join(missing))
    reader.fieldnames = header
    rows = []
    for line, raw in enumerate(reader, start=2):
        if len(rows) == MAX_ROWS:
            raise InvalidInput(WorkerError.CSV_TOO_MANY_ROWS)
        values = {column: (raw.get(column) or "").strip() for column in COLUMNS
                  if (raw.get(column) or "").strip()}
        aadhaar_in = [column for column, value in values.items() if aadhaar_numbers(value)]
        rows.append({"line": line, "aadhaar_in": aadhaar_in,
                     "values": {column: mask_aadhaar(value) if column in aadhaar_in else value
                                for column, value in values.items()}})
    return rows


def check_rows(rows: list[dict], sub_division: SubDivision, *,
               today: date) -> list[RowResult]:
    """Check every stored row (a fixed handful of queries, whatever the number of rows): the
    one validation of the preview and the import."""
    categories = category_term_index()
    villages = _village_index(sub_division.id)
    phones = [try_normalize_phone(row["values"].get("phone"))
              for row in rows]
    registered = set(db.session.scalars(
        sa.select(User.phone).join(WorkerProfile, WorkerProfile.user_id == User.id)
        .where(User.phone.in_([p for p in phones if p]))))
    seen: set[str] = set()
    results = []
    for row, phone in zip(rows, phones, strict=True):
        result = RowResult(line=row["line"], values=dict(row["values"]), phone=phone)
        if row.get("aadhaar_in"):
            result.errors.append(WorkerError.AADHAAR)
        else:
            _check_row(result, categories, villages, today)
        if phone and phone in seen:
            result.errors.append(WorkerError.CSV_PHONE_TWICE)
        elif phone in registered and not result.errors:
            result.skipped = True
        if phone:
            seen.add(phone)
        results.append(result)
    return results


def _check_row(result: RowResult, categories: dict[str, int], villages: dict[str, list[int]],
               today: date) -> None:
    values, errors = result.values, result.errors
    if result.phone is None:
        errors.append(WorkerError.CSV_PHONE)
    name = " ".join(values.get("name", "").split())
    if not name or len(name) > 80:
        errors.append(WorkerError.CSV_NAME)
    category_id = categories.get(search_key(values.get("category", "")))
    if category_id is None:
        errors.append(WorkerError.CSV_CATEGORY)
    village_ids = villages.get(search_key(values.get("village", "")), [])
    if len(village_ids) != 1:
        errors.append(WorkerError.CSV_VILLAGE_AMBIGUOUS if village_ids
                      else WorkerError.CSV_VILLAGE)
    try:
        rate = parse_rupees(values.get("rate"))
    except InvalidInput:
        errors.append(WorkerError.CSV_RATE)
        rate = 0
    unit_text = (values.get("rate_unit") or "day").lower()
    unit = {"day": RateUnit.DAY, "visit": RateUnit.VISIT}.get(unit_text)
    if unit is None:
        errors.append(WorkerError.CSV_RATE_UNIT)
    experience = whole_number(values.get("experience_years") or "0", most_digits=2)
    if experience is None or experience > 70:
        errors.append(WorkerError.CSV_EXPERIENCE)
        experience = 0
    languages = [code.strip().lower() for code in (values.get("languages") or "hi")
                 .replace(",", ";").split(";") if code.strip()]
    if not languages or any(code not in LANGUAGES for code in languages):
        errors.append(WorkerError.CSV_LANGUAGES)
    try:
        uan = clean_uan(values.get("eshram_uan"))
    except InvalidInput as error:
        errors.append(WorkerError.AADHAAR if error.code == WorkerError.AADHAAR
                      else WorkerError.UAN_FORMAT)
        uan = None
    skills = values.get("skills", "")
    if len(skills) > 1000:
        errors.append(WorkerError.SKILLS_TOO_LONG)
    if errors:
        return
    data = ProfileInput(
        display_name=name, main_category_id=category_id, rate_paise=rate, rate_unit=unit,
        home_village_id=village_ids[0], experience_years=experience,
        languages=languages, skills=skills, eshram_uan=uan)
    try:
        check_profile_fields(data, today)  # the rules the import will apply to the profile
    except InvalidInput as error:
        errors.append(error.code)
        return
    result.data = data


def save_batch(content: str, file_name: str, *, sub_division: SubDivision,
               actor: User, camp_id: int | None = None) -> ImportBatch:
    """Keep the parsed rows (not the upload) until the import; with `camp_id` (checked by the
    drives that call it) the imported workers count to that camp. InvalidInput for a file
    that is not a skill-mapping list; Forbidden('register_for')."""
    if not assisted.may_register_for(actor, sub_division.id):
        raise Forbidden(WorkerError.REGISTER_FOR)
    batch = ImportBatch(sub_division_id=sub_division.id, uploaded_by_id=actor.id,
                        file_name=mask_aadhaar((file_name or "upload.csv")[:120]),
                        rows=parse_upload(content), camp_id=camp_id)
    db.session.add(batch)
    db.session.flush()
    return batch


@dataclass
class ImportResult:
    imported: int = 0
    skipped: int = 0
    refused: int = 0
    #: (line, error code) of every row left out, with the reason
    left_out: list[tuple[int, ErrorCode]] = field(default_factory=list)


#: asked before a list kept for a drive's camp (ImportBatch.camp_id) is imported, with the
#: camp's id and the day: whether the camp still takes registrations (drives.services); its
#: listener raises the DomainError that refuses the import
on_camp_import: Hook[[int, date], None] = Hook("workers.on_camp_import")


def import_batch(batch: ImportBatch, *, actor: User, today: date) -> ImportResult:
    """Import the good rows once; every row left out is returned with its reason.

    Conflict('already_imported') if this batch was imported before (checked by a conditional
    UPDATE, so two clicks at once import once); for a list kept for a camp, the drives'
    refusal (on_camp_import) once the camp takes no more registrations.
    """
    sub_division = db.session.get(SubDivision, batch.sub_division_id)
    if not may_handle_registration(actor, sub_division_id=batch.sub_division_id,
                                   registered_by_id=batch.uploaded_by_id):
        raise Forbidden(WorkerError.REGISTER_FOR)
    if batch.camp_id is not None:
        on_camp_import.notify(batch.camp_id, today)
    claimed = db.session.execute(
        sa.update(ImportBatch).where(ImportBatch.id == batch.id,
                                     ImportBatch.imported_at.is_(None))
        .values(imported_at=utcnow()).execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise Conflict(WorkerError.ALREADY_IMPORTED)
    result = ImportResult()
    for row in check_rows(batch.rows, sub_division, today=today):
        if row.skipped:
            result.skipped += 1
            continue
        if not row.is_good:
            result.refused += 1
            result.left_out.append((row.line, row.errors[0]))
            continue
        try:
            with db.session.begin_nested():
                profile = assisted.register_for_worker(
                    actor=actor, sub_division=sub_division, phone=row.phone,
                    name=row.data.display_name, language="hi", data=row.data, today=today,
                    consent_by_link=True)
                profile.camp_id = batch.camp_id
        except DomainError as error:  # e.g. the phone got a profile since the preview
            result.refused += 1
            result.left_out.append((row.line, error.code))
        else:
            result.imported += 1
    db.session.execute(sa.update(ImportBatch).where(ImportBatch.id == batch.id)
                       .values(imported_count=result.imported)
                       .execution_options(synchronize_session=False))
    return result
