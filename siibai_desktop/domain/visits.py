"""Visit modes (走访方式): the database keeps the code, people see the label."""

from __future__ import annotations

from .enums import Labelled


class VisitMode(Labelled):
    HOME = ("home", "入户")
    PHONE = ("phone", "电话")
    WECHAT = ("wechat", "微信")
    STOOL = ("stool", "小板凳")
    VISIT_DAY = ("visit_day", "集中走访")


def parse_modes(text: str | None) -> tuple[str, ...]:
    """Mode codes from stored text ("home,phone"); labels are accepted too. Unknown ones dropped."""
    out: list[str] = []
    for part in (text or "").replace("，", ",").replace("、", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            code = VisitMode.from_label(part).value
        except ValueError:
            continue
        if code not in out:
            out.append(code)
    return tuple(out)


def join_codes(codes) -> str:
    """Codes as stored text: comma-separated, no spaces."""
    return ",".join(c for c in codes if c)


def split_codes(text: str | None) -> tuple[str, ...]:
    return tuple(c for c in (text or "").split(",") if c)


MODE_LABELS = {m.value: m.label for m in VisitMode}


def mode_label(code: str | None) -> str:
    """入户 for "home"; unknown codes are shown as they are."""
    if not code:
        return ""
    return MODE_LABELS.get(code, code)
