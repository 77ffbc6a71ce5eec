"""siibai report NAME --from --to --out FILE.pdf|.xlsx."""

import json

from siibai_desktop.cli.main import main


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_every_report_saves_as_pdf_and_xlsx(demo_db, db_path, tmp_path, capsys):
    for name in ("elderly90", "tags", "coverage", "scorecard", "monthly-review"):
        for suffix in (".pdf", ".xlsx"):
            out = tmp_path / f"{name}{suffix}"
            code, text, err = run(capsys, "report", name, "--db", str(db_path), "--from", "2026-05-01",
                                  "--to", "2026-10-31", "--out", str(out), "--date", "2026-11-21", "--json")
            assert code == 0, err
            assert out.stat().st_size > 0 and json.loads(text)["out"] == str(out)
    code, text, _ = run(capsys, "report", "90岁以上老人月报", "--db", str(db_path), "--from", "2026-10-01")
    assert code == 0 and "2026年10月" in text and "本月在册人数" in text


def test_unknown_report_and_wrong_suffix_are_explained(demo_db, db_path, tmp_path, capsys):
    code, _, err = run(capsys, "report", "nothing", "--db", str(db_path))
    assert code == 1 and "elderly90" in err
    code, _, err = run(capsys, "report", "tags", "--tag", "低保", "--db", str(db_path), "--out", str(tmp_path / "x.doc"))
    assert code == 1 and ".xlsx" in err
