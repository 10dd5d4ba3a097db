"""Settings: sub-divisions and their blocks, panchayats and villages or wards (admins)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from marketplace.core.errors import DomainError
from marketplace.core.forms import named_choices
from marketplace.core.i18n import localized
from marketplace.core.unit_of_work import commit_or_refuse, flash_then
from marketplace.extensions import db
from marketplace.panel.settings import bp, require_admin
from marketplace.panel.settings.forms import (
    BlockForm,
    PanchayatForm,
    SubDivisionForm,
    VillageForm,
    WhatsAppNumberForm,
)
from marketplace.places import services
from marketplace.places.errors import PlaceError
from marketplace.places.models import Block, Panchayat, SubDivision, VillageKind
from marketplace.places.queries import (
    count_villages_by_sub_division,
    get_sub_division,
    list_blocks_by_sub_division,
    list_sub_divisions,
)

VILLAGE_KIND_LABELS = {VillageKind.VILLAGE: _l("village"), VillageKind.WARD: _l("ward")}


def _sub_divisions_page(form: SubDivisionForm | None = None, status: int = 200):
    sub_divisions = db.session.scalars(list_sub_divisions()).all()
    ids = [s.id for s in sub_divisions]
    return render_template(
        "panel/settings_sub_divisions.html", sub_divisions=sub_divisions,
        blocks=list_blocks_by_sub_division(ids), villages=count_villages_by_sub_division(ids),
        form=form or SubDivisionForm(formdata=None)), status


@bp.route("/sub-divisions")
def sub_divisions():
    require_admin()
    return _sub_divisions_page()


def _put_error(field, error: DomainError) -> None:
    field.errors = [*field.errors, error.message]


@bp.route("/sub-divisions", methods=["POST"])
def add_sub_division():
    require_admin()
    form = SubDivisionForm()
    if not form.validate_on_submit():
        return _sub_divisions_page(form, 400)

    def refused(error: DomainError):
        _put_error(form.code if error.code.startswith("sub_division") else form.name_en, error)
        return _sub_divisions_page(form, error.status)

    def added(sub_division: SubDivision):
        flash(_("Sub-division %(code)s added. Now add its blocks, panchayats and villages.",
                code=sub_division.code), "success")
        return redirect(url_for(".places", sub_division_id=sub_division.id), 303)

    return commit_or_refuse(lambda: services.add_sub_division(
        code=form.code.data, name_en=form.name_en.data, name_hi=form.name_hi.data,
        district_en=form.district_en.data, district_hi=form.district_hi.data,
        state_en=form.state_en.data, state_hi=form.state_hi.data, actor_id=current_user.id),
        done=added, refused=refused)


def _sub_division(sub_division_id: int) -> SubDivision:
    require_admin()
    return get_sub_division(sub_division_id) or abort(404)


def _place_forms(sub_division: SubDivision, blocks: list[Block], **given):
    forms = {"block_form": given.get("block_form") or BlockForm(formdata=None),
             "panchayat_form": given.get("panchayat_form") or PanchayatForm(formdata=None),
             "village_form": given.get("village_form") or VillageForm(formdata=None),
             "whatsapp_form": given.get("whatsapp_form") or WhatsAppNumberForm(
                 formdata=None, obj=sub_division)}
    _fill_choices(forms["panchayat_form"], forms["village_form"], blocks)
    return forms


def _fill_choices(panchayat_form: PanchayatForm, village_form: VillageForm,
                  blocks: list[Block]) -> None:
    panchayat_form.block.choices = named_choices(blocks, _locale())
    village_form.panchayat.choices = [
        (p.id, f"{localized(p, 'name', _locale())} ({localized(b, 'name', _locale())})")
        for b in blocks for p in b.panchayats]


def _locale() -> str:
    return str(get_locale())


def _places_page(sub_division: SubDivision, status: int = 200, **forms):
    blocks = services.places_of(sub_division.id)
    return render_template("panel/settings_places.html", sub_division=sub_division,
                           blocks=blocks, kind_labels=VILLAGE_KIND_LABELS,
                           **_place_forms(sub_division, blocks, **forms)), status


@bp.route("/sub-divisions/<int:sub_division_id>")
def places(sub_division_id: int):
    return _places_page(_sub_division(sub_division_id))


def _saved(sub_division: SubDivision, message: str):
    """What a change that went through answers: say so, and back to the places."""
    return flash_then(message, url_for(".places", sub_division_id=sub_division.id))


def _shown_on(sub_division: SubDivision, field, **forms):
    """What a refused change answers: the places again, the reason under `field`."""
    def refused(error: DomainError):
        _put_error(field, error)
        return _places_page(sub_division, error.status, **forms)
    return refused


@bp.route("/sub-divisions/<int:sub_division_id>/blocks", methods=["POST"])
def add_block(sub_division_id: int):
    sub_division = _sub_division(sub_division_id)
    form = BlockForm()
    if form.validate_on_submit():
        return commit_or_refuse(lambda: services.add_block(
            sub_division, name_en=form.block_name_en.data, name_hi=form.block_name_hi.data,
            actor_id=current_user.id), done=_saved(sub_division, _("Block added.")),
            refused=_shown_on(sub_division, form.block_name_en, block_form=form))
    return _places_page(sub_division, 400, block_form=form)


def _own(model, item_id: int | None, sub_division: SubDivision):
    """A block or panchayat of this sub-division, or None (a forged id)."""
    item = db.session.get(model, item_id) if item_id is not None else None
    block = item if isinstance(item, Block) else (item.block if item else None)
    return item if block is not None and block.sub_division_id == sub_division.id else None


@bp.route("/sub-divisions/<int:sub_division_id>/panchayats", methods=["POST"])
def add_panchayat(sub_division_id: int):
    sub_division = _sub_division(sub_division_id)
    form = PanchayatForm()
    _fill_choices(form, VillageForm(formdata=None), services.places_of(sub_division.id))
    if form.validate_on_submit():
        block = _own(Block, form.block.data, sub_division) or abort(404)
        return commit_or_refuse(lambda: services.add_panchayat(
            block, name_en=form.panchayat_name_en.data, name_hi=form.panchayat_name_hi.data,
            is_urban=form.is_urban.data, actor_id=current_user.id),
            done=_saved(sub_division, _("Panchayat added.")),
            refused=_shown_on(sub_division, form.panchayat_name_en, panchayat_form=form))
    return _places_page(sub_division, 400, panchayat_form=form)


@bp.route("/sub-divisions/<int:sub_division_id>/villages", methods=["POST"])
def add_village(sub_division_id: int):
    sub_division = _sub_division(sub_division_id)
    form = VillageForm()
    _fill_choices(PanchayatForm(formdata=None), form, services.places_of(sub_division.id))
    if form.validate_on_submit():
        panchayat = _own(Panchayat, form.panchayat.data, sub_division) or abort(404)

        def refused(error: DomainError):
            field = form.latitude if error.code.startswith("coordinates") else \
                form.village_name_en
            _put_error(field, error)
            return _places_page(sub_division, error.status, village_form=form)

        return commit_or_refuse(lambda: services.add_village(
            panchayat, name_en=form.village_name_en.data, name_hi=form.village_name_hi.data,
            kind=VillageKind(form.kind.data), latitude=form.latitude.degrees,
            longitude=form.longitude.degrees, actor_id=current_user.id),
            done=_saved(sub_division, _("Village or ward added.")), refused=refused)
    return _places_page(sub_division, 400, village_form=form)


@bp.route("/sub-divisions/<int:sub_division_id>/whatsapp", methods=["POST"])
def set_whatsapp_number(sub_division_id: int):
    sub_division = _sub_division(sub_division_id)
    form = WhatsAppNumberForm()
    if form.validate_on_submit():
        return commit_or_refuse(lambda: services.set_whatsapp_number(
            sub_division, form.whatsapp_phone_number_id.data, actor_id=current_user.id,
            display_number=form.whatsapp_display_number.data),
            done=_saved(sub_division, _("WhatsApp number saved.")),
            refused=lambda error: _shown_on(
                sub_division, form.whatsapp_display_number
                if error.code is PlaceError.WHATSAPP_DISPLAY_NUMBER
                else form.whatsapp_phone_number_id, whatsapp_form=form)(error))
    return _places_page(sub_division, 400, whatsapp_form=form)
