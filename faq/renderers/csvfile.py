"""faq.csv, made to open correctly in Dutch Excel by double-click.

- UTF-8 with a byte-order mark: without it Excel reads the file as Windows-1252 and accents
  turn into `Ã«`. (A `sep=;` first line would make Excel ignore the BOM, so there is none.)
- `;` between fields: Excel with Dutch regional settings splits on `;`, because `,` is the
  decimal separator there. Fields with `;`, quotes or line breaks are quoted (RFC 4180).
- CRLF line ends; dates as `YYYY-MM-DD HH:MM` in Dutch time, which Excel reads as a date.
- A text starting with `=`, `+`, `-`, `@` (a Markdown list, say) gets a leading `'`, so Excel
  shows it as text instead of running it as a formula.
"""

from __future__ import annotations

import csv
import io

from faq.texts import local
from faq.view import FaqView

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def render(view: FaqView) -> bytes:
    t = view.t
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([t["col_id"], t["col_theme"], t["col_team"], t["col_phase"], t["col_question"],
                     t["col_answer"], t["col_key"], t["col_link"], t["col_published"], t["col_updated"]])
    for item in view.ordered:
        writer.writerow([
            item.anchor,
            _text(view.theme_name(item.theme)),
            _text(view.team_name(item.team)),
            _text(view.phase_name(item.phase)),
            _text(item.summary),
            _text(item.answer_markdown),
            item.jira_key,
            view.jira_link(item),
            local(item.first_published_at).strftime("%Y-%m-%d %H:%M"),
            local(item.updated_at).strftime("%Y-%m-%d %H:%M"),
        ])
    return out.getvalue().encode("utf-8")
