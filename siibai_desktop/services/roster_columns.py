"""Roster columns: the fields an import fills, the usual spellings of their headers,
finding the header row under title rows, and mappings remembered per header set."""

from __future__ import annotations

import hashlib
import json
import re

from ..db.paths import data_dir
from ..domain.text import to_half_width

# field code -> Chinese label (the template's headers, in this order)
FIELDS: dict[str, str] = {
    "name": "姓名",
    "sex": "性别",
    "birth_date": "出生日期",
    "id_number": "身份证号",
    "phone": "联系电话",
    "compound": "小区",
    "address": "地址",
    "road": "道路",
    "lane": "弄",
    "building": "楼号",
    "room": "室号",
    "relation": "与户主关系",
    "residence_status": "户籍状态",
    "tags": "标签",
    "moved_in_on": "迁入日期",
    "notes": "备注",
    "household_key": "户号",
}
TEMPLATE_FIELDS = ["name", "sex", "birth_date", "id_number", "phone", "compound", "address", "building",
                   "room", "relation", "residence_status", "tags", "moved_in_on", "notes"]

ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "居民姓名", "人员姓名", "成员姓名"),
    "sex": ("性别",),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "生日", "出生时间"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "公民身份证号码", "证件号码", "证件号", "身份证",
                  "身份证件号码"),
    "phone": ("联系电话", "手机", "电话", "联系方式", "手机号", "手机号码", "电话号码", "联系手机"),
    "compound": ("小区", "小区名称", "所在小区", "小区名"),
    "address": ("地址", "居住地址", "现住址", "门牌", "门牌号", "住址", "家庭住址", "现居住地址", "居住地",
                "详细地址", "户籍地址"),
    "road": ("道路", "路", "街路巷", "路名"),
    "lane": ("弄", "弄号"),
    "building": ("楼号", "幢", "幢号", "楼栋", "楼栋号", "号", "栋"),
    "room": ("室号", "房号", "室", "房间号", "门牌室号"),
    "relation": ("与户主关系", "与户主的关系", "关系", "家庭关系"),
    "residence_status": ("户籍状态", "人员类别", "户籍类别", "人户状态", "居住类型", "人员类型"),
    "tags": ("标签", "人员标签", "特殊人群", "人群类别"),
    "moved_in_on": ("迁入日期", "入住日期", "迁入时间"),
    "notes": ("备注", "说明"),
    "household_key": ("户号", "户编号", "家庭编号"),
}
_LOOKUP = {alias: field for field, names in ALIASES.items() for alias in names}
IGNORED = "ignore"  # mapping value for a column the user chose not to import
MAPPINGS_FILE = "import_mappings.json"


def normalise_header(value: object) -> str:
    """Header text as compared: half-width, no spaces, no '*', no bracketed notes."""
    text = to_half_width(str(value if value is not None else ""))
    text = re.sub(r"\(.*?\)|\[.*?\]|【.*?】", "", text)
    return "".join(ch for ch in text if not ch.isspace() and ch not in "*:：")


def field_for_header(value: object) -> str | None:
    return _LOOKUP.get(normalise_header(value))


def detect_header_row(rows: list[list[object]], scan: int = 30) -> int | None:
    """Index of the row that looks most like the headers (title rows above are skipped)."""
    best, best_score, first_texts = None, 0, None
    for index, row in enumerate(rows[:scan]):
        filled = [c for c in row if c not in ("", None)]
        fields = {field_for_header(c) for c in filled}
        fields.discard(None)
        score = len(fields) + (2 if "name" in fields else 0)
        if "name" in fields and score > best_score:
            best, best_score = index, score
        if first_texts is None and len(filled) >= 2 and all(isinstance(c, str) for c in filled):
            first_texts = index
    # headers nobody recognises: the first row of words, for the user to map by hand
    return best if best is not None else first_texts


def guess_mapping(headers: list[str]) -> dict[int, str]:
    """Column index -> field for the headers this module knows; first column wins a field."""
    out: dict[int, str] = {}
    taken: set[str] = set()
    for i, header in enumerate(headers):
        field = field_for_header(header)
        if field and field not in taken:
            out[i] = field
            taken.add(field)
    return out


def header_signature(headers: list[str]) -> str:
    text = "\x1f".join(normalise_header(h) for h in headers)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _store_path():
    return data_dir() / MAPPINGS_FILE


def _load_store() -> dict:
    try:
        data = json.loads(_store_path().read_text("utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def saved_mapping(headers: list[str]) -> dict[int, str] | None:
    """The mapping the user confirmed last time for exactly these headers, if any."""
    entry = _load_store().get(header_signature(headers))
    if not isinstance(entry, dict):
        return None
    valid = set(FIELDS) | {IGNORED}
    out = {}
    for key, field in entry.get("mapping", {}).items():
        if str(key).isdigit() and int(key) < len(headers) and field in valid:
            out[int(key)] = field
    return out


def remember_mapping(headers: list[str], mapping: dict[int, str]) -> None:
    """Keep the confirmed mapping (in the data folder) for the next file with these headers."""
    store = _load_store()
    store[header_signature(headers)] = {
        "headers": [str(h) for h in headers],
        "mapping": {str(k): v for k, v in sorted(mapping.items())},
    }
    path = _store_path()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(store, ensure_ascii=False, indent=1), "utf-8")
    tmp.replace(path)


def mapping_for(headers: list[str]) -> dict[int, str]:
    """Remembered mapping for these headers, else the guessed one."""
    saved = saved_mapping(headers)
    return saved if saved is not None else guess_mapping(headers)
