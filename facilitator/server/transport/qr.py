"""The join URL as a QR code: drawn in the terminal, or written as PNG/SVG for a slide."""

from __future__ import annotations

import io
from pathlib import Path

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4  # modules of white around the code; scanners need it


class QrFormatError(ValueError):
    """The file name does not end in .png or .svg."""


def _matrix(data: str, border: int) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=border)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def terminal_qr(data: str) -> str:
    """The code drawn with half-block characters: two rows of modules per line,
    dark modules as spaces on a light background so it scans on dark terminals too."""
    matrix = _matrix(data, QUIET_ZONE)
    if len(matrix) % 2:
        matrix.append([False] * len(matrix[0]))
    chars = {(False, False): "█", (True, False): "▄", (False, True): "▀", (True, True): " "}
    lines = []
    for top, bottom in zip(matrix[0::2], matrix[1::2], strict=True):
        lines.append("".join(chars[(t, b)] for t, b in zip(top, bottom, strict=True)))
    return "\n".join(lines)


def svg_qr(data: str) -> bytes:
    """The code as a small SVG (one path of unit squares, black on white with
    the quiet zone), for the projector wall: crisp at any size, no script."""
    matrix = _matrix(data, QUIET_ZONE)
    size = len(matrix)
    squares = "".join(f"M{x} {y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{squares}"/></svg>\n'
    ).encode("ascii")


def png_qr(data: str) -> bytes:
    """The code as a PNG of one pixel a module (quiet zone included), for
    print: the page scales it up without smoothing (`image-rendering:
    pixelated`), so it is sharp at any printer's resolution. WeasyPrint
    draws this some 80 times faster than the SVG's thousands of squares."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE, box_size=1)
    code.add_data(data)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image().save(out)
    return out.getvalue()


def write_qr(data: str, path: str | Path) -> Path:
    """Write the code to `path`: PNG or SVG by the file's extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".png":
        factory = None  # PIL
    elif suffix == ".svg":
        factory = qrcode.image.svg.SvgPathImage
    else:
        raise QrFormatError(suffix or path.name)
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE, box_size=12, image_factory=factory)
    code.add_data(data)
    code.make(fit=True)
    image = code.make_image()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        image.save(out)
    return path
