"""What a PDF printed from Chromium holds as a reader sees it: the first page drawn as an
image (pdfium) with its text, and the QR codes a phone would read off it (zxing-cpp)."""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2
import zxingcpp
from PIL import Image


@dataclass(frozen=True)
class PrintedPage:
    image: Image.Image
    text: str

    def shows(self, words: str) -> bool:
        """True when the page's text holds `words`. Spaces are left out of both: pdfium
        reads Devanagari back with a space wherever Chromium's glyph runs break (जला ड़ी)."""
        return "".join(words.split()) in "".join(self.text.split())


def printed_page(pdf: bytes, *, dpi: int = 200) -> PrintedPage:
    """The PDF's first page at `dpi`, and its text."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        image = page.render(scale=dpi / 72).to_pil()
        text = page.get_textpage().get_text_range()
        return PrintedPage(image=image, text=text)
    finally:
        document.close()


def qr_codes_in(image: Image.Image) -> list[str]:
    """The text of every QR code on the image, top to bottom."""
    return [code.text for code in zxingcpp.read_barcodes(image)
            if code.format == zxingcpp.BarcodeFormat.QRCode]
