"""Photos of the demo's produce and portraits of its workers, drawn with Pillow: a heap of
tomatoes on a wooden table, dal in a bowl, honey in a jar, a folded shawl... shaded, with
shadows and grain, so a card reads as the thing it sells. No words on them; the same picture
for the same seed, and fast (tens of milliseconds each)."""

from __future__ import annotations

import functools
import io
import math
import random
from collections.abc import Callable

from PIL import Image, ImageChops, ImageDraw, ImageFilter

SIZE = 480
RGB = tuple[int, int, int]


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _jitter(colour: RGB, rng: random.Random, spread: int = 18) -> RGB:
    shift = rng.randint(-spread, spread)
    return tuple(max(0, min(255, c + shift + rng.randint(-4, 4))) for c in colour)


# Backgrounds


def _wood(rng: random.Random) -> Image.Image:
    image = Image.new("RGB", (SIZE, SIZE))
    draw = ImageDraw.Draw(image)
    top, bottom = (168, 118, 74), (112, 72, 42)
    for y in range(SIZE):
        base = _mix(top, bottom, y / SIZE)
        draw.line((0, y, SIZE, y), fill=_jitter(base, rng, 6))
    for _ in range(14):  # darker grain lines, gently waving
        y0, amplitude, phase = rng.uniform(0, SIZE), rng.uniform(2, 7), rng.uniform(0, 6)
        points = [(x, y0 + amplitude * math.sin(x / 60 + phase)) for x in range(0, SIZE + 20, 20)]
        draw.line(points, fill=(92, 58, 34), width=rng.choice([1, 2]))
    return image


def _cloth(rng: random.Random, colour: RGB) -> Image.Image:
    image = Image.new("RGB", (SIZE, SIZE), colour)
    draw = ImageDraw.Draw(image)
    dark = _mix(colour, (0, 0, 0), 0.12)
    for step in range(0, SIZE, 4):  # a coarse weave
        draw.line((step, 0, step, SIZE), fill=_jitter(dark, rng, 5))
        draw.line((0, step + 2, SIZE, step + 2), fill=_jitter(dark, rng, 5))
    return image


@functools.cache
def _vignette() -> Image.Image:
    return Image.radial_gradient("L").resize((SIZE, SIZE)).point(lambda v: v * 0.45)


@functools.cache
def _grain() -> Image.Image:
    """Film grain around mid-grey, made once (noise is the slow part of a picture); faint, as
    grain costs bytes on 3G (σ 10 would make the 600 px photo 17 KB instead of 9)."""
    return Image.effect_noise((SIZE, SIZE), 4).convert("RGB")


def _finish(image: Image.Image, *, photo: bool = True) -> bytes:
    """Vignette, and for a photo grain and a slight softness, as a phone photo has."""
    image = Image.composite(Image.new("RGB", image.size, (20, 12, 6)), image, _vignette())
    if photo:
        image = ImageChops.add(image, _grain(), scale=1.0, offset=-128)
        image = image.filter(ImageFilter.BoxBlur(0.6))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=84)
    return out.getvalue()


