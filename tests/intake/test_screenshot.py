"""Screenshots are judged by their content: a real PNG or JPEG of at most 5 MB."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from intake.screenshot import MAX_BYTES, ScreenshotRejected, check_screenshot


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(buffer, fmt)
    return buffer.getvalue()


def test_a_real_png_is_accepted_with_its_real_type():
    shot = check_screenshot("scherm.png", image_bytes("PNG"))
    assert (shot.filename, shot.content_type) == ("scherm.png", "image/png")


def test_a_jpeg_is_accepted_and_named_after_its_content():
    shot = check_screenshot("foto.png", image_bytes("JPEG"))
    assert (shot.filename, shot.content_type) == ("foto.jpg", "image/jpeg")


@pytest.mark.parametrize("data", [
    b"this is a text file, not an image\n",
    image_bytes("GIF"),
    image_bytes("BMP"),
    image_bytes("PNG")[:-200],  # truncated: the pixels cannot be decoded
    b"",
])
def test_anything_else_is_refused_whatever_its_name(data):
    with pytest.raises(ScreenshotRejected) as caught:
        check_screenshot("scherm.png", data)
    assert caught.value.reason == ScreenshotRejected.NOT_AN_IMAGE


def test_more_than_5_mb_is_refused_even_for_a_real_png():
    data = image_bytes("PNG") + b"\0" * MAX_BYTES
    with pytest.raises(ScreenshotRejected) as caught:
        check_screenshot("groot.png", data)
    assert caught.value.reason == ScreenshotRejected.TOO_LARGE


def claims_size(png: bytes, width: int, height: int) -> bytes:
    """The same PNG with its header claiming other dimensions (a decompression bomb's trick)."""
    header = b"IHDR" + struct.pack(">II", width, height) + png[24:29]
    return png[:12] + header + struct.pack(">I", zlib.crc32(header)) + png[33:]


def test_an_image_with_absurd_dimensions_is_refused_before_decoding():
    assert check_screenshot("klein.png", claims_size(image_bytes("PNG", (4, 4)), 4, 4))
    with pytest.raises(ScreenshotRejected):
        check_screenshot("bom.png", claims_size(image_bytes("PNG", (4, 4)), 30_000, 30_000))


@pytest.mark.parametrize(("given", "expected"), [
    ("../../etc/passwd.png", "passwd.png"),
    ("C:\\Users\\anouk\\Mijn scherm.PNG", "Mijn scherm.png"),
    ("<script>.png", "script.png"),
    (None, "screenshot.png"),
    ("....png", "screenshot.png"),
    ("bsn 123456782 brief.png", "screenshot.png"),  # the name goes to Jira: no possible BSN in it
    ("zaak 123 456 782.png", "screenshot.png"),
    ("Schermafbeelding 2027-03-01 om 10.15.32.png", "Schermafbeelding 2027-03-01 om 10.15.32.png"),
])
def test_the_file_name_is_made_safe(given, expected):
    assert check_screenshot(given, image_bytes("PNG")).filename == expected
