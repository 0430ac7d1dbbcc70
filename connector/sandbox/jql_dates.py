"""JQL date values: absolute dates in the searching user's time zone, periods, and date functions."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from connector.sandbox.jql import Function, JqlError

FORMATS = ("%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d", "%Y-%m-%d")
_PERIOD = re.compile(r"^\s*([-+]?)((?:\s*\d+\s*[wdhm])+)\s*$")
_UNIT = re.compile(r"(\d+)\s*([wdhm])")
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}


def date_value(value: object, field: str, now: datetime) -> datetime:
    """`now` is aware and in the user's zone, so 'yyyy-MM-dd' means midnight there, as in Jira."""
    if isinstance(value, Function):
        return _function(value, field, now)
    text = str(value).strip()
    period = _period(text)
    if period is not None:
        return now + period
    for pattern in FORMATS:
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=now.tzinfo)
        except ValueError:
            continue
    raise JqlError(f"Date value '{text}' for field '{field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', "
                   "'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.")


def _period(text: str) -> timedelta | None:
    match = _PERIOD.match(text)
    if match is None:
        return None
    delta = timedelta()
    for amount, unit in _UNIT.findall(match.group(2)):
        delta += timedelta(**{_UNITS[unit]: int(amount)})
    return -delta if match.group(1) == "-" else delta


def _function(function: Function, field: str, now: datetime) -> datetime:
    name = function.name.lower()
    offset = _period(function.args[0]) if function.args else timedelta()
    if offset is None:
        raise JqlError(f"Error in the JQL Query: '{function.args[0]}' is not a valid period for {function.name}().")
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    anchors = {
        "now": now,
        "startofday": midnight,
        "endofday": midnight + timedelta(days=1, microseconds=-1000),
        "startofweek": midnight - timedelta(days=midnight.weekday()),
        "startofmonth": midnight.replace(day=1),
    }
    if name not in anchors:
        raise JqlError(f"Unable to find JQL function '{function.name}()' for field '{field}'.")
    return anchors[name] + offset
