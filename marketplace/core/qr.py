"""QR codes drawn on the server as inline SVG (segno: pure Python, no image library), for
sheets that are printed: a phone's camera opens the address it encodes."""

from __future__ import annotations

import segno
from markupsafe import Markup

#: medium error correction: still reads when the paper is creased or a corner is torn
ERROR = "m"
#: path units per module; the SVG has a viewBox and no size, so the sheet's CSS sizes it
SCALE = 4


def qr_svg(data: str, *, title: str = "") -> Markup:
    """`data` as an inline <svg class="qr"> (no XML declaration), ready for a template."""
    code = segno.make(data, error=ERROR, micro=False)
    # segno escapes the title; the data is drawn as a path, never written as text
    svg = code.svg_inline(scale=SCALE, svgclass="qr", omitsize=True, title=title or None)
    return Markup(svg)  # noqa: S704 - escaped by segno, see above
