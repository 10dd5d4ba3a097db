"""The request keeps the original and the display size; the job queue makes the other sizes."""

from __future__ import annotations

import io
import os

import pytest
import sqlalchemy as sa
from PIL import Image
from redis import Redis
from rq import Queue, SimpleWorker

from marketplace.catalogue.models import Product
from marketplace.catalogue.services import seed_product_categories
from marketplace.extensions import db
from marketplace.media import services
from marketplace.media.jobs import QUEUE_NAME, make_dispatcher
from marketplace.media.models import DERIVED, DISPLAY, VARIANTS, StoredImage
from marketplace.media.services import JOB_KIND, make_derived_variants, store_image
from tests.helpers import make_group, sign_in, submit
from tests.media.images import all_media_files, jpeg, original_file, stored_files


@pytest.fixture
def handed_on(app, monkeypatch) -> list[int]:
    """What the request hands to the job queue after its commit (nothing is made here)."""
    ids: list[int] = []
    monkeypatch.setitem(app.extensions["after_commit"], JOB_KIND, ids.extend)
    return ids


def fresh(image: StoredImage) -> StoredImage:
    db.session.expire(image)  # the job writes the row in its own session
    return image


def test_the_request_stores_the_original_and_the_display_size_and_hands_on_the_rest(
        app, handed_on):
    image = store_image(jpeg((4000, 3000)))
    assert handed_on == []  # only once the caller commits
    db.session.commit()
    assert handed_on == [image.id]
    files = stored_files(image)
    assert files[DISPLAY] is not None and all(files[v] is None for v in DERIVED)
    assert image.sizes == {DISPLAY: files[DISPLAY].stat().st_size}
    assert image.derived_at is None and (image.width, image.height) == (1200, 900)
    with Image.open(original_file(image)) as original:
        # Decoded at half scale: kept as decoded, no larger than twice the large variant.
        assert (original.format, original.size) == ("JPEG", (2000, 1500))
    with Image.open(files[DISPLAY]) as display:
        assert (display.format, display.size) == ("WEBP", (600, 450))


def test_a_rolled_back_upload_is_never_handed_to_the_job_queue(app, handed_on):
    store_image(jpeg())
    db.session.rollback()
    db.session.commit()
    assert handed_on == []


def test_the_job_makes_the_remaining_sizes_from_the_original(app, handed_on):
    image = store_image(jpeg((3000, 4000)))
    db.session.commit()
    assert make_derived_variants(image.id) is True
    fresh(image)
    files = stored_files(image)
    for variant in VARIANTS:
        with Image.open(files[variant]) as stored:
            assert (stored.format, stored.size) == ("WEBP", image.dimensions(variant))
        assert image.sizes[variant] == files[variant].stat().st_size
    assert image.derived_at is not None and image.derive_error is None
    assert make_derived_variants(image.id) is False  # done once; a second run does nothing


def test_an_image_deleted_before_its_job_ran_is_skipped(app, handed_on):
    image = store_image(jpeg())
    image_id = image.id
    services.delete_image(image)
    assert make_derived_variants(image_id) is False


def test_pages_show_the_display_size_until_the_job_has_run(app, client, handed_on):
    image = store_image(jpeg((1600, 1200)))
    db.session.commit()
    display = stored_files(image)[DISPLAY].read_bytes()
    for variant in DERIVED:
        response = client.get(f"/media/{image.key}/{variant}.webp")
        assert response.status_code == 200 and response.data == display
        assert response.headers["Cache-Control"] == "no-cache"  # not kept for a year
        assert "Expires" not in response.headers
        response.close()
    assert image.srcset_widths() == [(DISPLAY, 600)]

    make_derived_variants(image.id)
    fresh(image)
    response = client.get(f"/media/{image.key}/large.webp")
    assert response.data == stored_files(image)["large"].read_bytes() != display
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    response.close()
    assert [variant for variant, _ in image.srcset_widths()] == ["small", "thumb", "card", "medium",
                                                               "large"]


def test_a_failing_job_is_noted_on_the_image_raised_for_a_retry_and_made_later(
        app, handed_on, monkeypatch):
    image = store_image(jpeg())
    db.session.commit()

    def broken(picture, variant):
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(services, "encode_variant", broken)
        with pytest.raises(OSError, match="disk full"):
            make_derived_variants(image.id)
    fresh(image)
    assert image.derived_at is None and "disk full" in image.derive_error
    assert all(stored_files(image)[v] is None for v in DERIVED)
    assert image in services.pending_images()

    runner = app.test_cli_runner()
    listed = runner.invoke(args=["media", "pending"])
    assert f"{image.id}\t{image.key}" in listed.output and "disk full" in listed.output
    retried = runner.invoke(args=["media", "derive"])
    assert "made the sizes of 1 photo(s); 0 failed" in retried.output
    fresh(image)
    assert image.derived_at is not None and image.derive_error is None
    assert image not in services.pending_images()


