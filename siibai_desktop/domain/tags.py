"""The system tags the app ships: the seven 必访 groups plus 党员, 楼组长, 志愿者."""

from __future__ import annotations

# (code, name, description). Codes are stable; offices may rename the Chinese.
SYSTEM_TAGS: list[tuple[str, str, str]] = [
    ("new_resident", "新住户", "7必访：新迁入的住户"),
    ("serious_illness", "大病重病", "7必访：患大病、重病的居民"),
    ("elderly_alone", "高龄独居", "7必访：高龄独居老人"),
    ("low_income", "低保", "7必访：享受最低生活保障"),
    ("model_worker", "劳模", "7必访：劳动模范"),
    ("entitled_group", "优抚对象", "7必访：优抚对象（军烈属等）"),
    ("retired_cadre", "离休干部", "7必访：离休干部"),
    ("hardship", "困难家庭", "7必访：生活困难家庭"),
    ("disabled", "残疾", "7必访：残疾人"),
    ("party_member", "党员", "中共党员"),
    ("group_leader", "楼组长", "楼组长"),
    ("volunteer", "志愿者", "志愿者"),
]
