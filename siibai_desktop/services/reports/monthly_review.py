"""月谈会“五个一”: the month's figures filled into the five headings (one voice to solve,
one set of views, one remedy, one solved case, one proposal), with space to write."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from ...db.engine import Database
from ...domain.needs import OPEN_STATUSES, FollowUpVerdict
from .model import Column, Report, Table, WritingSpace, month_end, month_start, period_text
from .visit_facts import needs_raised, needs_solved, visited_households, visits_by_mode

TITLE = "月谈会“五个一”"


def _verdict(code: str | None) -> str:
    try:
        return FollowUpVerdict(code).label if code else "未回访"
    except ValueError:
        return code or ""


def monthly_review_report(db: Database, start: dt.date, end: dt.date | None = None, **_options) -> Report:
    first, last = month_start(start), month_end(start)
    with db.reading() as session:
        visits = visits_by_mode(session, first, last)
        households = visited_households(session, first, last)
        raised = needs_raised(session, first, last)
        solved = needs_solved(session, first, last)
    by_category = Counter(c for _i, c, _d, _s in raised)
    open_needs = [r for r in raised if r[3] in OPEN_STATUSES]
    open_by_category = Counter(r[1] for r in open_needs)
    voice: list[str] = []
    if open_by_category:
        category, count = open_by_category.most_common(1)[0]
        voice.append(f"本月反映最集中且尚未解决的是“{category}”（{count} 件未办结）。例如：")
        voice += [f"· {d}" for _i, c, d, _s in open_needs if c == category][:3]
    else:
        voice.append("本月收集的诉求均已办结或上报。")
    views = ["本月共收集诉求 {} 件：{}。".format(
        len(raised), "、".join(f"{c} {n} 件" for c, n in by_category.most_common()) or "无")]
    case: list[str] = []
    if solved:
        # the case to tell: a followed-up, satisfied one if there is one, else the latest solved
        best = sorted(solved, key=lambda s: (s.verdict != FollowUpVerdict.SATISFIED.value, -s.resolved_on.toordinal()))[0]
        case = [f"诉求：{best.description}（{best.category}，{best.address.replace(' ', '')}）",
                f"经过：{best.raised_on:%Y-%m-%d} 收集，{best.resolved_on:%Y-%m-%d} 办结，"
                f"用时 {(best.resolved_on - best.raised_on).days} 天。",
                f"结果：{best.resolution or '（未填写办理结果）'}；回访：{_verdict(best.verdict)}。"]
    else:
        case = ["本月暂无办结的诉求。"]
    return Report(
        key="monthly-review", title=TITLE, period=period_text(first, last), start=first, end=last,
        figures=(("走访次数", str(sum(visits.values()))), ("走访户数", str(len(households))),
                 ("收集诉求", f"{len(raised)} 件"), ("办结诉求", f"{len(solved)} 件"),
                 ("尚未办结（本月收集）", f"{len(open_needs)} 件")),
        spaces=(
            WritingSpace("一、一个需要解决的声音", tuple(voice), 3),
            WritingSpace("二、一组意见", tuple(views), 3),
            WritingSpace("三、一个良方", (), 4),
            WritingSpace("四、一个解决的案例", tuple(case), 2),
            WritingSpace("五、一条建议", (), 4),
        ),
        tables=(Table("本月办结诉求", (Column("类别", 1), Column("诉求", 3), Column("收集", 1), Column("办结", 1),
                                      Column("回访", 0.8)),
                      tuple((s.category, s.description, s.raised_on.isoformat(), s.resolved_on.isoformat(),
                             _verdict(s.verdict)) for s in solved)),),
    )
