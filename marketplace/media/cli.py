"""`flask media worker`, `derive` and `pending`: the other sizes of uploaded photos."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from marketplace.core.jobs import run_worker
from marketplace.media.services import make_derived_variants, pending_images

media_cli = AppGroup("media", help="Make and check the sizes of uploaded photos.")


@media_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_command(burst: bool) -> None:
    """Run an RQ worker that makes the sizes of new photos (needs REDIS_URL)."""
    from marketplace.media.jobs import QUEUE_NAME

    run_worker([QUEUE_NAME], burst=burst)


@media_cli.command("derive")
def derive_command() -> None:
    """Make the missing sizes of every pending photo (queued, or whose job failed)."""
    made = failed = 0
    for image in pending_images():
        try:
            made += make_derived_variants(image.id)
        except Exception as exc:  # noqa: BLE001 - report it and go on with the others
            failed += 1
            click.echo(f"image {image.id}: {exc!r}", err=True)
    click.echo(f"made the sizes of {made} photo(s); {failed} failed")


@media_cli.command("pending")
def pending_command() -> None:
    """List photos whose sizes are not made yet, with the last error if their job failed."""
    images = pending_images()
    for image in images:
        click.echo(f"{image.id}\t{image.key}\t{image.created_at:%Y-%m-%d %H:%M}\t"
                   f"{image.derive_error or 'queued'}")
    click.echo(f"{len(images)} photo(s) pending")


COMMANDS = [media_cli]
