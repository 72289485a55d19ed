"""The appendix's pictures: the star with each point's name and number of
notes, and a bar chart of notes per module.

A picture is drawn once as a list of shapes and then written either as SVG
(inline in the HTML) or as PNG with Pillow (for Word, which takes a picture
file), so both show the same thing. Texts are measured with the same font
Pillow draws with, so long module titles are shortened the same way in both.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from facilitator.printable import single_line

INK = "#1f2933"
MUTED = "#52606d"
ACCENT = "#1f4e79"
FILL = "#dce8f4"
GRID = "#9fb3c8"
FONT_FAMILY = "'DejaVu Sans', Verdana, Arial, sans-serif"
_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
PNG_SCALE = 2  # pixels per unit: sharp in print at 15 cm wide


@lru_cache(maxsize=32)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans where the system has it, else Pillow's own scalable font."""
    path = _FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    try:
        return ImageFont.truetype(str(path), size)
    except OSError:
        return ImageFont.load_default(size=size)


def text_width(text: str, size: int, bold: bool = False) -> float:
    return float(font(size, bold).getlength(text))


def shorten(text: str, size: int, width: float, bold: bool = False) -> str:
    """`text` on one line, cut with '…' so it fits in `width`. A line break
    in a lane's title (a journal written before titles were folded at the
    protocol) would make the text layout fail and cost the whole figure."""
    text = single_line(text)
    if text_width(text, size, bold) <= width:
        return text
    while text and text_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"


@dataclass(frozen=True)
class Polygon:
    points: tuple[tuple[float, float], ...]
    fill: str
    stroke: str
    width: float = 2


@dataclass(frozen=True)
class Line:
    start: tuple[float, float]
    end: tuple[float, float]
    stroke: str
    width: float = 1


@dataclass(frozen=True)
class Circle:
    center: tuple[float, float]
    radius: float
    fill: str


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline, or the middle when `centred`
    text: str
    size: int
    anchor: str = "start"  # start | middle | end
    bold: bool = False
    fill: str = INK
    centred: bool = False


Shape = Polygon | Line | Circle | Rect | Text


@dataclass
class Chart:
    width: int
    height: int
    title: str
    shapes: list[Shape] = field(default_factory=list)

    def to_svg(self) -> str:
        """An SVG element that can stand alone or sit inside HTML; every text escaped."""
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}" '
            f'role="img" aria-label="{escape(self.title)}" font-family="{escape(FONT_FAMILY)}">',
            f"<title>{escape(self.title)}</title>",
        ]
        for s in self.shapes:
            if isinstance(s, Polygon):
                points = " ".join(f"{x:.1f},{y:.1f}" for x, y in s.points)
                out.append(f'<polygon points="{points}" fill="{s.fill}" stroke="{s.stroke}" stroke-width="{s.width}" stroke-linejoin="round"/>')
            elif isinstance(s, Line):
                out.append(
                    f'<line x1="{s.start[0]:.1f}" y1="{s.start[1]:.1f}" x2="{s.end[0]:.1f}" y2="{s.end[1]:.1f}" '
                    f'stroke="{s.stroke}" stroke-width="{s.width}"/>'
                )
            elif isinstance(s, Circle):
                out.append(f'<circle cx="{s.center[0]:.1f}" cy="{s.center[1]:.1f}" r="{s.radius:.1f}" fill="{s.fill}"/>')
            elif isinstance(s, Rect):
                out.append(f'<rect x="{s.x:.1f}" y="{s.y:.1f}" width="{s.width:.1f}" height="{s.height:.1f}" fill="{s.fill}" rx="3"/>')
            else:
                weight = ' font-weight="bold"' if s.bold else ""
                baseline = ' dominant-baseline="central"' if s.centred else ""
                out.append(
                    f'<text x="{s.x:.1f}" y="{s.y:.1f}" font-size="{s.size}" text-anchor="{s.anchor}" '
                    f'fill="{s.fill}"{weight}{baseline}>{escape(s.text)}</text>'
                )
        out.append("</svg>")
        return "".join(out)

    def to_png(self, scale: int = PNG_SCALE) -> bytes:
        image = Image.new("RGB", (self.width * scale, self.height * scale), "white")
        draw = ImageDraw.Draw(image)

        def p(point: tuple[float, float]) -> tuple[float, float]:
            return point[0] * scale, point[1] * scale

        for s in self.shapes:
            if isinstance(s, Polygon):
                draw.polygon([p(pt) for pt in s.points], fill=s.fill, outline=s.stroke, width=round(s.width * scale))
            elif isinstance(s, Line):
                draw.line([p(s.start), p(s.end)], fill=s.stroke, width=round(s.width * scale))
            elif isinstance(s, Circle):
                (cx, cy), r = p(s.center), s.radius * scale
                draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=s.fill)
            elif isinstance(s, Rect):
                x, y = p((s.x, s.y))
                draw.rounded_rectangle([x, y, x + s.width * scale, y + s.height * scale], radius=3 * scale, fill=s.fill)
            else:
                anchor = {"start": "l", "middle": "m", "end": "r"}[s.anchor] + ("m" if s.centred else "s")
                draw.text(p((s.x, s.y)), s.text, fill=s.fill, font=font(s.size * scale, s.bold), anchor=anchor)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=6)  # optimize=True costs ~0.3 s a picture
        return buffer.getvalue()


