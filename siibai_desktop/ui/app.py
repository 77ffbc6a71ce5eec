"""Entry point of `siibai-desktop`: begin the database check, then Chinese Qt, open the
database, show the main window.

Nothing slow is imported here. `main` begins the integrity check of the database on a
second thread first (services/startup.py), then loads Qt, SQLAlchemy and the screens
(ui/launch.py, 0.4 s) while the check runs; opening the database waits for its verdict.
"""

from __future__ import annotations

import argparse
import gc
import sys
from types import ModuleType

from ..services.startup import begin_database_check, default_database_path


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="siibai-desktop", description="四百走访桌面版")
    p.add_argument("--db", help="数据库文件路径或 SQLAlchemy URL")
    p.add_argument("--demo", action="store_true", help="打开演示数据库（首次使用时生成）")
    p.add_argument("--demo-if-missing", action="store_true", help="尚无正式数据库时打开演示数据库")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    demo = args.demo or (args.demo_if_missing and not args.db and not default_database_path().exists())
    begin_database_check(args.db, demo=demo)
    return load_launch().run(args, demo)  # Qt and SQLAlchemy load while the check runs


def load_launch() -> ModuleType:
    """ui/launch.py with Qt, SQLAlchemy and the screens, loaded without the cyclic GC.

    The imports leave ~120,000 objects that live as long as the app, and free almost
    nothing: the collector would walk them again and again while they load (0.06 s), and
    in every full collection after (0.04 s before the roster's first rows, whose query
    returns 100,000 rows). Frozen, collections pass them by; the few hundred objects the
    imports dropped in reference cycles stay with them.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        from . import launch
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
    return launch


def __getattr__(name: str):
    """install_chinese, run_session and the rest of start-up live in ui/launch.py; they are
    found here too (screenshots, tests), and Qt loads only when one is asked for."""
    if name.startswith("__"):  # the import system asks for __path__ & co.: not a reason to load Qt
        raise AttributeError(name)
    from . import launch

    try:
        return getattr(launch, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


if __name__ == "__main__":
    sys.exit(main())
