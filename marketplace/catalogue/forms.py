"""The phone-first product form, the quick restock form and the catalogue filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from marketplace.catalogue.models import ProductUnit
from marketplace.catalogue.services import MAX_PRICE_PAISE, MAX_STOCK
from marketplace.core.forms import (
    Form,
    Identifier,
    MenuField,
    RupeesField,
    SearchBox,
    WholeNumberField,
)
from marketplace.media.forms import ImagesField

UNIT_LABELS = {
    ProductUnit.KG: _l("kg"),
    ProductUnit.HALF_KG: _l("500 g"),
    ProductUnit.QUARTER_KG: _l("250 g"),
    ProductUnit.DOZEN: _l("dozen"),
    ProductUnit.PIECE: _l("piece"),
    ProductUnit.LITRE: _l("litre"),
    ProductUnit.HALF_LITRE: _l("500 ml"),
    ProductUnit.BUNDLE: _l("bundle"),
    ProductUnit.PACKET: _l("packet"),
    ProductUnit.JAR: _l("jar"),
}


def _stock_field():
    return WholeNumberField(_l("How many in stock"), default=0,
                        validators=[InputRequired(message=_l("Enter how many you have.")),
                                    NumberRange(min=0, max=MAX_STOCK,
                                                message=_l("Enter a number from 0 to "
                                                           "100000."))],
                        render_kw={"inputmode": "numeric"})


class ProductForm(Form):
    photos = ImagesField(_l("Photos (up to 5)"))
    name_hi = StringField(_l("Name in Hindi"), validators=[Length(max=100)],
                          render_kw={"maxlength": 100})
    name_en = StringField(_l("Name in English (optional)"), validators=[Length(max=100)],
                          render_kw={"maxlength": 100})
    category = SelectField(_l("Kind of product"), coerce=int,
                           validators=[InputRequired(message=_l("Choose the kind."))])
    unit = SelectField(_l("Sold per"), default=ProductUnit.KG.value,
                       choices=[SelectChoice(u.value, label) for u, label in UNIT_LABELS.items()])
    price = RupeesField(_l("Price in rupees"), max_paise=MAX_PRICE_PAISE)
    stock = _stock_field()
    is_organic = BooleanField(_l("Organic / natural"))
    description = TextAreaField(_l("About it (optional)"), validators=[Length(max=1000)],
                                render_kw={"rows": 3, "maxlength": 1000})
    season = StringField(_l("Season (optional)"), validators=[Length(max=100)])
    can_deliver = BooleanField(_l("Can be delivered"), default=True)
    can_pick_up = BooleanField(_l("Can be picked up"))


class ProductEditForm(ProductForm):
    photos = ImagesField(_l("Add photos"))
    remove_photos = SelectMultipleField(_l("Remove these photos"), coerce=int,
                                        widget=ListWidget(prefix_label=False),
                                        option_widget=CheckboxInput())


class StockForm(Form):
    price = RupeesField(_l("Price"), max_paise=MAX_PRICE_PAISE)
    stock = _stock_field()


class CatalogueFilterForm(Form):
    class Meta:
        csrf = False

    q = StringField(_l("Search products"), validators=[Length(max=100)],
                    render_kw={"type": "search", "maxlength": 100}, widget=SearchBox())
    category = MenuField(_l("Kind"), validators=[Optional()])
    village = MenuField(_l("Village"), validators=[Optional()])
    group = MenuField(_l("Self-help group"), validators=[Optional()])
    organic = BooleanField(_l("Organic only"))
    in_stock = BooleanField(_l("In stock only"))
    min_price = StringField(_l("From ₹"), validators=[Optional(), Length(max=10), Identifier()])
    max_price = StringField(_l("To ₹"), validators=[Optional(), Length(max=10), Identifier()])
    sort = SelectField(_l("Sort by"), validators=[Optional()],
                       choices=[SelectChoice("newest", _l("Newest")),
                                SelectChoice("popular", _l("Most bought")),
                                SelectChoice("price", _l("Lowest price")),
                                SelectChoice("price_desc", _l("Highest price"))])
