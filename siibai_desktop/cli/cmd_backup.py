"""siibai backup [--to FILE]: a checked copy of the database (SQLite backup API)."""

from __future__ import annotations

from pathlib import Path

from ..services.backup import list_backups, make_backup
from .common import add_db_option, open_db


def register(subparsers) -> None:
    p = subparsers.add_parser("backup", help="备份数据库（复制后做完整性检查）")
    add_db_option(p)
    p.add_argument("--to", metavar="FILE", help="备份到指定文件（默认：数据目录下的 backups 文件夹）")
    p.add_argument("--list", action="store_true", help="列出已有备份")
    p.set_defaults(func=run)


def run(args) -> int:
    db = open_db(args)
    try:
        if args.list:
            for b in list_backups(db):
                print(f"{b.created_at:%Y-%m-%d %H:%M}\t{b.size_label}\t{b.reason_label}\t{b.path}")
            return 0
        info = make_backup(db, "manual", to=Path(args.to) if args.to else None)
    finally:
        db.close()
    print(f"已备份到 {info.path}（{info.size_label}，完整性检查通过）")
    return 0
