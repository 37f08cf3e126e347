"""Dates as news pages write them, in English, Russian and Kazakh (``27 июня 2024``, ``2024 жылғы 27 маусым``)."""

from __future__ import annotations

import datetime
import re

MONTHS = {
    **dict.fromkeys(("january", "jan", "января", "январь", "янв", "қаңтар", "қаңтардың"), 1),
    **dict.fromkeys(("february", "feb", "февраля", "февраль", "фев", "ақпан", "ақпанның"), 2),
    **dict.fromkeys(("march", "mar", "марта", "март", "мар", "наурыз", "наурыздың"), 3),
    **dict.fromkeys(("april", "apr", "апреля", "апрель", "апр", "сәуір", "сәуірдің"), 4),
    **dict.fromkeys(("may", "мая", "май", "мамыр", "мамырдың"), 5),
    **dict.fromkeys(("june", "jun", "июня", "июнь", "июн", "маусым", "маусымның"), 6),
    **dict.fromkeys(("july", "jul", "июля", "июль", "июл", "шілде", "шілденің"), 7),
    **dict.fromkeys(("august", "aug", "августа", "август", "авг", "тамыз", "тамыздың"), 8),
    **dict.fromkeys(("september", "sep", "sept", "сентября", "сентябрь", "сен", "сент", "қыркүйек"), 9),
    **dict.fromkeys(("october", "oct", "октября", "октябрь", "окт", "қазан", "қазанның"), 10),
    **dict.fromkeys(("november", "nov", "ноября", "ноябрь", "ноя", "қараша", "қарашаның"), 11),
    **dict.fromkeys(("december", "dec", "декабря", "декабрь", "дек", "желтоқсан"), 12),
}
_MONTH = r"([^\W\d_]{3,12})\.?"
_DATE_FORMS = (
    # ISO 8601, extended and basic (20240712T1505+0500)
    (re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?:T\d|$)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{4})/(\d{1,2})/(\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)"), "dmy"),
    (re.compile(rf"(?<!\d)(\d{{1,2}})\s+{_MONTH},?\s+(\d{{4}})(?!\d)"), "dMy"),
    (re.compile(rf"{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})(?!\d)"), "Mdy"),
    (re.compile(rf"(?<!\d)(\d{{4}})\s+(?:жылғы|ж\.)\s+(\d{{1,2}})\s+{_MONTH}"), "ydM"),
)


def parse_date(text: str) -> datetime.date | None:
    """The first date written in ``text`` in a form news pages use, or None."""
    for pattern, order in _DATE_FORMS:
        for m in pattern.finditer(text):
            parts = dict(zip(order, m.groups(), strict=True))
            month = parts.get("m") or MONTHS.get(parts.get("M", "").lower())
            if month is None:
                continue
            try:
                return datetime.date(int(parts["y"]), int(month), int(parts["d"]))
            except ValueError:
                continue
    return None
