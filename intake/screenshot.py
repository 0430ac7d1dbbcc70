"""The optional screenshot: a PNG or JPEG of at most 5 MB, judged by its content, never its name."""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from intake.bsn import find_possible_bsns

MAX_BYTES = 5 * 1024 * 1024
# A 5 MB file can still unpack to gigabytes; real screenshots stay far below this.
MAX_PIXELS = 40_000_000
_FORMATS = {"PNG": ("image/png", ".png"), "JPEG": ("image/jpeg", ".jpg")}


class ScreenshotRejected(ValueError):
    """The upload is not a usable screenshot; `reason` is one of the constants below."""

    TOO_LARGE = "too_large"
    NOT_AN_IMAGE = "not_an_image"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Screenshot:
    filename: str
    content_type: str
    data: bytes = b""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def check_screenshot(filename: str | None, data: bytes) -> Screenshot:
    """Decode the image fully; raise ScreenshotRejected when it is too large or not PNG/JPEG."""
    if len(data) > MAX_BYTES:
        raise ScreenshotRejected(ScreenshotRejected.TOO_LARGE)
    image_format = _decoded_format(data)
    content_type, extension = _FORMATS[image_format]
    return Screenshot(_safe_name(filename, extension), content_type, data)


def _decoded_format(data: bytes) -> str:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in _FORMATS or image.width * image.height > MAX_PIXELS:
                    raise ScreenshotRejected(ScreenshotRejected.NOT_AN_IMAGE)
                image_format = image.format
                image.load()  # decodes every pixel: a truncated or corrupt file fails here
    except ScreenshotRejected:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        raise ScreenshotRejected(ScreenshotRejected.NOT_AN_IMAGE) from None
    return image_format


def _safe_name(filename: str | None, extension: str) -> str:
    """The uploaded name without folders or odd characters, with the extension of its real format."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", (filename or "").replace("\\", "/").rsplit("/", 1)[-1])
    stem = re.sub(r"[^A-Za-z0-9._ -]+", "_", stem).strip(" ._")[:100]
    # The name goes to Jira as the attachment's name: a citizen's BSN in it must not.
    if not stem or find_possible_bsns(stem):
        stem = "screenshot"
    return stem + extension
