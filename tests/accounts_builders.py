"""An office with one account per role, and logging in as one of them (through the real
login, so the database knows who is working and the write guard applies)."""

from __future__ import annotations

from siibai_desktop.services import accounts
from siibai_desktop.services.policy import SessionUser

ACCOUNTS = {  # role label -> (username, display name, password)
    "管理员": ("wangsj", "王书记", "adminpw1"),
    "工作人员": ("chenj", "陈静", "staffpw1"),
    "只读": ("zhaoy", "赵阅", "readonly1"),
}


def office_accounts(db) -> None:
    """The first administrator, a 工作人员 and a 只读 account; nobody is logged in after."""
    name, display, password = ACCOUNTS["管理员"]
    admin = accounts.first_run_setup(db, "枫港居委会", name, display, password)
    for role in ("工作人员", "只读"):
        username, display, password = ACCOUNTS[role]
        accounts.create_user(db, admin, username, display, role, password)
    accounts.logout(db, admin)


def log_in(db, role: str) -> SessionUser:
    username, _display, password = ACCOUNTS[role]
    return accounts.authenticate(db, username, password)
