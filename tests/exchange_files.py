"""Roster files as offices send them, built in the tests (generated people only).

`write_office_roster(path)` writes an .xlsx with a title row, a merged address block,
a blank row, rows with problems and a total row. `tests/data/office_roster.xls` and
`.ods` are this same file converted once by LibreOffice (tests/data/make_fixtures.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter

from tests.helpers import make_id

ZHANG = make_id(dt.date(1935, 3, 5), male=True, seq=1)
LI = make_id(dt.date(1938, 1, 2), male=False, seq=2)
ZHANG_SON = make_id(dt.date(1965, 7, 8), male=True, seq=3)
WANG = make_id(dt.date(1950, 3, 5), male=False, seq=4)
WANG_SON = make_id(dt.date(1980, 5, 6), male=True, seq=5)
ZHAO = make_id(dt.date(1935, 3, 5), male=True, seq=6)
SUN = make_id(dt.date(1940, 9, 10), male=False, seq=7)
QIAN = make_id(dt.date(1972, 12, 1), male=True, seq=8)
NUMERIC = make_id(dt.date(1962, 4, 4), male=True, seq=9)
BAD_CHECK = ZHANG_SON[:17] + ("0" if ZHANG_SON[17] != "0" else "1")

HEADERS = ["序号", "姓名", "性别", "公民身份号码", "出生年月", "联系方式", "小区", "现住址", "与户主关系",
           "人员类别", "人员标签", "备注"]

# Expected outcome of importing the office roster into an empty database.
GOOD_NAMES = ["张建国", "李秀英", "张伟", "王芳", "王小明", "赵六", "孙丽", "钱进", "周敏"]
ERROR_ROWS = {  # Excel row -> words the reason must contain
    14: "存成了数字",  # numeric ID cell
    15: "重复",       # same ID as row 4
    16: "校验位",     # wrong check digit
}
WARNING_ROWS = {12: "不认识", 13: "性别与身份证号不符"}
HOUSEHOLDS = 5  # 枫桥苑12号0502; 武夷路52弄3号201室 twice (two 户主); 枫桥苑12幢301室; 枫桥苑3号101室
TOTAL_ROW = 17


def write_office_roster(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("2026年花名册")
    title = book.add_format({"bold": True, "font_size": 16, "align": "center"})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    merged = book.add_format({"valign": "vcenter"})
    sheet.merge_range(0, 0, 0, len(HEADERS) - 1, "枫港居民区居民花名册（2026年）", title)
    sheet.write_string(1, 0, "制表单位：枫港居民区居委会")
    sheet.write_row(2, 0, HEADERS)
    # a household whose compound and address cells are merged over its three members
    sheet.write_row(3, 0, [1, "张建国", "男", ZHANG])
    sheet.write_datetime(3, 4, dt.datetime(1935, 3, 5), date)
    sheet.write_row(3, 5, ["13812345678"])
    sheet.merge_range(3, 6, 5, 6, "枫桥苑", merged)
    sheet.merge_range(3, 7, 5, 7, "12号 0502", merged)
    sheet.write_row(3, 8, ["户主", "户籍", "党员、低保", ""])
    sheet.write_row(4, 0, [2, "李秀英", "女", LI, "1938/1/2", "", None, None, "妻", "户籍", "", ""])
    sheet.write_row(5, 0, [3, "张伟", "男", ZHANG_SON, "19650708", "021-62345678", None, None, "儿子", "人户分离",
                           "", "在外区工作"])
    # a lane address without a compound; the same dwelling holds two households
    sheet.write_row(6, 0, [4, "王芳", "女", WANG, "1950.3.5", "139 1234 5678", "", "武夷路52弄3号201室",
                           "户主", "外来人员", "", ""])
    sheet.write_row(7, 0, [5, "王小明", "男", WANG_SON.lower(), "1980年5月6日", "", "", "武夷路52弄3号201室",
                           "子", "外来人员", "", ""])
    sheet.write_row(8, 0, [6, "赵六", "男", ZHAO, "", "", "", "武夷路52弄3号201室", "户主", "", "", ""])
    sheet.write_row(9, 0, [])  # blank row
    sheet.write_row(10, 0, [7, "孙丽", "女", SUN, 14864, "", "枫桥苑", "12幢301室", "户主", "", "高龄独居", ""])
    sheet.write_row(11, 0, [8, "钱进", "男", QIAN, "1972-12-01", "", "枫桥苑", "12幢301室", "其他人", "", "", ""])
    sheet.write_row(12, 0, [9, "周敏", "女", make_id(dt.date(1990, 1, 1), male=True, seq=10), "", "", "枫桥苑",
                            "3号101室", "户主", "", "", ""])
    sheet.write_number(13, 3, int(NUMERIC))  # Excel keeps 15 significant digits
    sheet.write_row(13, 0, [10, "吴刚", "男"])
    sheet.write_row(13, 6, ["枫桥苑", "3号102室", "户主"])
    sheet.write_row(14, 0, [11, "郑重", "男", ZHANG, "", "", "枫桥苑", "3号103室", "户主"])
    sheet.write_row(15, 0, [12, "冯错", "男", BAD_CHECK, "", "", "枫桥苑", "3号104室", "户主"])
    sheet.write_row(16, 0, ["合计", "", "", "", "", "", "", "", "", "", "", "共 12 人"])
    book.close()
    return path
