"""The appendix as PDF: the HTML appendix laid out on A4 by WeasyPrint.

WeasyPrint is a well-kept HTML/CSS layout engine for print (paged media:
`@page` margins with page numbers, `break-after: avoid`), pure Python on
top of Pango, so the PDF is exactly the HTML appendix the secretary can
also open, with its footer and page numbers. `html_to_pdf` is kept small
and general so other printed pages (e.g. table cards) can use it too.
"""

from __future__ import annotations

import logging

from facilitator.export.charts import Chart
from facilitator.export.html import render_html
from facilitator.export.model import Appendix

# WeasyPrint warns on the log about CSS it does not know (e.g. `hyphens` in
# some versions); those are not the facilitator's business.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot run here (Debian's libpango is missing: `make pdf-tools` installs it)."""


def html_to_pdf(html: str, *, title: str | None = None, author: str | None = None, language: str | None = None) -> bytes:
    """`html` (a whole, self-contained document: no external files are
    fetched) as PDF bytes. Page size and margins come from its `@page` CSS."""
    try:
        from weasyprint import HTML
    except OSError as exc:  # WeasyPrint found no Pango: say what to install
        raise PdfUnavailable(str(exc)) from exc

    def no_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
        raise ValueError(f"the document may not load {url!r}")

    document = HTML(string=html, url_fetcher=no_fetch).render()
    if title:
        document.metadata.title = title
    if author:
        document.metadata.authors = [author]
    if language:
        document.metadata.lang = language
    return document.write_pdf()


def render_pdf(appendix: Appendix, charts: dict[str, Chart] | None = None) -> bytes:
    from facilitator.export.labels import Labels

    labels = Labels(appendix)
    return html_to_pdf(render_html(appendix, charts), title=labels.title(), author=appendix.network or None, language=appendix.language)
