"""`python -m siibai_desktop.ui.fontcheck`: on Linux, say how to install a CJK font if none."""

from __future__ import annotations

import shutil
import subprocess
import sys

FIX = "sudo apt-get install -y fonts-wqy-microhei"


def main() -> int:
    if not sys.platform.startswith("linux") or not shutil.which("fc-list"):
        return 0
    out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    if out.strip():
        return 0
    print(f"未找到中文字体（界面和打印会显示方框）。请运行：\n    {FIX}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
