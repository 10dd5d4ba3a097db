"""Glue between the worker forms and the services: choices, parsing, today's date."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage
from wtforms.fields.choices import SelectChoice

from marketplace.core import freshness
from marketplace.core.errors import DomainError
from marketplace.core.forms import Options, named_choices
from marketplace.extensions import db
from marketplace.media.errors import ImageError
from marketplace.media.models import StoredImage
from marketplace.media.services import discard_files, store_image
from marketplace.places import reference as reference_places
from marketplace.places.forms import position_from, village_choices
from marketplace.places.models import SubDivision
from marketplace.workers import reference
from marketplace.workers.errors import WorkerError
from marketplace.workers.forms import WorkerProfileForm
from marketplace.workers.models import Availability, RateUnit, WorkerProfile
from marketplace.workers.queries import SORTS, WorkerFilters
from marketplace.workers.services import ProfileInput


def fill_profile_choices(form, sub_division: SubDivision) -> None:
    """Set the category and village choices of a profile form."""
    locale = str(get_locale())
    category_choices = named_choices(reference.categories(), locale, keep_order=True)
    form.main_category.choices = form.other_categories.choices = category_choices
    form.home_village.choices = form.service_villages.choices = village_choices(sub_division.id)


def fill_search_menus(form, sub_division_id: int, locale: str) -> dict[int, sa.Row]:
    """Set the search form's work, village and block menus (kept with the reference data
    they show); returns the sub-division's villages by id."""
    def build() -> tuple[Options, Options, Options]:
        return (Options([SelectChoice(0, _("All work"))]
                        + named_choices(reference.categories(), locale, keep_order=True)),
                Options([SelectChoice(0, _("Anywhere"))]
                        + named_choices(reference_places.villages(sub_division_id), locale)),
                Options([SelectChoice(0, _("All blocks"))]
                        + named_choices(reference_places.blocks(sub_division_id), locale)))

    menus = freshness.remembered(("worker-menus", sub_division_id, locale), build)
    form.category.choices, form.village.choices, form.block.choices = menus
    return freshness.remembered(("villages-by-id", sub_division_id), lambda: {
        v.id: v for v in reference_places.villages(sub_division_id)})


def search_filters_from(form, sub_division_id: int, villages: dict[int, sa.Row]
                        ) -> WorkerFilters:
    """Read the search form leniently: odd values are ignored rather than refused."""
    form.validate()
    chosen = villages.get(form.village.data or 0)
    origin = position_from(form.lat.data, form.lng.data)
    if origin is None and chosen is not None:
        origin = (chosen.latitude, chosen.longitude)
    sort = form.sort.data if form.sort.data in SORTS else ("distance" if origin else "rating")
    return WorkerFilters(
        sub_division_id=sub_division_id,
        category_id=form.category.data or None if not form.category.errors else None,
        village_id=chosen.id if chosen else None,
        block_id=form.block.data or None if not form.block.errors else None,
        origin=origin,
        available_now=bool(form.available.data),
        min_rating=form.min_rating.data or None if not form.min_rating.errors else None,
        text=(form.q.data or "")[:100],
        sort=sort,
    )


def store_uploaded_photo(field, *, uploaded_by) -> StoredImage | None:
    """Run a chosen file through the media pipeline; None when no file was chosen."""
    upload = field.data
    if not isinstance(upload, FileStorage) or not upload.filename:
        return None
    return store_image(upload.stream, uploaded_by_id=uploaded_by.id)


def with_uploaded_photo(form, action, *, uploaded_by):
    """Store the chosen photo and run action(photo); if the action fails, roll back and
    remove the photo's files too, then re-raise the DomainError for the view to show."""
    photo = None
    try:
        photo = store_uploaded_photo(form.photo, uploaded_by=uploaded_by)
        return action(photo)
    except DomainError:
        db.session.rollback()
        if photo is not None:
            discard_files(photo)
        raise


def profile_input_from(form, worker: WorkerProfile | None = None, *,
                       photo: StoredImage | None = None) -> ProfileInput:
    return ProfileInput(
        display_name=form.display_name.data or "",
        main_category_id=form.main_category.data,
        other_category_ids=list(form.other_categories.data or []),
        skills=form.skills.data or "",
        experience_years=form.experience_years.data or 0,
        languages=list(form.languages.data or []),
        rate_paise=form.rate.paise,
        rate_unit=RateUnit(form.rate_unit.data),
        home_village_id=form.home_village.data,
        service_radius_km=form.service_radius_km.data,
        service_village_ids=list(form.service_villages.data or []),
        availability=Availability(form.availability.data),
        available_from=form.available_from.data,
        eshram_uan=form.eshram_uan.data,
        hide_phone=bool(form.hide_phone.data),
        on_posters=bool(form.on_posters.data) if getattr(form, "on_posters", None) else None,
        photo_id=photo.id if photo else (worker.photo_id if worker else None),
    )


def show_profile_error(form: WorkerProfileForm, error: DomainError) -> None:
    if isinstance(error.code, ImageError):
        field = form.photo
    elif error.code in (WorkerError.AADHAAR, WorkerError.UAN_FORMAT):
        field = form.eshram_uan
    else:
        field = form.display_name
    field.errors.append(error.message)
