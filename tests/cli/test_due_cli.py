"""siibai due-visits / record-visit / needs, run in-process against a test database."""

import datetime as dt
import json

from siibai_desktop.cli.main import main
from siibai_desktop.services.staff import add_staff
from tests.visit_builders import household, tag, years_before

TODAY = dt.date(2026, 11, 21)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_due_visits_json_then_record_visit_clears_the_line(db, db_path, capsys):
    hid, (rid,) = household(db, "302", people=[("王阿婆", years_before(TODAY, 85), None)])
    tag(db, rid, "低保", TODAY - dt.timedelta(days=200))
    add_staff(db, "陈静")
    add_staff(db, "王丽华")
    code, out, _ = run(capsys, "due-visits", "--db", str(db_path), "--date", TODAY.isoformat(), "--json")
    assert code == 0
    (line,) = json.loads(out)
    assert {"household", "address", "residents", "rules", "last_visit", "due_date", "state", "reason"} <= set(line)
    assert line["household"] == hid and line["residents"] == ["王阿婆"]
    assert line["rules"] == ["高龄独居", "低保"] and line["state"] == "overdue" and line["last_visit"] is None
    assert line["address"].endswith("302室")

    code, out, _ = run(capsys, "record-visit", "--db", str(db_path), "--household", "314弄5号302",
                       "--date", TODAY.isoformat(), "--staff", "陈静,王丽华", "--mode", "入户",
                       "--note", "身体尚好", "--json")
    assert code == 0
    visit = json.loads(out)
    assert visit["staff"] == ["陈静", "王丽华"] and visit["mode_label"] == "入户"

    code, out, _ = run(capsys, "due-visits", "--db", str(db_path), "--date", TODAY.isoformat(), "--json")
    assert json.loads(out) == []
    code, out, _ = run(capsys, "due-visits", "--db", str(db_path), "--date", TODAY.isoformat(), "--all", "--json")
    (line,) = json.loads(out)
    assert line["state"] == "done" and line["last_visit"]["staff"] == "陈静、王丽华"
    code, out, _ = run(capsys, "due-visits", "--db", str(db_path), "--date", "2026-12-30")
    assert "逾期 9 天" in out and "上次入户走访 39 天前" in out and "共 1 户" in out


def test_due_visits_errors_are_chinese(db, db_path, capsys):
    code, _, err = run(capsys, "due-visits", "--db", str(db_path), "--staff", "没有这个人")
    assert code == 1 and "没有名为“没有这个人”的工作人员" in err
    code, _, err = run(capsys, "record-visit", "--db", str(db_path), "--household", "9999", "--staff", "x")
    assert code == 1 and "该户不存在" in err


def test_needs_add_status_follow_up_list(db, db_path, capsys):
    hid, _ = household(db, "302", people=[("王阿婆", years_before(TODAY, 85), None)])
    add_staff(db, "陈静")
    base = ("--db", str(db_path))
    code, out, _ = run(capsys, "needs", "add", *base, "--household", str(hid), "--category", "物业维修",
                       "--text", "水管漏水", "--owner", "陈静", "--json")
    (need,) = json.loads(out)
    assert (need["status_label"], need["owner"], need["source"]) == ("待处理", "陈静", "来电")
    nid = str(need["id"])
    code, out, err = run(capsys, "needs", "status", *base, nid, "已上报", "--json")
    assert code == 1 and "上报给哪里" in err
    run(capsys, "needs", "status", *base, nid, "已上报", "--to", "物业", "--who", "陈静")
    code, out, _ = run(capsys, "needs", "status", *base, nid, "已办结", "--resolution", "已修好", "--json")
    assert json.loads(out)[0]["status_label"] == "已办结"
    code, out, _ = run(capsys, "needs", "follow-up", *base, nid, "不满意", "--json")
    assert json.loads(out)[0]["status_label"] == "处理中"
    code, out, _ = run(capsys, "needs", "list", *base)
    assert "水管漏水" in out and "共 1 条" in out
    code, out, _ = run(capsys, "needs", "list", *base, "--status", "已回访")
    assert "共 0 条" in out