def _shadow(image: Image.Image, box: tuple[float, float, float, float], strength: int = 120,
            blur: int = 14) -> None:
    """A soft shadow on the table (blurred at a quarter size: a big blur is the slow part)."""
    mask = Image.new("L", (SIZE // 4, SIZE // 4), 0)
    ImageDraw.Draw(mask).ellipse(tuple(v / 4 for v in box), fill=strength)
    mask = mask.filter(ImageFilter.GaussianBlur(blur / 4)).resize(image.size, Image.BILINEAR)
    image.paste((25, 15, 8), mask=mask)


# Shapes


def _ball(draw: ImageDraw.ImageDraw, cx: float, cy: float, rx: float, ry: float, colour: RGB,
          *, light: RGB | None = None, shine: bool = True) -> None:
    """A shaded round thing lit from the top left: darker rim, lighter core, a highlight."""
    dark = _mix(colour, (0, 0, 0), 0.45)
    light = light or _mix(colour, (255, 255, 255), 0.25)
    steps = max(4, int(min(rx, ry) / 2))
    for i in range(steps):
        t = i / steps
        sx, sy = rx * (1 - 0.8 * t), ry * (1 - 0.8 * t)
        ox, oy = cx - rx * 0.25 * t, cy - ry * 0.25 * t
        fill = _mix(dark, colour, min(1, t * 2.2)) if t < 0.45 else _mix(colour, light, t - 0.3)
        draw.ellipse((ox - sx, oy - sy, ox + sx, oy + sy), fill=fill)
    if shine:
        hx, hy = cx - rx * 0.38, cy - ry * 0.42
        draw.ellipse((hx - rx * 0.16, hy - ry * 0.1, hx + rx * 0.16, hy + ry * 0.1),
                     fill=_mix(light, (255, 255, 255), 0.7))


def _pile(rng: random.Random, count: int, cx: float, cy: float, width: float, height: float
          ) -> list[tuple[float, float]]:
    """Points of a mound, back to front (so nearer things cover those behind)."""
    points = []
    for _ in range(count):
        angle, dist = rng.uniform(0, 2 * math.pi), math.sqrt(rng.random())
        points.append((cx + math.cos(angle) * dist * width, cy + math.sin(angle) * dist * height))
    return sorted(points, key=lambda p: p[1])


def _bowl(image: Image.Image, rng: random.Random, fill: Callable, *, colour: RGB = (150, 96, 52),
          cx: float = 240, cy: float = 250, r: float = 170) -> None:
    """A clay or brass bowl seen from above at an angle, its contents drawn by `fill`."""
    _shadow(image, (cx - r * 1.05, cy - r * 0.25, cx + r * 1.15, cy + r * 0.95))
    draw = ImageDraw.Draw(image)
    for i in range(24):  # the body: a half ellipse, darker downwards
        t = i / 24
        draw.chord((cx - r, cy - r * 0.5 - t * 4, cx + r, cy + r * 0.85 - t * 4), 0, 180,
                   fill=_mix(_mix(colour, (0, 0, 0), 0.35), colour, t))
    draw.ellipse((cx - r, cy - r * 0.5, cx + r, cy + r * 0.5), fill=_mix(colour, (255, 255, 255),
                                                                          0.25))
    inner = (cx - r * 0.9, cy - r * 0.42, cx + r * 0.9, cy + r * 0.42)
    draw.ellipse(inner, fill=_mix(colour, (0, 0, 0), 0.5))
    fill(image, draw, inner)


def _grains(colour: RGB, *, size: float, count: int, shape: float = 1.0, shine: bool = True,
            spread: int = 16) -> Callable:
    """Bowl contents: a heap of beans, lentils or millet."""
    def fill(image, draw, box) -> None:
        rng = random.Random(f"{colour}{count}")  # noqa: S311 - a picture
        x0, y0, x1, y1 = box
        cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
        draw.ellipse(box, fill=_mix(colour, (0, 0, 0), 0.3))
        for x, y in _pile(rng, count, cx, cy - h * 0.15, w * 0.92, h * 0.95):
            lift = 1 - ((x - cx) ** 2 / w ** 2 + (y - cy) ** 2 / h ** 2)  # higher in the middle
            c = _mix(_jitter(colour, rng, spread), (255, 255, 255), max(0, lift) * 0.15)
            s = size * rng.uniform(0.8, 1.2)
            _ball(draw, x, y - lift * 14, s * shape, s, c, shine=shine and s > 4)
    return fill


def _powder(colour: RGB) -> Callable:
    """Bowl contents: a soft mound of flour or ground spice."""
    def fill(image, draw, box) -> None:
        x0, y0, x1, y1 = box
        cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
        for i in range(30):
            t = i / 30
            c = _mix(_mix(colour, (0, 0, 0), 0.3), _mix(colour, (255, 255, 255), 0.3), t)
            draw.ellipse((cx - w * (1 - 0.7 * t) - 8 * t, cy - h * (1 - 0.5 * t) - 40 * t,
                          cx + w * (1 - 0.7 * t) - 8 * t, cy + h * (1 - 0.6 * t) - 40 * t), fill=c)
    return fill


def _jar(image: Image.Image, rng: random.Random, contents: RGB, *, lid: RGB = (170, 30, 30),
         pieces: RGB | None = None, piece_size: float = 14, cloth: bool = False) -> None:
    """A glass jar of pickle, honey or ghee, lid on, light catching the glass."""
    x0, y0, x1, y1 = 130, 120, 350, 430
    _shadow(image, (x0 - 20, y1 - 40, x1 + 60, y1 + 30))
    draw = ImageDraw.Draw(image)
    for i in range(int(x1 - x0)):  # the contents, rounder at the sides
        t = abs(i / (x1 - x0) - 0.5) * 2
        draw.line((x0 + i, y0 + 50, x0 + i, y1 - 14 * t * t),
                  fill=_mix(_mix(contents, (255, 240, 200), 0.25), _mix(contents, (0, 0, 0), 0.45),
                            t ** 1.5))
    if pieces:
        for x, y in _pile(rng, 70, 240, 290, 95, 125):
            size = piece_size * rng.uniform(0.6, 1.2)
            _ball(draw, x, y, size, size * rng.uniform(0.6, 0.9), _jitter(pieces, rng, 22),
                  shine=False)
    glass = Image.new("L", image.size, 0)
    gd = ImageDraw.Draw(glass)
    gd.rounded_rectangle((x0 + 22, y0 + 60, x0 + 44, y1 - 30), radius=10, fill=120)
    gd.rounded_rectangle((x1 - 40, y0 + 70, x1 - 32, y1 - 60), radius=4, fill=70)
    image.paste((255, 255, 255), mask=glass.filter(ImageFilter.GaussianBlur(4)))
    draw.rounded_rectangle((x0 + 8, y0 - 6, x1 - 8, y0 + 50), radius=12,
                           fill=_mix(lid, (0, 0, 0), 0.25))
    for i in range(10):
        draw.rounded_rectangle((x0 + 10, y0 - 6 + i, x1 - 10, y0 + 26 + i), radius=10,
                               fill=_mix(lid, (255, 255, 255), 0.04 * (10 - i)))
    if cloth:  # a cloth cover tied with string, as pickles come from a group's kitchen
        draw.polygon([(x0 - 6, y0 + 44), (x0 + 20, y0 - 20), (x1 - 20, y0 - 20), (x1 + 6, y0 + 44),
                      (x1 - 10, y0 + 70), (x0 + 10, y0 + 70)], fill=lid)
        for k in range(0, 260, 26):
            draw.line((x0 - 6 + k, y0 - 20, x0 - 6 + k, y0 + 70),
                      fill=_mix(lid, (255, 255, 255), 0.5), width=4)
        draw.line((x0 + 4, y0 + 52, x1 - 4, y0 + 52), fill=(230, 210, 160), width=5)


def _heap(colour: RGB, *, count: int = 22, size: float = 48, shape: float = 1.0,
          light: RGB | None = None, top: Callable | None = None) -> Callable:
    """Fruit or vegetables heaped on the table."""
    def draw_it(image: Image.Image, rng: random.Random) -> None:
        _shadow(image, (40, 240, 460, 470))
        draw = ImageDraw.Draw(image)
        for x, y in _pile(rng, count, 240, 300, 175, 120):
            s = size * rng.uniform(0.85, 1.15)
            _ball(draw, x, y, s * shape, s, _jitter(colour, rng), light=light)
            if top:
                top(draw, x, y, s, rng)
    return draw_it


def _calyx(draw, x, y, s, rng) -> None:
    for k in range(5):
        a = k * 2 * math.pi / 5 + rng.random()
        y0 = y - s * 0.55
        draw.line((x, y0, x + math.cos(a) * s * 0.35, y0 + math.sin(a) * s * 0.2),
                  fill=(46, 100, 30), width=4)


def _stem(draw, x, y, s, rng) -> None:
    draw.line((x - s * 1.15, y - s * 0.1, x - s * 1.3, y - s * 0.3), fill=(70, 50, 20), width=4)


def _tube(draw, points, width: float, colour: RGB) -> None:
    """A rounded, shaded stroke: a chilli, a fern stalk, a pea pod."""
    n = len(points)
    for i, (x, y) in enumerate(points):
        w = width * (0.35 + 0.65 * math.sin(math.pi * (i + 1) / (n + 1)))
        _ball(draw, x, y, w, w, colour, shine=False)
    for x, y in points[1:-1:2]:
        draw.ellipse((x - width * 0.25, y - width * 0.55, x + width * 0.1, y - width * 0.4),
                     fill=_mix(colour, (255, 255, 255), 0.45))


def _chillies(image, rng) -> None:
    _shadow(image, (40, 230, 460, 460))
    draw = ImageDraw.Draw(image)
    for _ in range(16):
        x, y = rng.uniform(70, 330), rng.uniform(170, 380)
        angle, bend = rng.uniform(-0.6, 0.6), rng.uniform(-0.02, 0.02)
        points = [(x + k * 9 * math.cos(angle + bend * k), y + k * 9 * math.sin(angle + bend * k)
                   + 0.08 * k * k) for k in range(14)]
        _tube(draw, points, 11, _jitter((150, 20, 18), rng, 20))
        draw.line((points[0][0], points[0][1], points[0][0] - 14, points[0][1] - 6),
                  fill=(80, 90, 30), width=5)


def _pods(image, rng) -> None:
    _shadow(image, (40, 230, 460, 460))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y, angle = rng.uniform(70, 310), rng.uniform(170, 370), rng.uniform(-0.5, 0.5)
        points = [(x + k * 10 * math.cos(angle), y + k * 10 * math.sin(angle) + 0.2 * k * k)
                  for k in range(12)]
        _tube(draw, points, 15, _jitter((92, 158, 52), rng, 14))
    for x, y in _pile(rng, 30, 300, 380, 120, 50):
        _ball(draw, x, y, 10, 10, _jitter((110, 178, 60), rng, 10))


def _fern(image, rng) -> None:
    """Lingri: young fern shoots, curled at the tips, tied in a bundle."""
    _shadow(image, (60, 260, 440, 460))
    draw = ImageDraw.Draw(image)
    for _ in range(14):
        bx, tx, ty = rng.uniform(200, 280), rng.uniform(90, 390), rng.uniform(90, 200)
        stalk = _mix((96, 140, 46), (60, 100, 30), rng.random())
        draw.line((bx, 440, tx, ty), fill=stalk, width=7)
        r = rng.uniform(18, 26)
        for k in range(5):  # the curl: arcs getting smaller
            draw.arc((tx - r, ty - r * 2, tx + r, ty), 90 * k, 90 * k + 200, fill=stalk, width=6)
            r *= 0.75
    draw.rectangle((180, 330, 300, 346), fill=(190, 160, 110))


def _cauliflower(image, rng) -> None:
    _shadow(image, (60, 250, 440, 470))
    draw = ImageDraw.Draw(image)
    for k in range(9):  # leaves around
        a = math.pi * (0.9 + k * 0.15)
        draw.polygon([(240, 300), (240 + 220 * math.cos(a - 0.2), 300 - 170 * math.sin(a - 0.2)),
                      (240 + 230 * math.cos(a + 0.2), 300 - 180 * math.sin(a + 0.2))],
                     fill=_jitter((70, 120, 60), rng, 14))
    for x, y in _pile(rng, 60, 240, 260, 130, 95):
        _ball(draw, x, y, 26, 24, _jitter((236, 226, 196), rng, 10))


def _lemons(image, rng) -> None:
    _heap((228, 200, 40), count=16, size=42, shape=1.3)(image, rng)
    draw = ImageDraw.Draw(image)
    draw.ellipse((300, 330, 420, 420), fill=(238, 226, 120))  # half a lemon, cut
    draw.ellipse((310, 338, 410, 412), fill=(246, 236, 150))
    for k in range(8):
        a = k * math.pi / 4
        draw.line((360, 375, 360 + 46 * math.cos(a), 375 + 34 * math.sin(a)), fill=(250, 246, 210),
                  width=3)


def _cubes(image, rng) -> None:
    """Paneer: white cubes on a plate."""
    _shadow(image, (50, 250, 450, 460))
    draw = ImageDraw.Draw(image)
    draw.ellipse((50, 210, 430, 440), fill=(210, 208, 200))
    draw.ellipse((80, 230, 400, 420), fill=(232, 230, 222))
    for x, y in sorted(((rng.uniform(130, 330), rng.uniform(250, 350)) for _ in range(9)),
                       key=lambda p: p[1]):
        s = rng.uniform(34, 44)
        draw.polygon([(x, y), (x + s, y - s * 0.4), (x + s * 2, y), (x + s, y + s * 0.4)],
                     fill=(250, 248, 236))
        draw.polygon([(x, y), (x + s, y + s * 0.4), (x + s, y + s * 1.3), (x, y + s * 0.9)],
                     fill=(226, 220, 200))
        draw.polygon([(x + s, y + s * 0.4), (x + s * 2, y), (x + s * 2, y + s * 0.9),
                      (x + s, y + s * 1.3)], fill=(206, 200, 178))


def _buns(colour: RGB, crust: RGB, count: int) -> Callable:
    """Siddu or wadiyan on a round leaf plate."""
    def draw_it(image, rng) -> None:
        _shadow(image, (40, 220, 460, 470))
        draw = ImageDraw.Draw(image)
        draw.ellipse((40, 170, 440, 450), fill=(120, 140, 70))
        draw.ellipse((60, 186, 420, 434), fill=(150, 166, 90))
        for x, y in _pile(rng, count, 240, 300, 130, 80):
            s = rng.uniform(0.85, 1.1) * (70 if count < 8 else 30)
            _ball(draw, x, y, s, s * 0.7, _jitter(colour, rng, 10), light=crust)
    return draw_it


def _knit(colour: RGB, stripe: RGB) -> Callable:
    """A pair of woollen socks on a cloth."""
    def draw_it(image, rng) -> None:
        draw = ImageDraw.Draw(image)
        for dx, dy in ((0, 0), (110, 30)):
            _shadow(image, (90 + dx, 120 + dy, 260 + dx, 460 + dy), blur=10)
            leg = [(110 + dx, 80 + dy), (200 + dx, 80 + dy), (200 + dx, 330 + dy),
                   (300 + dx, 360 + dy), (300 + dx, 420 + dy), (110 + dx, 420 + dy)]
            draw.polygon(leg, fill=_jitter(colour, rng, 8))
            for y in range(90 + dy, 420 + dy, 8):  # rows of knitting
                draw.line((110 + dx, y, 200 + dx if y < 330 + dy else 300 + dx, y),
                          fill=_mix(colour, (0, 0, 0), 0.15), width=2)
            for y in (120, 150, 180):
                draw.rectangle((110 + dx, y + dy, 200 + dx, y + 12 + dy), fill=stripe)
    return draw_it


def _shawl(image, rng) -> None:
    """A pattu shawl folded in a stack, its border woven in diamonds."""
    draw = ImageDraw.Draw(image)
    for k, colour in enumerate(((235, 228, 210), (120, 30, 40), (230, 224, 206))):
        y = 150 + k * 70
        _shadow(image, (60, y + 60, 440, y + 140), blur=10)
        draw.rectangle((60, y, 420, y + 110), fill=_jitter(colour, rng, 6))
        for x in range(60, 420, 24):
            draw.polygon([(x, y + 85), (x + 12, y + 73), (x + 24, y + 85), (x + 12, y + 97)],
                         fill=((200, 40, 60), (30, 110, 80), (230, 170, 30))[(x // 24) % 3])
        for x in range(60, 420, 6):
            draw.line((x, y, x, y + 70), fill=_mix(colour, (0, 0, 0), 0.06))


def _rumal(image, rng) -> None:
    """A Chamba rumal: cream cloth, embroidered flowers and a border."""
    _shadow(image, (60, 80, 440, 440), blur=10)
    draw = ImageDraw.Draw(image)
    draw.rectangle((70, 70, 410, 410), fill=(238, 228, 204))
    draw.rectangle((82, 82, 398, 398), outline=(150, 40, 60), width=8)
    for cx, cy in ((240, 240), (150, 150), (330, 150), (150, 330), (330, 330)):
        for k in range(8):
            a = k * math.pi / 4
            colour = ((200, 50, 70), (40, 120, 90), (220, 150, 30), (60, 70, 150))[k % 4]
            draw.ellipse((cx + 26 * math.cos(a) - 12, cy + 26 * math.sin(a) - 12,
                          cx + 26 * math.cos(a) + 12, cy + 26 * math.sin(a) + 12), fill=colour)
        draw.ellipse((cx - 12, cy - 12, cx + 12, cy + 12), fill=(230, 180, 40))


def _basket(image, rng) -> None:
    """A bamboo basket: strips woven over and under."""
    _shadow(image, (60, 330, 460, 470))
    draw = ImageDraw.Draw(image)
    top, bottom = (70, 170, 410, 230), (120, 400, 360, 440)
    for y in range(200, 420, 14):
        t = (y - 200) / 220
        left, right = 70 + 50 * t, 410 - 50 * t
        for x in range(int(left), int(right), 22):
            odd = ((x // 22) + (y // 14)) % 2
            draw.rectangle((x, y, min(x + 21, right), y + 12),
                           fill=_jitter((196, 160, 100) if odd else (168, 130, 76), rng, 8))
    draw.ellipse(bottom, fill=(140, 104, 60))
    draw.ellipse(top, fill=(120, 88, 50))
    draw.ellipse((84, 180, 396, 224), fill=(80, 56, 30))
    draw.arc(top, 0, 360, fill=(210, 176, 116), width=10)


def _dhoop(image, rng) -> None:
    """Dhoop sticks in a bundle with a thread of smoke."""
    _shadow(image, (60, 330, 440, 440))
    draw = ImageDraw.Draw(image)
    for _ in range(24):
        x = rng.uniform(150, 330)
        draw.line((x, 400, x + rng.uniform(-70, 70), 120), fill=_jitter((90, 52, 30), rng, 12),
                  width=6)
    draw.rectangle((150, 330, 330, 350), fill=(200, 40, 40))
    smoke = Image.new("L", image.size, 0)
    sd = ImageDraw.Draw(smoke)
    sd.line([(250 + 20 * math.sin(y / 25), y) for y in range(40, 130, 5)], fill=160, width=6)
    image.paste((235, 235, 235), mask=smoke.filter(ImageFilter.GaussianBlur(4)))


def _gamchha(image, rng) -> None:
    """A gamchha folded in three: red checks on white cotton, a fringe at the end."""
    draw = ImageDraw.Draw(image)
    for k in range(3):
        y = 130 + k * 85
        _shadow(image, (70, y + 60, 440, y + 140), blur=10)
        draw.rectangle((70, y, 400, y + 105), fill=_jitter((238, 232, 218), rng, 6))
        for x in range(76, 400, 36):
            draw.rectangle((x, y, x + 12, y + 105), fill=_jitter((186, 36, 40), rng, 10))
        for stripe in range(y + 8, y + 105, 36):
            draw.rectangle((70, stripe, 400, stripe + 12), fill=_jitter((170, 30, 44), rng, 10))
        for x in range(70, 400, 4):  # the weave
            draw.line((x, y, x, y + 105), fill=_mix((238, 232, 218), (0, 0, 0), 0.05))
        for yy in range(y + 4, y + 105, 7):  # the fringe
            draw.line((400, yy, 400 + rng.uniform(14, 24), yy + rng.uniform(-2, 2)),
                      fill=(226, 214, 196), width=2)


def _sujni(image, rng) -> None:
    """A sujni quilt: cream cloth in rows of running stitches, a fish and flowers in colour."""
    _shadow(image, (50, 70, 450, 450), blur=10)
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 60, 420, 420), fill=(234, 224, 200))
    for y in range(72, 412, 9):
        for x in range(66 + (y // 9 % 2) * 6, 414, 12):
            draw.line((x, y, x + 6, y), fill=_jitter((190, 140, 110), rng, 12), width=2)
    draw.rectangle((70, 70, 410, 410), outline=(40, 90, 150), width=7)
    draw.ellipse((150, 195, 300, 265), fill=(196, 56, 60))
    draw.polygon([(295, 230), (350, 195), (350, 265)], fill=(196, 56, 60))
    draw.ellipse((170, 218, 186, 234), fill=(30, 30, 30))
    for k in range(6):
        draw.arc((190 + k * 16, 205, 230 + k * 16, 255), 300, 60, fill=(240, 190, 60), width=3)
    for cx, cy in ((130, 130), (350, 130), (130, 350), (350, 350)):
        for k in range(6):
            a = k * math.pi / 3
            draw.ellipse((cx + 18 * math.cos(a) - 9, cy + 18 * math.sin(a) - 9,
                          cx + 18 * math.cos(a) + 9, cy + 18 * math.sin(a) + 9),
                         fill=((40, 120, 90), (220, 150, 30))[k % 2])


def _madhubani(image, rng) -> None:
    """A Madhubani painting on handmade paper: a double black border filled with colour,
    two fish and a sun."""
    _shadow(image, (60, 60, 440, 440), blur=12)
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 60, 420, 420), fill=(236, 220, 180))
    for inset, colour in ((70, (20, 20, 20)), (84, (200, 40, 40)), (98, (20, 20, 20))):
        draw.rectangle((inset, inset, 480 - inset, 480 - inset), outline=colour, width=5)
    for x in range(104, 316, 16):  # the border's leaves
        draw.ellipse((x, 74, x + 12, 92), fill=(40, 130, 70))
        draw.ellipse((x, 388, x + 12, 406), fill=(40, 130, 70))
    draw.ellipse((196, 118, 264, 186), fill=(236, 170, 30), outline=(20, 20, 20), width=3)
    for k in range(12):
        a = k * math.pi / 6
        draw.line((230 + 38 * math.cos(a), 152 + 38 * math.sin(a), 230 + 52 * math.cos(a),
                   152 + 52 * math.sin(a)), fill=(200, 40, 40), width=4)
    for fy, flip in ((240, 1), (320, -1)):
        body = [(230 - 90 * flip, fy), (230, fy - 32), (230 + 60 * flip, fy),
                (230, fy + 32)]
        draw.polygon(body, fill=(30, 110, 160), outline=(20, 20, 20))
        draw.polygon([(230 + 60 * flip, fy), (230 + 100 * flip, fy - 26),
                      (230 + 100 * flip, fy + 26)], fill=(200, 40, 40), outline=(20, 20, 20))
        for k in range(5):
            x = 230 - 50 * flip + k * 18 * flip
            draw.arc((x - 10, fy - 14, x + 10, fy + 14), 270, 90, fill=(240, 200, 60), width=3)
        ex = 230 - 66 * flip
        draw.ellipse((ex - 6, fy - 8, ex + 6, fy + 4), fill=(20, 20, 20))


def _tikuli(image, rng) -> None:
    """A Tikuli art plate: glossy black with gold and red dots in rings."""
    _shadow(image, (70, 90, 450, 450), blur=12)
    draw = ImageDraw.Draw(image)
    _ball(draw, 240, 250, 180, 170, (40, 30, 30), light=(90, 70, 70))
    for ring, count, colour in ((150, 36, (230, 180, 50)), (118, 28, (200, 40, 40)),
                                (84, 20, (230, 180, 50)), (50, 12, (60, 150, 90))):
        for k in range(count):
            a = k * 2 * math.pi / count
            x, y = 240 + ring * math.cos(a), 250 + ring * 0.94 * math.sin(a)
            r = 7 if colour[0] > 220 else 9
            draw.ellipse((x - r, y - r, x + r, y + r), fill=_jitter(colour, rng, 10))
    draw.ellipse((222, 232, 258, 268), fill=(240, 200, 70))


def _supa(image, rng) -> None:
    """A bamboo supa (winnowing fan), as used at Chhath: woven strips, a bound rim."""
    _shadow(image, (60, 120, 460, 460))
    draw = ImageDraw.Draw(image)
    outline = [(100, 140), (380, 140), (430, 420), (50, 420)]
    draw.polygon(outline, fill=(160, 122, 70))
    for y in range(150, 410, 12):
        t = (y - 140) / 280
        left, right = 100 - 50 * t, 380 + 50 * t
        for x in range(int(left) + 6, int(right) - 6, 18):
            odd = ((x // 18) + (y // 12)) % 2
            draw.rectangle((x, y, min(x + 16, right - 6), y + 10),
                           fill=_jitter((206, 170, 110) if odd else (180, 140, 84), rng, 8))
    draw.line(outline[:2], fill=(110, 80, 40), width=16)
    draw.line(outline[1:3], fill=(120, 88, 46), width=12)
    draw.line([outline[3], outline[0]], fill=(120, 88, 46), width=12)
    draw.line(outline[2:], fill=(140, 104, 56), width=8)


def _woven_bowl(colour: RGB, *, bands: RGB | None = None) -> Callable:
    """A round, shallow woven basket (a bamboo daura, a sikki basket), coiled strips."""
    def draw_it(image, rng) -> None:
        _shadow(image, (40, 260, 460, 470))
        draw = ImageDraw.Draw(image)
        draw.chord((50, 150, 430, 430), 0, 180, fill=_mix(colour, (0, 0, 0), 0.3))
        for k, y in enumerate(range(300, 420, 12)):
            t = (y - 300) / 120
            left, right = 50 + 60 * t * t, 430 - 60 * t * t
            fill = bands if bands and k % 3 == 1 else colour
            for x in range(int(left), int(right), 14):
                draw.rectangle((x, y, min(x + 13, right), y + 10),
                               fill=_jitter(_mix(fill, (0, 0, 0), 0.12 * (x % 28 == 0)), rng, 10))
        draw.ellipse((50, 220, 430, 380), fill=_mix(colour, (0, 0, 0), 0.15))
        for r in range(10, 180, 12):  # the coils of the floor
            draw.ellipse((240 - r, 300 - r * 0.42, 240 + r, 300 + r * 0.42),
                         outline=_jitter(_mix(colour, (0, 0, 0), 0.3), rng, 10), width=3)
        draw.arc((50, 220, 430, 380), 0, 360, fill=_mix(colour, (255, 255, 255), 0.2), width=10)
    return draw_it


def _bowl_of(fill: Callable, colour: RGB = (150, 96, 52)) -> Callable:
    def draw_it(image, rng) -> None:
        _bowl(image, rng, fill, colour=colour)
    return draw_it


def _jar_of(contents: RGB, **options) -> Callable:
    def draw_it(image, rng) -> None:
        _jar(image, rng, contents, **options)
    return draw_it


#: what each demo product looks like, by its English name
DRAWINGS: dict[str, Callable] = {
    "Tomatoes": _heap((196, 36, 28), top=_calyx),
    "Lingri fern": _fern,
    "Green peas": _pods,
    "Cauliflower": _cauliflower,
    "Mangoes": _heap((228, 142, 34), count=14, size=52, shape=1.25, light=(250, 214, 84),
                     top=_stem),
    "Lemons": _lemons,
    "Red rajma": _bowl_of(_grains((120, 24, 30), size=11, count=340, shape=1.6)),
    "Rajmash (red beans)": _bowl_of(_grains((140, 50, 40), size=11, count=340, shape=1.6,
                                             spread=30), colour=(170, 140, 80)),
    "Kulth dal": _bowl_of(_grains((130, 88, 50), size=6, count=900, shape=1.2, shine=False),
                          colour=(180, 140, 60)),
    "Maize flour": _bowl_of(_powder((236, 196, 80))),
    "Kodra millet": _bowl_of(_grains((150, 84, 50), size=4, count=1600, shine=False,
                                     spread=12), colour=(120, 110, 100)),
    "Turmeric powder": _bowl_of(_powder((232, 150, 20)), colour=(180, 176, 170)),
    "Red chilli": _chillies,
    "Mango pickle": _jar_of((200, 130, 30), pieces=(222, 160, 50), cloth=True),
    "Lingri pickle": _jar_of((110, 100, 30), pieces=(96, 120, 40), cloth=True),
    "Kachnar pickle": _jar_of((120, 80, 30), pieces=(140, 110, 50), cloth=True,
                              lid=(40, 90, 150)),
    "Amla murabba": _jar_of((200, 150, 50), pieces=(212, 196, 110), piece_size=24,
                            lid=(200, 160, 40)),
    "Amla candy": _bowl_of(_grains((196, 140, 50), size=14, count=160, spread=24),
                           colour=(220, 220, 214)),
    "Wild honey": _jar_of((214, 140, 20), lid=(196, 150, 40)),
    "Desi ghee": _jar_of((236, 204, 110), lid=(190, 170, 120),
                         pieces=(246, 222, 140), piece_size=8),
    "Paneer": _cubes,
    "Wadiyan": _buns((150, 96, 56), (186, 130, 80), 40),
    "Siddu": _buns((226, 206, 170), (236, 222, 196), 5),
    "Woollen socks": _knit((150, 40, 50), (240, 230, 210)),
    "Hand-knitted socks": _knit((60, 90, 140), (230, 180, 40)),
    "Pattu shawl": _shawl,
    "Chamba rumal": _rumal,
    "Bamboo basket": _basket,
    "Dhoop sticks": _dhoop,
    # Sonepur (Saran, Bihar)
    "Pointed gourd": _heap((80, 140, 50), count=14, size=34, shape=1.9, light=(150, 190, 90)),
    "Potatoes": _heap((176, 136, 90), count=16, size=44, shape=1.25, light=(214, 180, 136)),
    "Litchis": _heap((176, 40, 50), count=34, size=26, light=(226, 96, 90)),
    "Guavas": _heap((150, 182, 80), count=14, size=46, light=(206, 220, 126), top=_stem),
    "Masoor dal": _bowl_of(_grains((214, 110, 60), size=6, count=900, shape=1.3, shine=False),
                           colour=(180, 176, 170)),
    "Black gram": _bowl_of(_grains((74, 48, 36), size=9, count=450, spread=14)),
    "Chana sattu": _bowl_of(_powder((214, 182, 122))),
    "Marua flour": _bowl_of(_powder((140, 92, 72)), colour=(180, 176, 170)),
    "Coriander powder": _bowl_of(_powder((150, 130, 70)), colour=(170, 140, 80)),
    "Mustard seeds": _bowl_of(_grains((200, 150, 30), size=4, count=1500, spread=14),
                              colour=(120, 110, 100)),
    "Stuffed red chilli pickle": _jar_of((170, 60, 20), pieces=(200, 40, 30), piece_size=20,
                                         cloth=True, lid=(200, 150, 40)),
    "Jackfruit pickle": _jar_of((180, 120, 40), pieces=(222, 192, 112), cloth=True,
                                lid=(60, 120, 60)),
    "Lemon pickle": _jar_of((190, 160, 40), pieces=(230, 200, 60), piece_size=18,
                            lid=(40, 120, 70)),
    "Litchi honey": _jar_of((200, 120, 20), lid=(150, 40, 40)),
    "Mustard honey": _jar_of((236, 200, 120), lid=(60, 100, 60)),
    "Curd": _bowl_of(_powder((248, 246, 236)), colour=(160, 80, 50)),
    "Makhana": _bowl_of(_grains((244, 238, 224), size=16, count=120, spread=10),
                        colour=(120, 110, 100)),
    "Thekua": _buns((170, 100, 40), (212, 152, 80), 14),
    "Tilkut": _buns((222, 202, 162), (240, 226, 192), 6),
    "Sattu litti, ready to bake": _buns((196, 150, 96), (226, 190, 130), 7),
    "Sonepur jaggery": _heap((150, 90, 30), count=12, size=46, shape=1.1, light=(204, 142, 60)),
    "Khadi gamchha": _gamchha,
    "Sujni quilt": _sujni,
    "Madhubani painting": _madhubani,
    "Tikuli art plate": _tikuli,
    "Bamboo supa": _supa,
    "Bamboo daura": _woven_bowl((186, 150, 90)),
    "Sikki basket": _woven_bowl((214, 176, 70), bands=(190, 40, 90)),
}
#: which products sit on a cloth rather than the wooden table
ON_CLOTH = {"Woollen socks": (200, 190, 170), "Hand-knitted socks": (190, 180, 160),
            "Pattu shawl": (120, 110, 100), "Chamba rumal": (130, 90, 70),
            "Paneer": (70, 110, 130), "Khadi gamchha": (60, 90, 120),
            "Sujni quilt": (120, 90, 80), "Madhubani painting": (90, 60, 50),
            "Tikuli art plate": (150, 130, 110)}


@functools.cache  # the same bytes each time: tests that seed the demo again draw nothing
def product_photo(name_en: str, seed: int = 0) -> bytes:
    """A JPEG of the product named (its English name, a key of DRAWINGS)."""
    rng = random.Random(f"{name_en}:{seed}")  # noqa: S311 - a picture
    image = (_cloth(rng, ON_CLOTH[name_en]) if name_en in ON_CLOTH else _wood(rng))
    DRAWINGS[name_en](image, rng)
    return _finish(image)


SKIN = [(198, 146, 108), (176, 124, 88), (160, 108, 74), (214, 168, 130), (140, 94, 64)]
CLOTHES = [(30, 80, 140), (150, 40, 50), (40, 110, 80), (200, 140, 40), (110, 60, 130),
           (220, 220, 214), (90, 90, 96)]
WALLS = [(214, 206, 190), (190, 210, 214), (222, 214, 170), (200, 190, 206), (180, 200, 180)]


@functools.cache
def portrait(seed: str, *, woman: bool, cloth: RGB) -> bytes:
    """A head-and-shoulders picture of a worker in clothes of that colour against a wall: no
    letters, and plainly drawn, not a photo of a real person."""
    rng = random.Random(seed)  # noqa: S311 - a picture
    wall = rng.choice(WALLS)
    gradient = Image.new("RGB", (1, 2))  # lighter at the top, stretched over the picture
    gradient.putdata([_mix(wall, (255, 255, 255), 0.2), wall])
    image = gradient.resize((SIZE, SIZE), Image.BILINEAR)
    draw = ImageDraw.Draw(image)
    skin = rng.choice(SKIN)
    hair = _jitter((34, 26, 22), rng, 8)
    _shadow(image, (60, 300, 440, 560), strength=90, blur=20)
    for i in range(8):  # shoulders, lit from the left
        t = i / 8
        draw.rounded_rectangle((70 + t * 6, 330 + t * 4, 410 - t * 10, 560), radius=110,
                               fill=_mix(_mix(cloth, (0, 0, 0), 0.35), cloth, t))
    draw.rectangle((205, 270, 275, 350), fill=_mix(skin, (0, 0, 0), 0.15))  # neck
    draw.polygon([(200, 330), (240, 380), (280, 330)], fill=_mix(skin, (0, 0, 0), 0.1))
    if woman:  # hair falling behind, a dupatta over one shoulder
        draw.rounded_rectangle((150, 110, 330, 360), radius=80, fill=hair)
        scarf = rng.choice([c for c in CLOTHES if c != cloth])
        draw.polygon([(300, 330), (400, 380), (390, 480), (330, 480), (290, 360)], fill=scarf)
    _ball(draw, 240, 200, 78, 98, skin, shine=False)  # face
    draw.ellipse((154, 190, 172, 230), fill=_mix(skin, (0, 0, 0), 0.1))  # ears
    draw.ellipse((308, 190, 326, 230), fill=_mix(skin, (0, 0, 0), 0.1))
    if woman:
        draw.chord((160, 96, 320, 230), 180, 360, fill=hair)
        draw.line((240, 100, 240, 130), fill=_mix(hair, (180, 40, 40), 0.6), width=3)
        draw.ellipse((236, 150, 244, 158), fill=(180, 30, 40))  # bindi
    elif rng.random() < 0.45:  # a Himachali cap with its coloured band
        draw.chord((156, 84, 324, 200), 180, 360, fill=hair)
        draw.rounded_rectangle((158, 80, 322, 146), radius=18, fill=(70, 70, 74))
        draw.rectangle((158, 118, 322, 140), fill=rng.choice([(160, 30, 40), (40, 100, 60)]))
    else:
        draw.chord((160, 92, 320, 220), 180, 360, fill=hair)
    for x in (212, 268):  # eyes and brows
        draw.ellipse((x - 9, 192, x + 9, 204), fill=(250, 246, 240))
        draw.ellipse((x - 5, 193, x + 5, 203), fill=(40, 28, 22))
        draw.line((x - 14, 180, x + 14, 178), fill=hair, width=4)
    draw.line((240, 205, 234, 236), fill=_mix(skin, (0, 0, 0), 0.3), width=3)  # nose
    if not woman and rng.random() < 0.6:
        draw.chord((214, 236, 266, 262), 180, 360, fill=hair)  # moustache
    draw.arc((218, 240, 262, 268), 20, 160, fill=(130, 60, 50), width=4)  # a smile
    return _finish(image, photo=False)
