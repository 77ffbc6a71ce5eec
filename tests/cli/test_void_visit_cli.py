"""siibai void-visit: void a visit by its number, with a reason; the due list sees it."""

import datetime as dt
import json

from siibai_desktop.cli.main import main
from siibai_desktop.services.staff import add_staff
from siibai_desktop.services.visits import get_visit
from tests.visit_builders import household, visit, years_before

TODAY = dt.date(2026, 11, 21)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_void_visit_needs_a_reason_then_voids_and_the_household_is_due_again(db, db_path, capsys):
    hid, _ = household(db, "302", people=[("王阿婆", years_before(TODAY, 85), None)])
    vid = visit(db, hid, TODAY, [add_staff(db, "陈静")])
    code, out, _ = run(capsys, "due-visits", "--db", str(db_path), "--date", TODAY.isoformat(), "--json")
    assert json.loads(out) == []

    code, _, err = run(capsys, "void-visit", str(vid), "--db", str(db_path), "--reason", "  ")
    assert code == 1 and "请填写作废原因" in err
    assert not get_visit(db, vid).voided

    code, out, _ = run(capsys, "void-visit", str(vid), "--db", str(db_path), "--reason", "重复登记")
    assert code == 0 and out.startswith(f"已作废走访 #{vid}") and "重复登记" in out
    code, out, _ = run(capsys, "due-visits", "--db", str(db_path), "--date", TODAY.isoformat(), "--json")
    (line,) = json.loads(out)
    assert line["household"] == hid and line["state"] == "overdue"

    code, _, err = run(capsys, "void-visit", str(vid), "--db", str(db_path), "--reason", "再作废一次")
    assert code == 1 and "已经作废" in err
    code, _, err = run(capsys, "void-visit", "999", "--db", str(db_path), "--reason", "重复登记")
    assert code == 1 and "不存在" in err
