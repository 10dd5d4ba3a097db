"""Files get random names, and no file outlives a failed or deleted image."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from marketplace.extensions import db
from marketplace.media.models import StoredImage
from marketplace.media.queries import get_image_by_key
from marketplace.media.services import delete_image, discard_files, storage, store_image
from marketplace.media.storage import LocalStorage
from tests.helpers import make_user
from tests.media.images import (
    all_media_files,
    jpeg,
    original_file,
    store_and_derive,
    stored_files,
)

STORED_NAME = re.compile(
    r"^[0-9a-f]{2}/[0-9a-f]{32}-((large|medium|card|thumb|small)\.webp|original)$")


def test_stored_file_names_contain_nothing_of_the_uploaded_name(app):
    upload = FileStorage(io.BytesIO(jpeg()), filename="../<script>फोटो-ramesh.php.jpg",
                         content_type="text/html")
    image = store_and_derive(upload.stream)
    names = {image.file_name(variant): path for variant, path in stored_files(image).items()}
    for name, path in {**names, image.original_name(): original_file(image)}.items():
        assert STORED_NAME.match(name), name
        assert path.name == name.split("/")[1]
        assert not re.search("ramesh|php|script|jpg|फोटो", str(path.relative_to(
            app.config["MEDIA_ROOT"])))


def test_the_same_upload_twice_gets_two_unrelated_keys(app):
    first, second = store_image(jpeg()), store_image(jpeg())
    assert first.key != second.key
    assert get_image_by_key(first.key) is first


def test_the_uploader_is_recorded_and_the_key_is_found_again(app):
    user = make_user()
    image = store_image(jpeg(), uploaded_by_id=user.id)
    assert get_image_by_key(image.key).uploaded_by_id == user.id
    assert image.created_at.tzinfo is not None


@pytest.mark.parametrize("key", ["", "0" * 32, "../../etc/passwd", "A" * 32, "x" * 33])
def test_an_unknown_or_malformed_key_finds_nothing(app, key):
    assert get_image_by_key(key) is None


def test_when_the_row_cannot_be_written_no_file_is_left_behind(app):
    before = all_media_files(app)
    with pytest.raises(sa.exc.IntegrityError):
        store_image(jpeg(), uploaded_by_id=987_654_321)  # no such user
    db.session.rollback()
    assert {p for p in all_media_files(app) - before if p.is_file()} == set()


def test_when_the_callers_transaction_rolls_back_discard_files_removes_the_files(app):
    image = store_and_derive(jpeg())
    paths = {**stored_files(image), "original": original_file(image)}
    db.session.rollback()
    discard_files(image)
    assert not any(path.exists() for path in paths.values())


def test_deleting_an_image_removes_its_row_and_its_files(app):
    image = store_and_derive(jpeg())
    key, paths = image.key, {**stored_files(image), "original": original_file(image)}
    delete_image(image)
    assert db.session.scalar(sa.select(StoredImage).where(StoredImage.key == key)) is None
    assert not any(path.exists() for path in paths.values())


def test_storage_refuses_names_that_leave_its_folder(tmp_path):
    local = LocalStorage(tmp_path / "uploads")
    for name in ("../outside.webp", "/etc/passwd", "ab/../../outside.webp"):
        with pytest.raises(ValueError, match="escapes"):
            local.save(name, b"x")
    assert list(tmp_path.iterdir()) == []


def test_storage_writes_whole_files_that_a_web_server_may_read(tmp_path):
    local = LocalStorage(tmp_path)
    local.save("ab/cd.webp", b"RIFF")
    assert local.path_of("ab/cd.webp").read_bytes() == b"RIFF"
    assert local.path_of("ab/cd.webp").stat().st_mode & 0o777 == 0o644
    assert [p.name for p in (tmp_path / "ab").iterdir()] == ["cd.webp"]  # no temporary left
    local.delete("ab/cd.webp")
    local.delete("ab/cd.webp")  # deleting twice is fine
    assert local.path_of("ab/cd.webp") is None


def test_tests_never_write_into_a_media_root_from_the_environment(app):
    assert app.config["MEDIA_ROOT"].startswith(app.instance_path)
    assert str(storage().root) == app.config["MEDIA_ROOT"]