def star_chart(title: str, points: list[tuple[str, int]], notes_label: list[str]) -> Chart:
    """A star with one point per lane (five for the network star), clockwise
    from the top, each tip carrying its number of notes and its name.
    `notes_label[i]` is the count in words ('12 noter') under the name."""
    n = max(len(points), 3)
    # wide enough for a point's name beside its tip ("Contributions", "Indhold")
    chart = Chart(width=800, height=530, title=title)
    cx, cy, outer, inner = 400.0, 290.0, 200.0, 86.0
    tips: list[tuple[float, float]] = []
    outline: list[tuple[float, float]] = []
    for i in range(n):
        a = math.radians(-90 + 360 * i / n)
        b = math.radians(-90 + 360 * (i + 0.5) / n)
        tips.append((cx + outer * math.cos(a), cy + outer * math.sin(a)))
        outline += [tips[-1], (cx + inner * math.cos(b), cy + inner * math.sin(b))]
    chart.shapes.append(Polygon(tuple(outline), fill=FILL, stroke=ACCENT, width=3))
    for tip in tips[: len(points)]:
        chart.shapes.append(Line((cx, cy), tip, stroke=GRID, width=1.5))
    chart.shapes.append(Circle((cx, cy), 5, fill=ACCENT))
    for i, ((name, count), tip) in enumerate(zip(points, tips, strict=False)):
        chart.shapes.append(Circle(tip, 27, fill=ACCENT))
        chart.shapes.append(Text(tip[0], tip[1], str(count), 22, "middle", bold=True, fill="white", centred=True))
        dx, dy = tip[0] - cx, tip[1] - cy
        anchor = "start" if dx > 40 else "end" if dx < -40 else "middle"
        x = tip[0] + (38 if anchor == "start" else -38 if anchor == "end" else 0)
        if anchor == "middle":
            y = tip[1] - 64 if dy < 0 else tip[1] + 52
        else:
            y = tip[1] - 2 if dy < 0 else tip[1] + 6
        room = chart.width - x - 8 if anchor == "start" else x - 8 if anchor == "end" else chart.width - 16
        chart.shapes.append(Text(x, y, shorten(name, 22, room, bold=True), 22, anchor, bold=True))
        chart.shapes.append(Text(x, y + 26, notes_label[i], 17, anchor, fill=MUTED))
    return chart


def bar_chart(title: str, bars: list[tuple[str, int]], proposed_from: int | None = None) -> Chart:
    """One bar per module: its name above, the bar, its number of notes after
    it. Bars from `proposed_from` on (lanes proposed in the meeting) are lighter."""
    row, top, left, right = 62, 16, 16, 60
    chart = Chart(width=760, height=top * 2 + row * max(len(bars), 1), title=title)
    widest = max((count for _, count in bars), default=0) or 1
    span = chart.width - left - right
    for i, (name, count) in enumerate(bars):
        y = top + i * row
        chart.shapes.append(Text(left, y + 20, shorten(name, 18, chart.width - 2 * left), 18))
        length = max(span * count / widest, 3)
        proposed = proposed_from is not None and i >= proposed_from
        chart.shapes.append(Rect(left, y + 28, length, 22, fill=GRID if proposed or not count else ACCENT))
        chart.shapes.append(Text(left + length + 10, y + 39, str(count), 18, bold=True, centred=True))
    return chart
