"""siibai user add|list|reset-password|unlock: accounts, for administrators.

Each action asks for an administrator's password first (except adding the very first
administrator of a new database). Passwords are read with getpass, or from stdin lines
when it is not a terminal; never from the command line.
"""

from __future__ import annotations

from ..services.accounts import (
    authenticate, create_user, first_run_setup, has_users, list_users, reset_password, unlock_user,
)
from ..services.committee import get_committee
from ..services.errors import UserError
from .common import add_db_option, add_json_option, open_db, print_json
from .passwords import ask_new_password, ask_password

ROLE_CHOICES = ["管理员", "工作人员", "只读", "admin", "staff", "readonly"]


def register(subparsers) -> None:
    p = subparsers.add_parser("user", help="账户管理（管理员）")
    sub = p.add_subparsers(dest="action", metavar="操作")
    add = sub.add_parser("add", help="新建账户（会提示输入密码）")
    add.add_argument("username", help="用户名")
    add.add_argument("--name", default="", help="姓名（显示用）")
    add.add_argument("--role", default="工作人员", choices=ROLE_CHOICES, help="角色（默认 工作人员）")
    lst = sub.add_parser("list", help="列出账户")
    add_json_option(lst)
    reset = sub.add_parser("reset-password", help="重置某账户的密码（下次登录须修改）")
    reset.add_argument("username", help="用户名")
    unlock = sub.add_parser("unlock", help="解除因密码错误造成的锁定")
    unlock.add_argument("username", help="用户名")
    for q in (add, lst, reset, unlock):
        add_db_option(q)
        q.add_argument("--admin", help="执行操作的管理员用户名（会提示输入其密码）")
        q.set_defaults(func=run)


def _login_admin(db, args):
    if not args.admin:
        raise UserError("请用 --admin 指定管理员用户名（随后输入其密码）。")
    return authenticate(db, args.admin, ask_password(f"管理员 {args.admin} 的密码："))


def run(args) -> int:
    if not args.action:
        print("用法：siibai user add|list|reset-password|unlock …")
        return 1
    db = open_db(args)
    try:
        if args.action == "add" and not has_users(db):
            committee = get_committee(db)
            password = ask_new_password(f"{args.username} 的密码：")
            first_run_setup(db, committee.name if committee else "居民委员会", args.username, args.name, password)
            print(f"已创建第一个管理员账户 {args.username}（首个账户总是管理员）。")
            return 0
        admin = _login_admin(db, args)
        if args.action == "add":
            password = ask_new_password(f"{args.username} 的密码：")
            info = create_user(db, admin, args.username, args.name, args.role, password)
            print(f"已创建账户 {info.username}（{info.role_label}）。")
        elif args.action == "list":
            users = list_users(db, admin)
            if args.json:
                print_json(users)
            else:
                for u in users:
                    state = "停用" if not u.active else ("锁定至 " + u.locked_until.strftime("%H:%M")
                                                       if u.locked_until else "正常")
                    print(f"{u.username}\t{u.display_name}\t{u.role_label}\t{state}")
                print(f"共 {len(users)} 个账户")
        elif args.action == "reset-password":
            reset_password(db, admin, args.username, ask_new_password(f"{args.username} 的新密码："))
            print(f"已重置 {args.username} 的密码，该用户下次登录时须修改密码。")
        elif args.action == "unlock":
            unlock_user(db, admin, args.username)
            print(f"已解除 {args.username} 的锁定。")
    finally:
        db.close()
    return 0
