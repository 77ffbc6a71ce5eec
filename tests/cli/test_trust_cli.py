"""siibai user / audit / backup / restore, with passwords piped on stdin (never arguments)."""

from __future__ import annotations

import io
import sqlite3

import pytest

from siibai_desktop.cli.main import main

pytestmark = pytest.mark.sqlite_only


def run(args, stdin: str = "", monkeypatch=None) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(args)


@pytest.fixture
def dbfile(tmp_path, monkeypatch):
    path = tmp_path / "office.sqlite3"
    assert main(["init", "--db", str(path), "--committee", "枫港居民区居民委员会"]) == 0
    assert run(["user", "add", "wangsj", "--name", "王书记", "--db", str(path)], "secret123\nsecret123\n",
               monkeypatch) == 0
    return path


def test_user_add_list_reset_and_unlock(dbfile, monkeypatch, capsys):
    db = ["--db", str(dbfile), "--admin", "wangsj"]
    assert run(["user", "add", "li", "--name", "李敏", "--role", "工作人员", *db],
               "secret123\nstaffpw1\nstaffpw1\n", monkeypatch) == 0
    assert run(["user", "list", *db], "secret123\n", monkeypatch) == 0
    out = capsys.readouterr().out
    assert "wangsj\t王书记\t管理员\t正常" in out and "li\t李敏\t工作人员\t正常" in out
    from siibai_desktop.services import accounts
    from siibai_desktop.services.database import open_app_database

    office = open_app_database(str(dbfile))
    for _ in range(5):
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(office, "li", "wrong")
    office.close()
    assert run(["user", "unlock", "li", *db], "secret123\n", monkeypatch) == 0
    assert run(["user", "reset-password", "li", *db], "secret123\nnewpass1\nnewpass1\n", monkeypatch) == 0
    office = open_app_database(str(dbfile))
    assert accounts.authenticate(office, "li", "newpass1").username == "li"
    office.close()


def test_user_commands_need_the_administrator_password(dbfile, monkeypatch, capsys):
    assert run(["user", "list", "--db", str(dbfile), "--admin", "wangsj"], "wrong\n", monkeypatch) == 1
    assert "密码不对" in capsys.readouterr().err
    assert run(["user", "list", "--db", str(dbfile)], "", monkeypatch) == 1
    assert run(["user", "add", "x", "--db", str(dbfile), "--admin", "wangsj"], "secret123\nabcdef1\nother12\n",
               monkeypatch) == 1
    assert "不一致" in capsys.readouterr().err


def test_audit_verify_reports_the_first_tampered_entry(dbfile, capsys):
    assert main(["audit", "verify", "--db", str(dbfile)]) == 0
    assert "校验全部通过" in capsys.readouterr().out
    conn = sqlite3.connect(dbfile)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET detail = '{}' WHERE id = 2")
    conn.commit()
    conn.close()
    assert main(["audit", "verify", "--db", str(dbfile)]) == 2
    assert "第 2 条" in capsys.readouterr().out


def test_backup_to_a_file_and_restore_it(dbfile, tmp_path, monkeypatch, capsys):
    copy = tmp_path / "copy.sqlite3"
    assert main(["backup", "--db", str(dbfile), "--to", str(copy)]) == 0
    assert "完整性检查通过" in capsys.readouterr().out
    assert run(["user", "add", "zhao", "--db", str(dbfile), "--admin", "wangsj"], "secret123\nzhaopw12\nzhaopw12\n",
               monkeypatch) == 0
    assert main(["restore", str(copy), "--db", str(dbfile)]) == 0
    assert "恢复前的数据已另存为" in capsys.readouterr().out
    names = [r[0] for r in sqlite3.connect(dbfile).execute("SELECT username FROM users ORDER BY username")]
    assert names == ["wangsj"]
    assert main(["backup", "--list", "--db", str(dbfile)]) == 0
    assert "恢复前" in capsys.readouterr().out


def test_restore_replaces_a_broken_file_and_keeps_it_aside(dbfile, tmp_path, capsys):
    copy = tmp_path / "copy.sqlite3"
    assert main(["backup", "--db", str(dbfile), "--to", str(copy)]) == 0
    dbfile.write_bytes(b"this file got overwritten" * 100)
    assert main(["audit", "verify", "--db", str(dbfile)]) == 1
    assert main(["restore", str(copy), "--db", str(dbfile)]) == 0
    assert "原文件另存为" in capsys.readouterr().out
    assert main(["audit", "verify", "--db", str(dbfile)]) == 0


def test_full_numbers_on_the_command_line_need_a_reason(dbfile, capsys):
    assert main(["residents", "search", "--db", str(dbfile), "--full-id"]) == 1
    assert "事由" in capsys.readouterr().err
    assert main(["residents", "search", "--db", str(dbfile), "--full-id", "--reason", "核对身份"]) == 0
    assert main(["audit", "list", "--db", str(dbfile), "--action", "full_numbers"]) == 0
    assert "核对身份" in capsys.readouterr().out
