"""siibai restore FILE: replace the database with a backup (the current state is backed
up first, so a restore can itself be undone)."""

from __future__ import annotations

from pathlib import Path

from ..services.backup import check_backup_file, restore_backup, restore_over_broken
from ..services.database import DatabaseOpenError, resolve_url, sqlite_path
from .common import add_db_option, open_db


def register(subparsers) -> None:
    p = subparsers.add_parser("restore", help="从备份文件恢复数据库（会先备份当前数据）")
    p.add_argument("file", help="备份文件")
    add_db_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    check_backup_file(Path(args.file))
    try:
        db = open_db(args)
    except DatabaseOpenError as exc:
        live = sqlite_path(resolve_url(args.db))
        if not getattr(exc, "offer_restore", False) or live is None:
            raise
        result = restore_over_broken(live, Path(args.file))
        open_db(args).close()  # brings the restored copy up to date
        print(f"原数据库无法打开（{exc}）。已从 {result.restored_from} 恢复，原文件另存为 {result.safety_copy}")
        return 0
    try:
        result = restore_backup(db, Path(args.file))
    finally:
        db.close()
    print(f"已从 {result.restored_from} 恢复。恢复前的数据已另存为 {result.safety_copy}")
    return 0
