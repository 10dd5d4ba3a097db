"""A sub-division's demo self-help groups with members and products (25 groups and about 300
products in Nadaun, fewer in Sonepur), from its recipe."""

from __future__ import annotations

import random

import sqlalchemy as sa

from marketplace.accounts.models import Role, User
from marketplace.accounts.services import create_account, hash_password
from marketplace.catalogue.models import (
    Product,
    ProductCategory,
    ProductPhoto,
    ProductStatus,
    ProductUnit,
)
from marketplace.core.text import search_key
from marketplace.demo.nadaun import DEMO_PASSWORD
from marketplace.demo.pictures import product_photo
from marketplace.demo.recipe import Recipe
from marketplace.extensions import db
from marketplace.media.services import store_image
from marketplace.places.models import SubDivision, Village
from marketplace.shg.models import SelfHelpGroup, SHGMember, SHGStatus


def photo_of(name_en: str) -> int:
    """The stored photo of a kind of demo product: the one its namesakes already show (in
    any sub-division), else a new drawing."""
    shown = db.session.scalar(sa.select(ProductPhoto.image_id).join(
        Product, ProductPhoto.product_id == Product.id).where(
        Product.name_en == name_en, ProductPhoto.position == 0).order_by(ProductPhoto.id)
        .limit(1))
    return shown if shown is not None else store_image(product_photo(name_en)).id


def seed_groups(sub_division: SubDivision, recipe: Recipe) -> int:
    """Add the sub-division's demo groups, members and products once; returns how many
    products the sub-division has."""
    products_here = sa.select(sa.func.count(Product.id)).where(
        Product.sub_division_id == sub_division.id)
    if db.session.scalar(sa.select(sa.func.count(SelfHelpGroup.id)).where(
            SelfHelpGroup.sub_division_id == sub_division.id)):
        return db.session.scalar(products_here)
    rng = random.Random(4)  # noqa: S311 - demo data, the same every time
    villages = db.session.scalars(sa.select(Village).where(
        Village.sub_division_id == sub_division.id).order_by(Village.id)).all()
    categories = {c.slug: c for c in db.session.scalars(sa.select(ProductCategory))}
    # One photo per kind of product, shared by the groups that sell it.
    pictures = {name: photo_of(name)
                for name, *_ in (item for items in recipe.products.values() for item in items[:2])}
    names = random.Random(9)  # noqa: S311 - demo data
    shared_hash = hash_password(DEMO_PASSWORD)
    admin = db.session.scalar(sa.select(User).where(User.role == Role.ADMIN))
    phone_number = 0
    for index, (name_en, name_hi) in enumerate(recipe.group_names):
        village = villages[index % len(villages)]
        group = SelfHelpGroup(sub_division_id=sub_division.id, name_en=f"{name_en} SHG",
                              name_hi=f"{name_hi} स्वयं सहायता समूह", village_id=village.id,
                              story=recipe.stories[index % len(recipe.stories)].format(
                                  village=village.name_hi, village_en=village.name_en,
                                  count=8 + index % 7),
                              upi_id=recipe.upi_id.format(n=index + 1), status=SHGStatus.APPROVED,
                              created_by_id=admin.id)
        db.session.add(group)
        for member_index in range(rng.randint(2, 4)):
            phone_number += 1
            user = create_account(phone=f"{recipe.member_phones}{phone_number:05d}",
                                  name=f"{names.choice(recipe.member_first_names)} "
                                       f"{names.choice(recipe.member_last_names)}",
                                  password="", password_hash=shared_hash,
                                  role=Role.SHG_MEMBER, language="hi")
            db.session.add(SHGMember(group=group, user=user, is_leader=member_index == 0))
        db.session.flush()
        for slug in rng.sample(sorted(recipe.products), 6):
            for p_en, p_hi, unit, rupees in recipe.products[slug][:2]:
                product = Product(
                    group_id=group.id, sub_division_id=sub_division.id,
                    category_id=categories[slug].id, name_en=p_en, name_hi=p_hi,
                    unit=ProductUnit(unit), price_paise=(rupees + rng.randint(-5, 15)) * 100,
                    stock=rng.choice([0, 3, 8, 15, 30]), is_organic=rng.random() < 0.6,
                    status=ProductStatus.APPROVED, created_by_id=admin.id,
                    search_text=search_key(f"{p_en} {p_hi}"))
                product.photos = [ProductPhoto(image_id=pictures[p_en], position=0)]
                db.session.add(product)
    db.session.flush()
    return db.session.scalar(products_here)
