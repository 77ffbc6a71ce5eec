"""Regenerate the .xls and .ods fixtures (needs LibreOffice: apt-get install libreoffice-calc-nogui).

    .venv/bin/python tests/data/make_fixtures.py

They are the office roster of tests/exchange_files.py converted by LibreOffice, so the
test suite can read real .xls/.ods files without LibreOffice installed, and
password_protected.xls: the same roster saved by LibreOffice with the password "secret".
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from tests.exchange_files import write_office_roster  # noqa: E402


MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Enc(src As String, dst As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(src), &quot;_blank&quot;, 0, args())
  Dim out(1) As New com.sun.star.beans.PropertyValue
  out(0).Name = &quot;FilterName&quot;
  out(0).Value = &quot;MS Excel 97&quot;
  out(1).Name = &quot;Password&quot;
  out(1).Value = &quot;secret&quot;
  doc.storeToURL(ConvertToURL(dst), out())
  doc.close(True)
End Sub
</script:module>
"""


def soffice(tmp: str, *args: str) -> None:
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile", *args],
                   check=True, capture_output=True, timeout=120)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = write_office_roster(Path(tmp) / "office_roster.xlsx")
        for fmt in ("xls", "ods"):
            soffice(tmp, "--convert-to", fmt, "--outdir", tmp, str(source))
            shutil.copy(Path(tmp) / f"office_roster.{fmt}", HERE / f"office_roster.{fmt}")
            print("wrote", HERE / f"office_roster.{fmt}")
        # the first run created the profile; put the encrypting macro into it
        (Path(tmp) / "profile/user/basic/Standard/Module1.xba").write_text(MACRO, "utf-8")
        locked = Path(tmp) / "locked.xls"
        soffice(tmp, f'macro:///Standard.Module1.Enc("{source}","{locked}")')
        shutil.copy(locked, HERE / "password_protected.xls")
        print("wrote", HERE / "password_protected.xls")


if __name__ == "__main__":
    main()
