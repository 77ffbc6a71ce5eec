"""siibai certificate issue / void / reprint / ledger and siibai verify."""

import datetime as dt
import json

import pytest

from siibai_desktop.cli.main import main
from siibai_desktop.services.committee import CommitteeInfo, save_committee
from siibai_desktop.services.households import add_household
from siibai_desktop.services.residents import add_resident
from siibai_desktop.services.types import HouseholdInput, ResidentInput
from tests.helpers import make_id


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def path(db, db_path):
    save_committee(db, CommitteeInfo(name="枫港居民区居民委员会", district="示范区"))
    hid = add_household(db, HouseholdInput(compound="星港景苑", road="长宁支路", lane="314", building="5", room="302"))
    add_resident(db, ResidentInput(household_id=hid, name="单小明", id_number=make_id(dt.date(1935, 3, 5)),
                                   relation="head"))
    return str(db_path)


def test_issue_verify_void_reprint_ledger(path, tmp_path, capsys):
    number = make_id(dt.date(1935, 3, 5))
    out = tmp_path / "居住证明.pdf"
    code, text, err = run(capsys, "certificate", "issue", "--db", path, "--template", "居住证明",
                          "--resident", number, "--purpose", "办理入学", "--out", str(out), "--json")
    assert code == 0, err
    issued = json.loads(text)
    assert issued["serial"] == "居证〔2026〕第0001号" and out.read_bytes().startswith(b"%PDF")
    code, text, _ = run(capsys, "verify", issued["verify_code"], "--db", path)
    assert code == 0 and "真实有效" in text and "单小明" in text
    code, text, _ = run(capsys, "certificate", "reprint", "居证[2026]1", "--db", path, "--out", str(tmp_path / "b.pdf"))
    assert code == 0 and "已补打" in text
    code, text, _ = run(capsys, "certificate", "void", issued["serial"], "--reason", "用途写错", "--db", path)
    assert code == 0 and "已作废" in text
    code, text, _ = run(capsys, "verify", issued["verify_code"], "--db", path, "--json")
    result = json.loads(text)
    assert code == 2 and result["voided"] and result["genuine"]
    forged = issued["verify_code"][:-4] + ("AAAA" if not issued["verify_code"].endswith("AAAA") else "BBBB")
    code, text, _ = run(capsys, "verify", forged, "--db", path)
    assert code == 3 and "核验未通过" in text
    code, text, _ = run(capsys, "certificate", "ledger", "--db", path, "--json")
    assert [r["action_label"] for r in json.loads(text)] == ["作废", "补打", "开具"]
    code, text, _ = run(capsys, "certificate", "issue", "--db", path, "--template", "居住证明",
                        "--resident", number, "--purpose", "再开", "--out", str(out))
    assert code == 0 and "第0002号" in text


def test_unknown_template_and_resident_are_explained(path, tmp_path, capsys):
    code, _, err = run(capsys, "certificate", "issue", "--db", path, "--template", "无此模板",
                       "--resident", "x", "--purpose", "p", "--out", str(tmp_path / "x.pdf"))
    assert code == 1 and "居住证明" in err
    code, _, err = run(capsys, "certificate", "issue", "--db", path, "--template", "居住证明",
                       "--resident", make_id(dt.date(1990, 1, 1), seq=99), "--purpose", "p",
                       "--out", str(tmp_path / "x.pdf"))
    assert code == 1 and "没有身份证号" in err
    assert not (tmp_path / "x.pdf").exists()
