import json
import subprocess
import sys

from siibai_desktop.cli.main import main


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_init_then_demo_data_then_search_as_json(tmp_path, capsys):
    path = str(tmp_path / "cli.sqlite3")
    assert run(capsys, "init", "--db", path, "--committee", "测试居委会")[0] == 0
    code, out, _ = run(capsys, "demo-data", "--db", path, "--residents", "300", "--json")
    assert code == 0 and json.loads(out)["residents"] == 300
    code, out, _ = run(capsys, "residents", "search", "", "--db", path, "--json", "--limit", "5")
    people = json.loads(out)
    assert code == 0 and len(people) == 5
    first = people[0]
    assert {"name", "id_number", "address", "tags"} <= set(first)
    assert "*" in first["id_number"] and len(first["id_number"]) == 18
    code, out, _ = run(capsys, "residents", "search", first["name"], "--db", path, "--json", "--full-id", "--reason", "核对身份")
    full = [p for p in json.loads(out) if p["id"] == first["id"]][0]
    assert full["id_number"].isalnum() and full["id_number"][-4:] == first["id_number"][-4:]


def test_demo_data_refuses_a_database_that_has_residents(tmp_path, capsys):
    path = str(tmp_path / "twice.sqlite3")
    assert run(capsys, "demo-data", "--db", path, "--residents", "50")[0] == 0
    code, _, err = run(capsys, "demo-data", "--db", path, "--residents", "50")
    assert code == 1 and "已有居民" in err


def test_console_script_runs_and_reports_a_bad_database_in_chinese(tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("not a database")
    proc = subprocess.run([sys.executable, "-m", "siibai_desktop.cli.main", "residents", "search", "x", "--db", str(bad)],
                          capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 1
    assert "不是" in proc.stderr and "Traceback" not in proc.stderr
