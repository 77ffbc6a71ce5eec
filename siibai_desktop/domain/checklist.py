"""The "5237" checklist of 飞乐居委会 (shared/seeds/003…txt): the 5必做, 2必清 and 3必知 items.

Visits record which 5必做 / 3必知 items they touched by code; the sheets and the visit
form show the short label, with the article's sentence as a tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str   # short label for checkboxes and sheets
    text: str    # the article's wording


MUST_DO: tuple[ChecklistItem, ...] = (
    ChecklistItem("safety", "促进安全稳定团结",
                  "促进安全、稳定、团结的事必做。妥善处理矛盾纠纷，认真排查不稳定因素。"),
    ChecklistItem("relief", "帮助居民排忧解难",
                  "帮助居民排忧解难的事必做。以多种形式走访，听群众呼声，解群众难题。"),
    ChecklistItem("rights", "维护居民合法权益",
                  "维护居民合法权益的事必做。宣传法律知识，提高人民群众的法律素质。"),
    ChecklistItem("living", "改善居民生活质量",
                  "改善居民生活质量的事必做。注重社区基础设施建设，提供良好的生活环境和条件。"),
    ChecklistItem("culture", "提升社区人文环境",
                  "提升社区人文环境的事必做。倡导文明习惯，加强文化教育，增强社区活力和凝聚力。"),
)

MUST_BE_CLEAR: tuple[ChecklistItem, ...] = (
    ChecklistItem("roster", "社区底数必清", "走访排查后，户籍册和外来人员情况及时调整、动态更新。"),
    ChecklistItem("needs", "居民需求必清", "把群众的信息装在心里，把群众需求放在心上。"),
)

MUST_KNOW: tuple[ChecklistItem, ...] = (
    ChecklistItem("conflicts", "群体矛盾、不稳定因素",
                  "群体矛盾、不稳定因素必知。发挥调解“第一防线”作用，把矛盾纠纷化解在萌芽状态。"),
    ChecklistItem("resources", "社区资源情况",
                  "社区资源情况必知。参与社区项目和活动、共享资源和信息。"),
    ChecklistItem("environment", "影响社区环境的突出问题",
                  "影响社区环境的突出问题必知。探索民生问题治理，提高人民群众满意度。"),
)

MUST_DO_CODES = frozenset(i.code for i in MUST_DO)
MUST_KNOW_CODES = frozenset(i.code for i in MUST_KNOW)


def labels_for(items: tuple[ChecklistItem, ...], codes) -> list[str]:
    """Labels of the given codes, in checklist order."""
    wanted = set(codes)
    return [i.label for i in items if i.code in wanted]
