"""A 12 MP phone photo through the image pipeline: what the request pays now, beside the old
pipeline that made every size in the request, measured in the same run.

    python -m bench.images [--runs N]

Makes a photo-like 4000×3000 JPEG (gradients, blotches and sensor noise; about 4.6 MB), an
app on a throwaway SQLite database and media folder, then N times, alternating: the old
pipeline (decode at reduced scale, 1200 px, three WebP sizes at method 4, row), the request's
step now (store_image and commit: the clean original and the display size; the job is only
handed the id) and the job (make_derived_variants: large and thumb). Prints p50/p95 of each,
then the peak memory of each step, each in a fresh process (the peak resident size of the
whole process, VmHWM reset just before the step, and how far it rose above the warmed-up app;
and tracemalloc's peak, which sees Python's allocations only, not Pillow's pixel buffers),
and the bytes and PSNR of the large variant with the old and the new WebP settings.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from flask import current_app
from PIL import Image, ImageChops, ImageOps

from marketplace import create_app
from marketplace.config import TestingConfig
from marketplace.extensions import db
from marketplace.media import services
from marketplace.media.models import VARIANTS, StoredImage, fit
from marketplace.media.services import JOB_KIND, make_derived_variants, store_image

OLD_WEBP = {"quality": 80, "method": 4}
LARGEST = max(VARIANTS.values())


def photo_jpeg(width: int = 4000, height: int = 3000) -> bytes:
    """Photo-like: smooth light across the frame, blotches the size of objects, fine texture
    and sensor noise, saved as a phone does (quality 90): about 4.6 MB at 12 MP."""
    light = Image.linear_gradient("L").resize((width, height))
    round_light = Image.radial_gradient("L").resize((width, height))
    fine = Image.effect_noise((width, height), 14)
    texture = Image.effect_noise((width // 4, height // 4), 50).resize(
        (width, height), Image.Resampling.BILINEAR)
    blotches = Image.effect_noise((width // 40, height // 40), 90).resize(
        (width, height), Image.Resampling.BICUBIC)
    grain = ImageChops.add(texture, fine, scale=2.0)

    def channel(base: Image.Image, shapes: Image.Image) -> Image.Image:
        return ImageChops.add(ImageChops.multiply(base, shapes), grain, offset=-128)

    picture = Image.merge("RGB", (
        channel(light, blotches),
        channel(round_light, blotches.transpose(Image.Transpose.FLIP_LEFT_RIGHT)),
        channel(light.transpose(Image.Transpose.FLIP_TOP_BOTTOM),
                blotches.transpose(Image.Transpose.ROTATE_180))))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90)
    return out.getvalue()


def _old_largest_clean(image: Image.Image) -> Image.Image:
    """media.services._largest_clean as it was at commit 95e89a8, line for line."""
    ImageOps.exif_transpose(image, in_place=True)
    if image.mode.startswith("I"):
        image = image.convert("I").point(lambda value: value / 256, "L")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    pixels = image.convert("RGBA" if has_alpha else "RGB")
    if has_alpha and pixels.getchannel("A").getextrema() == (255, 255):
        pixels = pixels.convert("RGB")
    size = fit(pixels.width, pixels.height, LARGEST)
    if size != pixels.size:
        pixels = pixels.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    fresh = Image.new(pixels.mode, pixels.size)
    fresh.paste(pixels)
    return fresh


def old_pipeline(data: bytes) -> StoredImage:
    """The pipeline before the job queue (commit 95e89a8): every size made in the request.
    Its decoding (draft to 1200 px, our three decoders, the pixel check) is unchanged."""
    config = current_app.config
    image = services._decode(services._read_limited(data, config["MEDIA_MAX_BYTES"]),
                             config["MEDIA_MAX_PIXELS"])
    large = _old_largest_clean(image)
    image.close()
    encoded = {}
    for variant, longest in VARIANTS.items():
        size = fit(large.width, large.height, longest)
        picture = large if size == large.size else large.resize(size, Image.Resampling.LANCZOS)
        out = io.BytesIO()
        picture.save(out, "WEBP", **OLD_WEBP)
        encoded[variant] = out.getvalue()
    stored = StoredImage(key=secrets.token_hex(16), width=large.width, height=large.height,
                         sizes={variant: len(blob) for variant, blob in encoded.items()})
    for variant, blob in encoded.items():
        services.storage().save(stored.file_name(variant), blob)
    db.session.add(stored)
    db.session.commit()
    return stored


def new_request(data: bytes) -> int:
    image_id = store_image(data).id
    db.session.commit()  # hands the id on (to nothing here: the job is timed on its own)
    return image_id


def make_app(folder: Path):
    app = create_app(TestingConfig(database_url=f"sqlite:///{folder / 'bench.sqlite3'}"))
    app.config["MEDIA_ROOT"] = str(folder / "media")
    app.extensions["after_commit"][JOB_KIND] = lambda ids: None
    return app


def timed(step, *args) -> tuple[tuple[float, float], object]:
    """(wall ms, CPU ms of this process) and the result: on a shared machine the wall time
    includes waiting for a core, the CPU time is the step's own work."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = step(*args)
    return ((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000), result


def time_steps(data: bytes, runs: int, folder: Path) -> tuple[dict[str, list], int]:
    """(wall, CPU) milliseconds of each step per run, alternating so that they share the
    machine's load; returns them and the id of one image left for the job's memory figure."""
    app = make_app(folder)
    times: dict[str, list[tuple[float, float]]] = {"old": [], "request": [], "job": []}
    with app.app_context():
        db.create_all()
        for run in range(runs + 1):  # the first run warms up and is not counted
            old_ms, _ = timed(old_pipeline, data)
            db.session.close()  # as at the end of a request
            request_ms, image_id = timed(new_request, data)
            db.session.close()
            job_ms, _ = timed(make_derived_variants, image_id)
            if run:
                for name, ms in (("old", old_ms), ("request", request_ms), ("job", job_ms)):
                    times[name].append(ms)
        left_for_job = new_request(data)
    return times, left_for_job


def _rss_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> None:
    """Linux: VmHWM (the peak) starts again from the current size, so the peak read after
    the step is the step's own, not the app start's."""
    Path("/proc/self/clear_refs").write_text("5")


def child(step: str, folder: Path, image_id: int) -> None:
    """One step once in this fresh process; prints its memory figures as JSON."""
    app = make_app(folder)
    data = (folder / "photo.jpg").read_bytes()
    with app.app_context():
        # Warm up: codecs, the ORM and the app are loaded before the baseline is read.
        small = io.BytesIO()
        Image.new("RGB", (64, 48)).save(small, "JPEG")
        store_image(small.getvalue())
        db.session.rollback()
        _reset_peak()
        before = _rss_mb("VmRSS")
        tracemalloc.start()
        if step == "old":
            old_pipeline(data)
        elif step == "request":
            new_request(data)
        else:
            del data
            assert make_derived_variants(image_id)
        _, python_peak = tracemalloc.get_traced_memory()
    peak = _rss_mb("VmHWM")
    print(json.dumps({"peak": peak, "above": peak - before, "python": python_peak / 2**20}))


def memory_of(step: str, folder: Path, image_id: int) -> dict[str, float]:
    output = subprocess.run(  # noqa: S603 - this interpreter, this module
        [sys.executable, "-m", "bench.images", "--child", step, "--folder", str(folder),
         "--image-id", str(image_id)], check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def psnr(reference: Image.Image, blob: bytes) -> float:
    with Image.open(io.BytesIO(blob)) as decoded:
        histogram = ImageChops.difference(reference, decoded.convert("RGB")).histogram()
    squared = sum(count * (value % 256) ** 2 for value, count in enumerate(histogram))
    mean = squared / (reference.width * reference.height * 3)
    return 10 * math.log10(255 * 255 / mean) if mean else math.inf


def webp_settings(data: bytes) -> list[str]:
    """Bytes and PSNR of the large variant with the old and the new WebP settings."""
    with Image.open(io.BytesIO(data)) as photo:
        photo.draft("RGB", (1200, 900))
        large = photo.convert("RGB").resize((1200, 900), Image.Resampling.LANCZOS)
    lines = []
    for name, options in (("old", OLD_WEBP), ("new", services.WEBP_OPTIONS)):
        (_wall, cpu), blob = timed(lambda: services._encode(large, "WEBP", **options))  # noqa: B023
        lines.append(f"  large WebP {name} {options}: {len(blob) / 1024:.0f} kB, "
                     f"PSNR {psnr(large, blob):.2f} dB, {cpu:.0f} ms CPU")
    return lines


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(times: dict[str, list], memory: dict[str, dict[str, float]]) -> None:
    labels = {"old": "old pipeline, all sizes in the request",
              "request": "request now: original + display size",
              "job": "job: large + thumb (off the request)"}
    print(f"{'step':40} {'p50 ms':>7} {'p95 ms':>7} {'CPU p50':>8} {'peak RSS MB':>12} "
          f"{'above app':>10} {'tracemalloc':>12}")
    medians = {}
    for step, label in labels.items():
        wall = [ms for ms, _cpu in times[step]]
        cpu = [cpu for _ms, cpu in times[step]]
        medians[step] = statistics.median(wall), statistics.median(cpu)
        figures = memory[step]
        print(f"{label:40} {medians[step][0]:7.0f} {percentile(wall, 0.95):7.0f} "
              f"{medians[step][1]:8.0f} {figures['peak']:12.0f} {figures['above']:10.0f} "
              f"{figures['python']:11.1f}M")
    print(f"request now / old pipeline: {medians['request'][0] / medians['old'][0]:.2f} of the "
          f"time (p50), {medians['request'][1] / medians['old'][1]:.2f} of the CPU time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--child", choices=("old", "request", "job"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--image-id", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.folder, args.image_id)
        return
    with tempfile.TemporaryDirectory(prefix="swarozgar-bench-images-") as name:
        folder = Path(name)
        data = photo_jpeg()
        (folder / "photo.jpg").write_bytes(data)
        print(f"photo: 4000×3000 JPEG, {len(data) / 1e6:.1f} MB; {args.runs} runs of each step")
        times, pending_id = time_steps(data, args.runs, folder)
        memory = {step: memory_of(step, folder, pending_id) for step in times}
        report(times, memory)
        print("\n".join(webp_settings(data)))


if __name__ == "__main__":
    main()
