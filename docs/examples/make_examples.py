"""Make the sample appendix in this folder from the realistic test meeting.

    .venv/bin/python docs/examples/make_examples.py

Replays the meeting of tests/data/realistic_session.py (the AMK network
meeting of 4 February 2025, as the minutes tell it: Bilag 3 to agenda items
3 and 4, with the plenary's follow-ups) into a journal in a temporary
folder, exports it here to DOCX, PDF, Markdown, HTML, CSV and JSON, and one
module owner's pack to DOCX and PDF; renders the PDF's first two pages to
PNG with poppler's pdftoppm, and takes a screenshot of the HTML with Debian's
headless chromium (each picture skipped, with a note, if its tool is missing).
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = "bilag-2025-02-04-amk-netvaerksmoede-skaermbillede.png"  # the first A4 page
FULL_PAGE = "bilag-2025-02-04-amk-netvaerksmoede-hele-siden.png"  # the whole appendix
PDF_PAGE = "bilag-2025-02-04-amk-netvaerksmoede-pdf-side"  # -1.png, -2.png: the PDF's first pages
OWNER = "anders-jacobsen-koncern-hr"  # the owner whose pack is kept as a sample


def _realistic_session():
    spec = importlib.util.spec_from_file_location("realistic_session", ROOT / "tests" / "data" / "realistic_session.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def screenshot(html: Path, png: Path, height: int = 1754) -> bool:
    """`html` as headless chromium shows it in a window 1240 wide (A4 at 150 dpi)."""
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} not found: no screenshot", file=sys.stderr)
        return False
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                f"--user-data-dir={profile}", f"--screenshot={png}", f"--window-size=1240,{height}", html.as_uri(),
            ],
            check=True, capture_output=True, timeout=120,
        )
    return png.exists()


def trim(png: Path) -> None:
    """Cut a tall screenshot below the page's last line and store it with a
    small palette (text on white compresses well)."""
    from PIL import Image, ImageChops

    image = Image.open(png).convert("RGB")
    painted = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
    bottom = image.height
    for y in range(image.height):  # chromium paints black below a short page
        if image.getpixel((2, y)) == (0, 0, 0):
            bottom = y
            break
    if painted is not None:
        bottom = min(bottom, painted[3] + 60)
    image.crop((0, 0, image.width, bottom)).quantize(colors=64).save(png, optimize=True)


def main() -> int:
    from facilitator.export import export_journal

    session_module = _realistic_session()
    with tempfile.TemporaryDirectory() as folder:
        journal = Path(folder) / "amk-netvaerksmoede-2025-02-04.sqlite3"
        session_module.build_session(journal, as_minutes=True).close()
        out = Path(folder) / "out"
        written = export_journal(journal, out, formats=("docx", "pdf", "md", "html", "csv", "json"), by_owner=True)
        for path in written:
            if OWNER in path.name and path.suffix not in (".docx", ".pdf"):
                continue
            if "-" + OWNER not in path.name and any(c.isalpha() for c in path.stem.split("amk-netvaerksmoede")[1]):
                continue  # the other owners' packs: one sample is enough
            shutil.copy(path, HERE / path.name)
            print(HERE / path.name)
    pdf = HERE / "bilag-2025-02-04-amk-netvaerksmoede.pdf"
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "2", str(pdf), str(HERE / PDF_PAGE)], check=True)
        for png in sorted(HERE.glob(PDF_PAGE + "-*.png")):
            from PIL import Image

            Image.open(png).convert("RGB").quantize(colors=64).save(png, optimize=True)
            print(png)
    else:
        print("pdftoppm not found: no picture of the PDF", file=sys.stderr)
    html = HERE / "bilag-2025-02-04-amk-netvaerksmoede.html"
    if screenshot(html, HERE / SCREENSHOT):
        trim(HERE / SCREENSHOT)
        print(HERE / SCREENSHOT)
    if screenshot(html, HERE / FULL_PAGE, height=8000):
        trim(HERE / FULL_PAGE)
        print(HERE / FULL_PAGE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
