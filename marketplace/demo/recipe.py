"""What one demo sub-division is made of: its places, its people's names, its groups' products
and its phone number ranges. Each demo sub-division has a module that fills one `Recipe`
(`nadaun.py`, `sonepur.py`); the generators (workers, groups, orders, bookings, drives, panel)
take the sub-division and its recipe, so a new demo sub-division is one more such module."""

from __future__ import annotations

from dataclasses import dataclass

from marketplace.drives.models import PartnerKind

#: (English, Hindi) of a name
Name = tuple[str, str]
#: block → panchayats: (block, block in Hindi, [(panchayat, in Hindi, is urban,
#: [(village or ward, in Hindi, latitude, longitude)])])
Blocks = list[tuple[str, str, list[tuple[str, str, bool, list[tuple[str, str, float, float]]]]]]
#: product category slug → [(English, Hindi, unit, rupees)]; the first two of each are sold
Products = dict[str, list[tuple[str, str, str, int]]]


@dataclass(frozen=True)
class Recipe:
    """Everything the demo generators need to build one sub-division."""

    #: keyword arguments of `ensure_sub_division` (code, names, district, state)
    sub_division: dict[str, str]
    blocks: Blocks
    #: (role, phone, name, language) of the logins printed by `flask seed-demo`; names as
    #: each would write them, in Devanagari when they read the site in Hindi
    users: list[tuple[str, str, str, str]]
    #: the sub-division's WhatsApp number: (Meta's phone number id, the number as dialled)
    whatsapp: tuple[str, str]
    #: phone ranges: an eight-character prefix, then five digits counting from 00001
    worker_phones: str
    member_phones: str
    buyer_phones: str

    # Workers.
    first_names: list[Name]
    last_names: list[Name]
    #: first names (English) of women: half of them go by "Devi" (so no man does: it is not
    #: among `last_names`)
    women: frozenset[str]
    workers_per_category: int
    #: languages besides Hindi that many workers speak, and how many of them do
    more_languages: tuple[str, ...]
    more_languages_share: float

    # Self-help groups.
    group_names: list[Name]
    products: Products
    #: what a group says about itself ({village}, {village_en}, {count})
    stories: list[str]
    member_first_names: list[str]
    member_last_names: list[str]
    #: the groups' UPI ids ({n}: the group's number)
    upi_id: str
    #: new listings waiting for the SDM office: (English, Hindi, slug, rupees, unit)
    waiting_products: list[tuple[str, str, str, int, str]]

    # Orders and delivery.
    buyer_names: list[str]
    #: addresses as buyers type them, by language ({n} a house number, {w} a ward, {place})
    houses: dict[str, list[str]]
    #: delivery charge, free delivery from, minimum order (paise)
    delivery_terms: tuple[int, int, int]

    # Bookings and the registration drive.
    #: what residents ask for, by kind of work, where the place shows (over the general jobs)
    jobs: dict[str, str]
    #: (kind, name in English, name in Hindi)
    partners: list[tuple[PartnerKind, str, str]]

    @property
    def code(self) -> str:
        return self.sub_division["code"]

    @property
    def name_en(self) -> str:
        return self.sub_division["name_en"]

    def phone_prefixes(self) -> tuple[str, ...]:
        """Every phone of this sub-division's demo people starts with one of these."""
        return (*(phone for role, phone, *_ in self.users if role != "admin"),
                self.worker_phones, self.member_phones, self.buyer_phones)
