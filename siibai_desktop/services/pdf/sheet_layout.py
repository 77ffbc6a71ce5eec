"""Layout of the printed visit sheets (走访单) and the route cover list, as drawing operations.

The layout is device independent: a page is a list of operations in points, measured from
the top-left corner of an A4 page. `visit_sheets.py` draws them with reportlab into a PDF;
the GUI's print preview draws the very same operations with QPainter. Text is measured
with the embedded TrueType font's own widths, so nothing overlaps or runs off the page.

Operations (tuples, for speed at 1,000 pages):
    ("T", x, baseline_y, size, text)          text
    ("L", x1, y1, x2, y2, line_width)         line
    ("R", x, y, w, h, fill_gray|None, line_width)   rectangle (line_width 0: no border)
    ("F", name, dy)                           a shared part (SheetLayout.forms[name]) moved down by dy
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...domain.checklist import MUST_DO, MUST_KNOW
from ...domain.sheet_code import pretty
from ...domain.visits import VisitMode
from .sheet_parts import Measure, code128_bars, expand  # noqa: F401  (expand: for callers)

PAGE_W, PAGE_H = 595.2756, 841.8898  # A4 in points
MARGIN = 36.0
LEFT, RIGHT = MARGIN, PAGE_W - MARGIN
WIDTH = RIGHT - LEFT
WEEKDAYS = "一二三四五六日"
CHECKS_FORM, SIGN_FORM = "SheetChecks", "SheetSign"


@dataclass(frozen=True)
class SheetMember:
    name: str
    relation: str
    sex: str
    age: int | None
    id_masked: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class SheetVisit:
    date: dt.date
    mode: str
    staff: str
    summary: str


@dataclass(frozen=True)
class SheetNeed:
    date: dt.date
    category: str
    status: str
    description: str


@dataclass(frozen=True)
class SheetData:
    """Everything printed on one household's sheet (ID numbers already masked)."""

    household_id: int
    code: str
    address: str
    building: str
    phone: str
    members: tuple[SheetMember, ...]
    reasons: tuple[str, ...]
    state_label: str
    due_date: dt.date | None
    last_visits: tuple[SheetVisit, ...]
    open_needs: tuple[SheetNeed, ...]
    notices: tuple[str, ...] = ()  # 3必知: open conflicts of the household, problems in its building


@dataclass(frozen=True)
class SheetContext:
    """What every page of one print run shares."""

    committee: str
    day: dt.date
    staff: str  # who walks (or the grid's staff member); "" when not known
    grid: str


def day_text(day: dt.date) -> str:
    return f"{day.isoformat()}（周{WEEKDAYS[day.weekday()]}）"


