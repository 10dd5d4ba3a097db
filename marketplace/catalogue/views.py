"""The catalogue, product pages, group storefronts, and a member's products."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict
from wtforms.fields.choices import SelectChoice

from marketplace.accounts.access import is_staff_for, may_buy, may_see_unlisted
from marketplace.catalogue import queries, reference, services
from marketplace.catalogue.cards import card_context
from marketplace.catalogue.errors import CatalogueError
from marketplace.catalogue.forms import (
    UNIT_LABELS,
    CatalogueFilterForm,
    ProductEditForm,
    ProductForm,
    StockForm,
)
from marketplace.catalogue.labels import STATUS_LABELS
from marketplace.catalogue.models import Product, ProductUnit
from marketplace.core import freshness
from marketplace.core.caching import cached_for_visitors
from marketplace.core.connections import reads_only
from marketplace.core.errors import DomainError, InvalidInput
from marketplace.core.forms import Options, named_choices
from marketplace.core.fragments import form_key
from marketplace.core.i18n import localized
from marketplace.core.money import parse_rupees
from marketplace.core.pagination import position_from, seek, without_paging
from marketplace.core.unit_of_work import commit_or_refuse, flash_then, form_page
from marketplace.extensions import db
from marketplace.media.errors import ImageError
from marketplace.media.services import chosen_files, discard_files, store_image
from marketplace.places import reference as reference_places
from marketplace.places import tenant
from marketplace.shg import queries as shg_queries
from marketplace.shg import reference as reference_groups
from marketplace.shg.models import SelfHelpGroup
from marketplace.shg.services import membership_of

bp = Blueprint("catalogue", __name__)
PAGE_SIZE = 24


@bp.app_context_processor
def catalogue_labels():
    return {"product_unit_labels": UNIT_LABELS, "product_status_labels": STATUS_LABELS}


def _category_choices() -> list[SelectChoice]:
    locale = str(get_locale())
    return named_choices(reference.categories(), locale, keep_order=True)


def _optional_paise(text: str | None) -> int | None:
    try:
        return parse_rupees(text) if (text or "").strip() else None
    except InvalidInput:
        return None


tenant.keep_old_address(bp, "/products", "catalogue.browse")
tenant.keep_old_address(bp, "/products/<int:product_id>", "catalogue.product",
                        queries.get_product)
tenant.keep_old_address(bp, "/shg/<int:group_id>", "catalogue.storefront",
                        shg_queries.get_group)


# Whoever may buy sees the cards a visitor sees (with "add to cart"): they share the kept
# page, with their own header.
@bp.route("/<code:code>/products")
@cached_for_visitors(shared_with=may_buy)
@reads_only
def browse():
    sub_division = tenant.current()
    locale = str(get_locale())
    args = without_paging(request.args)
    form, filters, filter_key = _read_filters(args, sub_division.id, locale)
    page = seek(queries.search_products(filters), position_from(request.args), size=PAGE_SIZE)
    return render_template("catalogue/browse.html", form=form, page=page, filter_key=filter_key,
                           query_args=args.to_dict(flat=False),
                           **card_context(page.items, locale))


def _read_filters(args: MultiDict, sub_division_id: int, locale: str) -> tuple:
    """The filter form made from `args` (the page's but its paging), the filters it gives and
    its kept fragment's key: the same for the same arguments, so kept per process while the
    data version holds (core/freshness.py), as the statement they lead to is. Making and
    checking the form cost a tenth of the page; nothing changes it afterwards (the page only
    prints it)."""
    def read() -> tuple:
        form = CatalogueFilterForm(args)
        menus = _filter_menus(sub_division_id, locale)
        form.category.choices, form.village.choices, form.group.choices = menus
        form.validate()
        filters = queries.ProductFilters(
            sub_division_id=sub_division_id,
            category_id=None if form.category.errors else form.category.data or None,
            village_id=None if form.village.errors else form.village.data or None,
            group_id=None if form.group.errors else form.group.data or None,
            organic_only=bool(form.organic.data), in_stock_only=bool(form.in_stock.data),
            min_paise=_optional_paise(form.min_price.data),
            max_paise=_optional_paise(form.max_price.data),
            text=(form.q.data or "")[:100],
            sort=form.sort.data if form.sort.data in queries.SORTS else "newest")
        return form, filters, form_key(form, args, leave_out=("q",))

    return freshness.remembered(
        ("product filter form", sub_division_id, locale, tuple(args.items(multi=True))), read)


def _filter_menus(sub_division_id: int, locale: str) -> tuple[Options, Options, Options]:
    """The kind, village and group menus, kept with the reference data they show."""
    def build() -> tuple[Options, Options, Options]:
        return (Options([SelectChoice(0, _("All kinds"))]
                        + named_choices(reference.categories(), locale, keep_order=True)),
                Options([SelectChoice(0, _("Anywhere"))]
                        + named_choices(reference_places.villages(sub_division_id), locale)),
                Options([SelectChoice(0, _("All groups"))]
                        + named_choices(reference_groups.listed_groups(sub_division_id),
                                        locale)))

    return freshness.remembered(("product-menus", sub_division_id, locale), build)


def _member_ids(group: SelfHelpGroup) -> list[int]:
    """The accounts a group's unlisted products and storefront are shown to, besides staff."""
    return [member.user_id for member in group.members]


@bp.route("/<code:code>/products/<int:product_id>")
@cached_for_visitors
@reads_only
def product(product_id: int):
    item = queries.get_product(product_id) or abort(404)
    if not item.is_listed and not may_see_unlisted(
            current_user, item.sub_division_id, owner_user_ids=_member_ids(item.group)):
        abort(404)
    if moved := tenant.moved_here(item.sub_division_id):
        return moved
    locale = str(get_locale())
    others = db.session.execute(queries.list_group_products(
        item.group_id, approved_only=True, locale=locale, cards=True)
        .where(Product.id != item.id).limit(8)).all()
    # What the cart would refuse (services.is_on_sale, the stock, who may buy) has no button.
    return render_template(
        "catalogue/product.html", product=item,
        can_buy=services.is_on_sale(item) and item.in_stock and may_buy(current_user),
        sold_at_the_group_only=item.is_listed and not item.can_deliver,
        **card_context(others, locale))


@bp.route("/<code:code>/shg/<int:group_id>")
@cached_for_visitors
@reads_only
def storefront(group_id: int):
    group = shg_queries.get_group(group_id) or abort(404)
    if not group.is_listed and not may_see_unlisted(
            current_user, group.sub_division_id, owner_user_ids=_member_ids(group)):
        abort(404)
    if moved := tenant.moved_here(group.sub_division_id):
        return moved
    is_staff = current_user.is_authenticated and is_staff_for(current_user,
                                                              group.sub_division_id)
    locale = str(get_locale())
    products = db.session.execute(queries.list_group_products(
        group.id, approved_only=True, locale=locale, cards=True)).all()
    return render_template("catalogue/storefront.html", group=group, show_payout=is_staff,
                           **card_context(products, locale))


def _my_group():
    member = membership_of(current_user)
    if member is None:
        abort(404)
    return member.group


def _own_product(product_id: int) -> Product:
    """A product of the signed-in member's group: 404 if there is none, 403 if another's."""
    item = queries.get_product(product_id) or abort(404)
    member = membership_of(current_user)
    if member is None or member.group_id != item.group_id:
        abort(403)
    return item


@bp.route("/products/mine")
@login_required
def mine():
    return _mine_page(_my_group())


def _mine_page(group, *, sent: StockForm | None = None, product_id: int | None = None,
               status: int = 200):
    """The group's products, each with its quick price-and-stock form; a form that was sent
    and refused stands in for its product's, with what was typed and the reasons beside it."""
    products = db.session.scalars(queries.list_group_products(
        group.id, approved_only=False, locale=str(get_locale()))).all()
    forms = {p.id: StockForm(formdata=None, price=p.price_paise, stock=p.stock,
                             prefix=f"p{p.id}") for p in products}
    if sent is not None:
        forms[product_id] = sent
    low = [p for p in products if p.stock <= 2]
    return render_template("catalogue/mine.html", group=group, products=products, forms=forms,
                           low=low, refused_id=product_id,
                           **queries.get_group_figures(group)), status


def _input_from(form: ProductForm, photo_ids: list[int]) -> services.ProductInput:
    return services.ProductInput(
        category_id=form.category.data, unit=ProductUnit(form.unit.data),
        price_paise=form.price.paise, stock=form.stock.data, name_en=form.name_en.data or "",
        name_hi=form.name_hi.data or "", description=form.description.data or "",
        is_organic=bool(form.is_organic.data), season=form.season.data or "",
        can_deliver=bool(form.can_deliver.data), can_pick_up=bool(form.can_pick_up.data),
        photo_ids=photo_ids)


def _save_with_photos(form, keep_ids: list[int], action):
    """Store the chosen photos (at most five in all), then run action(photo ids); if anything
    fails, roll back and remove the new photos' files before re-raising."""
    stored = []
    try:
        files = chosen_files(form.photos)
        if len(keep_ids) + len(files) > services.MAX_PHOTOS:
            raise InvalidInput(CatalogueError.TOO_MANY_PHOTOS)
        for upload in files:  # one by one: a refused second photo must not orphan the first
            stored.append(store_image(upload.stream, uploaded_by_id=current_user.id))
        return action(keep_ids + [image.id for image in stored])
    except DomainError:
        db.session.rollback()
        for image in stored:
            discard_files(image)
        raise


def _show_product_error(form, error: DomainError) -> None:
    if error.status == 403:
        abort(403)
    field = form.photos if isinstance(error.code, ImageError) else form.name_hi
    field.errors.append(error.message)


@bp.route("/products/new", methods=["GET", "POST"])
@login_required
def new():
    group = _my_group()
    form = ProductForm()
    form.category.choices = _category_choices()
    if form.validate_on_submit():
        def with_photos() -> Product:
            return _save_with_photos(form, [], lambda photo_ids: services.add_product(
                group, _input_from(form, photo_ids), actor=current_user))

        def refused(error: DomainError):
            _show_product_error(form, error)
            return render_template("catalogue/new.html", form=form)

        saved = flash_then(_("Saved. It will be in the catalogue once the SDM office approves it."),
                           lambda item: tenant.url_in(item.sub_division_id, "catalogue.product",
                                                      product_id=item.id))

        return commit_or_refuse(with_photos, done=saved, refused=refused)
    return form_page("catalogue/new.html", form)


@bp.route("/products/<int:product_id>/edit", methods=["GET", "POST"])
@login_required
def edit(product_id: int):
    item = _own_product(product_id)
    form = ProductEditForm()
    form.category.choices = _category_choices()
    form.remove_photos.choices = [SelectChoice(p.image_id, str(index + 1))
                                  for index, p in enumerate(item.photos)]
    if request.method == "GET":
        waiting = item.pending_changes or {}
        form.name_hi.data = waiting.get("name_hi", item.name_hi)
        form.name_en.data = waiting.get("name_en", item.name_en)
        form.description.data = waiting.get("description", item.description)
        form.category.data = waiting.get("category_id", item.category_id)
        form.unit.data, form.price.data, form.stock.data = (item.unit.value, item.price_paise,
                                                            item.stock)
        form.is_organic.data, form.season.data = item.is_organic, item.season
        form.can_deliver.data, form.can_pick_up.data = item.can_deliver, item.can_pick_up
    if form.validate_on_submit():
        removed = set(form.remove_photos.data or [])
        keep = [p.image_id for p in item.photos if p.image_id not in removed]

        def with_photos() -> bool:
            return _save_with_photos(form, keep, lambda photo_ids: services.update_product(
                item, _input_from(form, photo_ids), actor=current_user))

        def refused(error: DomainError):
            _show_product_error(form, error)
            return render_template("catalogue/edit.html", form=form, product=item)

        def saved(waiting: bool):
            flash(_("Saved. Changes to the name, description, kind or photos show after the "
                    "SDM office checks them.") if waiting else _("Saved."), "success")
            return redirect(url_for("catalogue.mine"))

        return commit_or_refuse(with_photos, done=saved, refused=refused)
    return form_page("catalogue/edit.html", form, product=item)


@bp.route("/products/<int:product_id>/stock", methods=["POST"])
@login_required
def restock(product_id: int):
    item = _own_product(product_id)
    form = StockForm(prefix=f"p{item.id}")
    if not form.validate_on_submit():
        return _mine_page(item.group, sent=form, product_id=item.id, status=400)

    def refused(error: DomainError):
        if error.status == 403:
            abort(403)
        form.stock.errors = [error.message]
        return _mine_page(item.group, sent=form, product_id=item.id, status=error.status)

    saved = flash_then(_("Saved: %(name)s", name=localized(item, "name", str(get_locale()))),
                       url_for("catalogue.mine"))

    return commit_or_refuse(lambda: services.set_price_and_stock(
        item, price_paise=form.price.paise, stock=form.stock.data, actor=current_user),
        done=saved, refused=refused)
