"""Options and helpers shared by the verbs."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
from typing import Any

from ..domain.clock import FixedClock
from ..services.database import Database, open_app_database


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH|URL", help="数据库文件路径或 SQLAlchemy URL（默认：用户数据目录）")


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")


def add_date_option(parser: argparse.ArgumentParser, help_text: str = "以该日期为“今天”（YYYY-MM-DD）") -> None:
    parser.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help=help_text)


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{text}") from None


def open_db(args: argparse.Namespace) -> Database:
    """Open the database named by --db (or the default), with --date as today if given."""
    day = getattr(args, "date", None)
    return open_app_database(args.db, clock=FixedClock(day) if day else None)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def print_json(value: Any) -> None:
    json.dump(_plain(value), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
