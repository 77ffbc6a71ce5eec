"""siibai import-roster / export-roster / export-template."""

import json

import python_calamine

from siibai_desktop.cli.main import main
from siibai_desktop.services.database import open_app_database
from siibai_desktop.services.search import ResidentQuery, search_residents
from tests import exchange_files as office


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_import_roster_json_and_exit_codes(db_path, tmp_path, capsys):
    path = office.write_office_roster(tmp_path / "roster.xlsx")
    code, text, _ = run(capsys, "import-roster", str(path), "--dry-run", "--json", "--db", str(db_path))
    report = json.loads(text)
    assert code == 2 and report["dry_run"] is True
    assert (report["rows_read"], report["residents_created"], report["residents_updated"],
            report["households_created"]) == (12, 9, 0, office.HOUSEHOLDS)
    assert {e["row"] for e in report["errors"]} == set(office.ERROR_ROWS)
    assert report["errors"][0] == {"row": 14, "column": "公民身份号码",
                                   "message": report["errors"][0]["message"]}
    assert all(set(w) == {"row", "column", "message"} for w in report["warnings"])
    db = open_app_database(str(db_path))
    assert search_residents(db, ResidentQuery()) == []  # dry run
    db.close()

    code, text, _ = run(capsys, "import-roster", str(path), "--sheet", "2026年花名册", "--db", str(db_path))
    assert code == 2 and "已新增居民 9 人" in text and "第 14 行 公民身份号码" in text
    code, text, _ = run(capsys, "import-roster", str(path), "--json", "--db", str(db_path))
    report = json.loads(text)
    assert code == 2 and (report["residents_updated"], report["residents_unchanged"]) == (0, 9)


def test_import_roster_nothing_importable_and_bad_file(db_path, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("姓名,身份证号,地址\n张三,123,枫桥苑1号101室\n", encoding="utf-8")
    code, text, _ = run(capsys, "import-roster", str(bad), "--json", "--db", str(db_path))
    assert code == 1 and json.loads(text)["errors"][0]["row"] == 2
    code, _, err = run(capsys, "import-roster", str(tmp_path / "none.xlsx"), "--db", str(db_path))
    assert code == 1 and "找不到文件" in err
    every = tmp_path / "good.csv"
    every.write_text("姓名,地址\n张三,枫桥苑1号101室\n", encoding="utf-8")
    code, _, _ = run(capsys, "import-roster", str(every), "--db", str(db_path))
    assert code == 0


def test_export_roster_and_template(demo_db, db_path, tmp_path, capsys):
    out = tmp_path / "party.xlsx"
    code, text, _ = run(capsys, "export-roster", str(out), "--tag", "党员", "--db", str(db_path))
    assert code == 0 and "已导出" in text
    rows = python_calamine.CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert rows[2:] and all("党员" in r[11] and "*" in r[5] for r in rows[2:])
    full = tmp_path / "full.xlsx"
    code, _, _ = run(capsys, "export-roster", str(full), "--query", "星港", "--full-id", "--reason", "上报街道", "--db", str(db_path))
    rows = python_calamine.CalamineWorkbook.from_path(str(full)).get_sheet_by_index(0).to_python()
    assert code == 0 and rows[2:] and all(len(r[5]) == 18 and "星港" in r[7] for r in rows[2:])
    code, _, err = run(capsys, "export-roster", str(out), "--tag", "没有的标签", "--db", str(db_path))
    assert code == 1 and "没有名为" in err
    code, text, _ = run(capsys, "export-template", str(tmp_path / "模板"))
    assert code == 0 and (tmp_path / "模板.xlsx").exists()
