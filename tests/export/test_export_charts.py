"""The pictures: the star with each point's name and number of notes, the
bar chart of notes per module; the same drawing as SVG and as PNG."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from facilitator.export import charts
from facilitator.export.charts import bar_chart, shorten, star_chart

SVG = "{http://www.w3.org/2000/svg}"
POINTS = [("Behov", 9), ("Bidrag", 7), ("Rammer", 8), ("Form", 7), ("Indhold", 8)]


def _texts(svg: str) -> list[str]:
    return [el.text or "" for el in ET.fromstring(svg).iter(f"{SVG}text")]


def test_star_svg_shows_five_points_with_name_and_number_of_notes() -> None:
    chart = star_chart("Figur 1: Netværksstjernen", POINTS, [f"{n} noter" for _, n in POINTS])
    root = ET.fromstring(chart.to_svg())
    assert root.find(f"{SVG}title").text == "Figur 1: Netværksstjernen"
    (star,) = root.iter(f"{SVG}polygon")
    assert len(star.get("points").split()) == 10  # five tips, five inner corners
    texts = _texts(chart.to_svg())
    for name, count in POINTS:
        assert name in texts and str(count) in texts and f"{count} noter" in texts


def test_star_png_is_a_real_picture_of_the_chart_size() -> None:
    chart = star_chart("Stjernen", POINTS, [f"{n} noter" for _, n in POINTS])
    image = Image.open(io.BytesIO(chart.to_png()))
    assert image.format == "PNG"
    assert image.size == (chart.width * charts.PNG_SCALE, chart.height * charts.PNG_SCALE)
    # the star is drawn: the middle is filled, the corner is paper
    middle = image.getpixel((image.width // 2, image.height * 290 // chart.height))
    assert middle != (255, 255, 255) and image.getpixel((2, 2)) == (255, 255, 255)


def test_bar_chart_has_a_bar_per_module_as_long_as_its_count() -> None:
    chart = bar_chart("Moduler", [("Modul 1", 5), ("Modul 2", 0), ("Forslag", 2)], proposed_from=2)
    root = ET.fromstring(chart.to_svg())
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] > widths[2] > widths[1] > 0
    assert widths[0] / widths[2] == pytest.approx(5 / 2)
    assert _texts(chart.to_svg()) == ["Modul 1", "5", "Modul 2", "0", "Forslag", "2"]
    Image.open(io.BytesIO(chart.to_png())).verify()


def test_chart_texts_are_escaped_in_svg() -> None:
    title = "<script>x</script> & \"quotes\""
    chart = bar_chart(title, [("<b>Modul</b> & co", 1)])
    svg = chart.to_svg()
    root = ET.fromstring(svg)  # well-formed XML despite the markup in the texts
    assert root.get("aria-label") == title
    assert "<script>" not in svg and "<b>" not in svg
    assert _texts(svg)[0] == "<b>Modul</b> & co"


def test_long_names_are_shortened_to_fit() -> None:
    long = "6. Inkluderende kultur (psykologisk tryghed og hvad når det ikke er der) " * 3
    short = shorten(long, 17, 600)
    assert short.endswith("…") and charts.text_width(short, 17) <= 600


def test_pictures_draw_without_system_fonts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(charts, "_FONT_DIR", tmp_path / "no-fonts-here")
    charts.font.cache_clear()
    try:
        png = star_chart("Stjernen", POINTS, [f"{n} noter" for _, n in POINTS]).to_png()
        Image.open(io.BytesIO(png)).verify()
    finally:
        charts.font.cache_clear()