class SheetLayout:
    """Lays out sheets and the cover list for one font."""

    def __init__(self, font_name: str):
        self.m = Measure(font_name)
        checks, self.checks_height = self._checks_form()
        # shared parts: name -> ops (placed by ("F", name, dy): shifted down by dy)
        self.forms: dict[str, list[tuple]] = {CHECKS_FORM: checks, SIGN_FORM: self._sign_form()}

    # --- pieces ---------------------------------------------------------------------
    def _section(self, ops: list, y: float, title: str) -> float:
        ops.append(("R", LEFT, y + 2, 3, 11, 0.0, 0))
        ops.append(("T", LEFT + 7, y + 11.5, 11, title))
        return y + 17

    def _row(self, ops: list, y: float, cells: list[tuple[float, str]], size: float, height: float,
             shade: float | None = None, floor: float = 0.85) -> float:
        """One table row: cells are (width, text). A text too wide shrinks down to floor × size
        if that makes it fit whole; otherwise it is cut (…) at full size."""
        if shade is not None:
            ops.append(("R", LEFT, y, WIDTH, height, shade, 0))
        x = LEFT
        base = y + height - (height - size) / 2 - 1.5
        for w, text in cells:
            if text:
                # a long name shrinks a little to fit whole; long free text is cut at full size
                fitted, fsize = self.m.fit(text, size, size * floor, w - 6, shrink_or_clip=True)
                ops.append(("T", x + 3, base, fsize, fitted))
            x += w
        ops.append(("L", LEFT, y + height, RIGHT, y + height, 0.4))
        return y + height

    def _boxes(self, ops: list, y: float, prefix: str, labels: list[str], size: float = 9.5) -> float:
        """A line of tick boxes with labels, wrapping onto more lines when needed."""
        prefix_w = 62.0
        ops.append(("T", LEFT, y + size, size, prefix))
        x = LEFT + prefix_w
        for label in labels:
            w = 11 + 4 + self.m.width(label, size) + 12
            if x + w > RIGHT and x > LEFT + prefix_w:
                x, y = LEFT + prefix_w, y + size + 8
            ops.append(("R", x, y + 0.5, 9, 9, None, 0.8))
            ops.append(("T", x + 13, y + size, size, label))
            x += w
        return y + size + 9

    # --- the parts every sheet shares ------------------------------------------------
    def _checks_form(self) -> tuple[list[tuple], float]:
        """The 本次走访 block, laid out from y = 0; returns (ops, height)."""
        ops: list[tuple] = []
        y = self._section(ops, 0.0, "本次走访（请勾选）")
        y = self._boxes(ops, y, "走访方式", [mode.label for mode in VisitMode])
        y = self._boxes(ops, y, "5必做", [i.label for i in MUST_DO])
        y = self._boxes(ops, y, "3必知", [i.label for i in MUST_KNOW])
        y = self._boxes(ops, y, "2必清", ["户籍信息已核对", "居民需求已了解", "有新诉求（写在下方）"])
        ops.append(("T", LEFT, y + 9.5, 9.5, "见到的人："))
        ops.append(("L", LEFT + 62, y + 11, RIGHT, y + 11, 0.5))
        y += 20
        ops.append(("T", LEFT, y + 11, 11, "走访情况记录"))
        return ops, y + 16

    def _sign_form(self) -> list[tuple]:
        sign = "走访日期：______年____月____日　　走访人签名：______________　　居民签名：______________"
        s_text, s_size = self.m.fit(sign, 10, 8, WIDTH)
        return [("T", LEFT, PAGE_H - MARGIN - 14, s_size, s_text)]

    # --- one household --------------------------------------------------------------
    def sheet(self, d: SheetData, ctx: SheetContext, page_no: int, page_count: int) -> list[tuple]:
        m, ops = self.m, []
        top = MARGIN
        code_w = 160.0
        code_x = RIGHT - code_w
        ops.append(("T", LEFT, top + 9, 9, m.clip(f"{ctx.committee} · 四百走访 集中走访单", 9, code_x - LEFT - 10)))
        # the short code, large, with a barcode under it
        code_text = pretty(d.code)
        code_size = 26.0
        ops.append(("T", RIGHT - m.width(code_text, code_size), top + 24, code_size, code_text))
        bars, bars_w = code128_bars(d.code, 0, top + 31, 26, 1.1)
        shift = RIGHT - bars_w
        ops.extend(("R", op[1] + shift, *op[2:]) for op in bars)
        hint = "录入时输入此编号"
        ops.append(("T", RIGHT - m.width(hint, 7.5), top + 67, 7.5, hint))
        # the address, as large as fits (two lines at the smallest size)
        avail = code_x - LEFT - 12
        text, size = m.fit(d.address, 18, 12, avail)
        if text != d.address:
            # two lines: compound, then street and room, when each fits; else break anywhere
            head, _, tail = d.address.partition(" ")
            if tail and m.width(head, 12) <= avail and m.width(tail, 12) <= avail:
                lines = [head, tail]
            else:
                lines = m.wrap(d.address, 12, avail, 2)
            for i, line in enumerate(lines):
                ops.append(("T", LEFT, top + 30 + 15 * i, 12, line))
        else:
            ops.append(("T", LEFT, top + 34, size, text))
        info = f"走访日：{day_text(ctx.day)}"
        if ctx.staff:
            info += f"　责任人：{ctx.staff}"
        if ctx.grid:
            info += f"　网格：{ctx.grid}"
        ops.append(("T", LEFT, top + 62, 9.5, m.clip(info, 9.5, avail)))
        if d.phone:
            ops.append(("T", LEFT, top + 75, 9.5, m.clip(f"户电话：{d.phone}", 9.5, avail)))
        y = top + 82
        ops.append(("L", LEFT, y, RIGHT, y, 1.2))
        y += 8

        y = self._section(ops, y, "家庭成员")
        cols = [84.0, 46.0, 28.0, 34.0, 112.0]
        cols.append(WIDTH - sum(cols))
        y = self._row(ops, y, list(zip(cols, ["姓名", "关系", "性别", "年龄", "身份证号", "标签"])), 8.5, 14, 0.9)
        shown = d.members[:10]
        for p in shown:
            y = self._row(ops, y, list(zip(cols, [p.name, p.relation, p.sex, "" if p.age is None else f"{p.age}岁",
                                                  p.id_masked, "、".join(p.tags)])), 9.5, 15, floor=0.68)
        if not shown:
            y = self._row(ops, y, [(WIDTH, "（无在册成员）")], 9.5, 15)
        if len(d.members) > len(shown):
            y = self._row(ops, y, [(WIDTH, f"另有 {len(d.members) - len(shown)} 人未列出")], 9, 14)
        y += 8

        y = self._section(ops, y, "为何走访")
        status = d.state_label + (f"　应访日期：{d.due_date.isoformat()}" if d.due_date else "")
        if status:
            ops.append(("T", LEFT + 7, y + 9.5, 9.5, m.clip(status, 9.5, WIDTH - 7)))
            y += 14
        reasons = list(d.reasons) or ([] if d.state_label else ["计划内走访"])
        lines: list[str] = []
        for reason in reasons:
            lines.extend(m.wrap(reason, 9.5, WIDTH - 14, 2))
        for notice in d.notices:
            lines.extend(m.wrap("3必知：" + notice, 9.5, WIDTH - 14, 2))
        for line in lines[:5]:
            ops.append(("T", LEFT + 7, y + 9.5, 9.5, line))
            y += 13.5
        y += 6

        y = self._section(ops, y, "最近走访")
        vcols = [70.0, 56.0, 80.0]
        vcols.append(WIDTH - sum(vcols))
        if d.last_visits:
            for v in d.last_visits[:3]:
                y = self._row(ops, y, list(zip(vcols, [v.date.isoformat(), v.mode, v.staff, v.summary])), 9, 14)
        else:
            y = self._row(ops, y, [(WIDTH, "暂无走访记录")], 9, 14)
        y += 8

        y = self._section(ops, y, "未办结诉求")
        ncols = [70.0, 70.0, 56.0]
        ncols.append(WIDTH - sum(ncols))
        if d.open_needs:
            for n in d.open_needs[:4]:
                y = self._row(ops, y, list(zip(ncols, [n.date.isoformat(), n.category, n.status, n.description])), 9, 14)
            if len(d.open_needs) > 4:
                y = self._row(ops, y, [(WIDTH, f"另有 {len(d.open_needs) - 4} 件未列出")], 9, 14)
        else:
            y = self._row(ops, y, [(WIDTH, "无")], 9, 14)
        y += 8

        # the tick boxes and the signature line are the same on every sheet: drawn once per
        # document as PDF form XObjects and placed on each page ("F" operations)
        ops.append(("F", CHECKS_FORM, y))
        y += self.checks_height
        footer = PAGE_H - MARGIN - 34
        while y + 20 <= footer:
            y += 20
            ops.append(("L", LEFT, y, RIGHT, y, 0.4))
        ops.append(("F", SIGN_FORM, 0.0))
        foot = f"编号 {code_text} · 第 {page_no}/{page_count} 页 · 内含居民信息，请妥善保管，用后交回居委会"
        ops.append(("T", LEFT, PAGE_H - MARGIN + 4, 7.5, m.clip(foot, 7.5, WIDTH)))
        return ops

    # --- the cover list ---------------------------------------------------------------
    def cover(self, ctx: SheetContext, lines: list[CoverLine], title: str) -> list[list[tuple]]:
        """The route in walking order, grouped by building; as many pages as needed."""
        m = self.m
        cols = [28.0, 58.0, 60.0, 150.0, 0.0, 34.0]
        cols[4] = WIDTH - sum(cols)
        heads = ["序号", "编号", "房号", "居民", "状态 / 原因", "已访"]
        pages: list[list[tuple]] = []
        overdue = sum(1 for line in lines if line.overdue)
        summary = f"共 {len(lines)} 户" + (f"，其中逾期 {overdue} 户" if overdue else "")
        buildings = len({line.building for line in lines})
        summary += f"，{buildings} 个楼栋。按楼栋顺路排列，走完一栋再去下一栋。"

        def new_page() -> tuple[list[tuple], float]:
            ops: list[tuple] = []
            ops.append(("T", LEFT, MARGIN + 9, 9, m.clip(f"{ctx.committee} · 四百走访", 9, WIDTH)))
            t, s = m.fit(title, 18, 12, WIDTH)
            ops.append(("T", LEFT, MARGIN + 32, s, t))
            ops.append(("T", LEFT, MARGIN + 50, 9.5, m.clip(summary, 9.5, WIDTH)))
            y = MARGIN + 58
            y = self._row(ops, y, list(zip(cols, heads)), 8.5, 15, 0.9)
            return ops, y

        ops, y = new_page()
        bottom = PAGE_H - MARGIN - 20
        last_building = None
        for line in lines:
            need = 16 + (17 if line.building != last_building else 0)
            if y + need > bottom:
                pages.append(ops)
                ops, y = new_page()
                last_building = None
            if line.building != last_building:
                y = self._row(ops, y, [(WIDTH, f"■ {line.building}")], 9.5, 17, 0.96)
                last_building = line.building
            status = "：".join(x for x in (line.state_label, line.reason) if x)
            y = self._row(ops, y, list(zip(cols, [str(line.seq), pretty(line.code), line.room_text,
                                                  line.residents, status, ""])), 9, 16)
            x_box = LEFT + sum(cols[:5]) + 12
            ops.append(("R", x_box, y - 12.5, 9, 9, None, 0.8))
        if not lines:
            ops.append(("T", LEFT, y + 20, 11, "本次没有安排走访的户。"))
        pages.append(ops)
        total = len(pages)
        for i, page in enumerate(pages, 1):
            page.append(("T", LEFT, PAGE_H - MARGIN + 4, 7.5, f"走访路线 第 {i}/{total} 页"))
        return pages


@dataclass(frozen=True)
class CoverLine:
    seq: int
    code: str
    building: str
    room_text: str
    residents: str
    state_label: str
    reason: str
    overdue: bool
