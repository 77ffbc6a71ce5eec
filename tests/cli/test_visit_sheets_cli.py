"""siibai visit-sheets: a PDF for a staff member's next Thursday, plan kept, bad names refused."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from siibai_desktop.cli.main import main
from siibai_desktop.services.staff import list_grids, list_staff

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


def test_visit_sheets_for_a_staff_member(demo_db, db_path, tmp_path, capsys):
    staff = list_staff(demo_db)[1]
    out = tmp_path / "走访单.pdf"
    code = main(["visit-sheets", str(out), "--staff", staff.name, "--date", "2026-11-26", "--limit", "5",
                 "--db", str(db_path), "--json"])
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert result["households"] == 5 and result["pages"] == 6 and result["new_plan"] is True
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "2026-11-26" in text and staff.name in text and "走访人签名" in text
    # the second run prints the same plan
    assert main(["visit-sheets", str(out), "--staff", staff.name, "--date", "2026-11-26",
                 "--db", str(db_path)]) == 0
    assert "沿用已有计划" in capsys.readouterr().out


def test_visit_sheets_for_a_grid_by_default_date(demo_db, db_path, tmp_path, capsys):
    grid = list_grids(demo_db)[0]
    out = tmp_path / "grid.pdf"
    assert main(["visit-sheets", str(out), "--grid", grid.name, "--db", str(db_path), "--limit", "3"]) == 0
    assert out.exists() and "已生成" in capsys.readouterr().out


def test_unknown_staff_is_a_chinese_error(demo_db, db_path, tmp_path, capsys):
    assert main(["visit-sheets", str(tmp_path / "x.pdf"), "--staff", "不存在的人", "--db", str(db_path)]) == 1
    assert "没有名为“不存在的人”的工作人员" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