def test_without_redis_the_sizes_are_made_right_after_commit(app):
    assert app.config["MEDIA_DERIVE"] == "inline"
    image = store_image(jpeg())
    db.session.commit()
    fresh(image)
    assert set(image.sizes) == set(VARIANTS) and image.derived_at is not None


def test_a_failure_after_commit_leaves_the_request_alone_and_the_image_pending(app):
    image = store_image(jpeg())
    services.storage().delete(image.original_name())  # e.g. a worker without the shared disk
    db.session.commit()  # must not raise
    fresh(image)
    assert image.derived_at is None and "original of image" in image.derive_error
    assert stored_files(image)[DISPLAY] is not None  # pages still show the display size


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("RQ needs Redis (set TEST_REDIS_URL); .ci/run does")
    return url


def test_with_redis_a_worker_makes_the_sizes_and_failed_jobs_are_retried(
        app, redis_url, monkeypatch):
    connection = Redis.from_url(redis_url)
    queue = Queue(QUEUE_NAME, connection=connection)
    queue.empty()
    monkeypatch.setitem(app.config, "MEDIA_DERIVE", "rq")
    monkeypatch.setitem(app.config, "REDIS_URL", redis_url)
    monkeypatch.setitem(app.extensions["after_commit"], JOB_KIND, make_dispatcher(app))

    image = store_image(jpeg())
    db.session.commit()
    assert queue.count == 1 and fresh(image).derived_at is None
    job = queue.jobs[0]
    assert job.args == (image.id,) and job.retries_left == 3

    with monkeypatch.context() as patch:
        patch.setattr(services, "encode_variant", lambda picture, variant: 1 / 0)
        SimpleWorker([queue], connection=connection).work(burst=True)
    job.refresh()
    assert job.retries_left == 2 and job.id in queue.scheduled_job_registry  # runs again
    assert "ZeroDivisionError" in fresh(image).derive_error

    queue.scheduled_job_registry.remove(job)
    queue.enqueue_job(job)  # as the scheduler does when the wait is over
    result = app.test_cli_runner().invoke(args=["media", "worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert set(fresh(image).sizes) == set(VARIANTS) and image.derive_error is None


def test_if_redis_is_down_the_upload_still_succeeds_and_waits_for_flask_media_derive(
        app, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_DERIVE", "rq")
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")
    monkeypatch.setitem(app.extensions["after_commit"], JOB_KIND, make_dispatcher(app))
    image = store_image(jpeg())
    db.session.commit()  # must not raise
    assert image in services.pending_images()


def test_a_product_photo_upload_answers_with_the_display_size_made_and_the_rest_queued(
        app, client, nadaun, handed_on):
    seed_product_categories()
    group, leader = make_group(nadaun)
    sign_in(client, leader)
    form = {"name_hi": "लिंगड़ी का अचार", "name_en": "", "unit": "jar", "price": "180",
            "stock": "12", "category": db.session.scalar(sa.text(
                "SELECT id FROM product_categories ORDER BY id LIMIT 1"))}
    response = submit(client, "/products/new",
                      {**form, "photos": [(io.BytesIO(jpeg((4000, 3000))), "IMG_1.jpg")]},
                      content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)[-800:]
    image = db.session.scalars(sa.select(Product)).one().photos[0].image
    assert handed_on == [image.id] and set(image.sizes) == {DISPLAY}
    assert image.derived_at is None and original_file(image) is not None


@pytest.mark.parametrize(
    ("uploads", "words"),
    [
        pytest.param([b"<html><script>alert(1)</script></html>"], "JPEG, PNG or WebP",
                     id="html"),
        pytest.param([jpeg()[:400]], "could not be read", id="truncated"),
        pytest.param([jpeg(), b"%PDF-1.4"], "JPEG, PNG or WebP", id="good-then-pdf"),
    ],
)
def test_hostile_uploads_are_still_refused_with_a_4xx_and_nothing_is_kept_or_queued(
        app, client, nadaun, handed_on, uploads, words):
    seed_product_categories()
    group, leader = make_group(nadaun)
    sign_in(client, leader)
    before = all_media_files(app)
    form = {"name_hi": "अचार", "unit": "jar", "price": "180", "stock": "1",
            "category": db.session.scalar(sa.text(
                "SELECT id FROM product_categories ORDER BY id LIMIT 1"))}
    response = submit(client, "/products/new",
                      {**form, "photos": [(io.BytesIO(u), "x.jpg") for u in uploads]},
                      content_type="multipart/form-data")
    assert response.status_code == 400 and words in response.get_data(as_text=True)
    assert {p for p in all_media_files(app) - before if p.is_file()} == set()
    assert handed_on == []
