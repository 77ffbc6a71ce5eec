"""Certificate settings: the seal image, the signing line, the PDF font, the secret."""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...db.engine import Database
from ...db.models.certificates import CertificateSettings
from ..errors import ValidationFailed
from .types import CertificateSettingsInfo

PNG_HEADER = b"\x89PNG\r\n\x1a\n"
MAX_SEAL_BYTES = 2_000_000


def settings_row(session: Session) -> CertificateSettings:
    """The one settings row, created (with a fresh secret) if a database lacks it."""
    row = session.scalar(select(CertificateSettings).order_by(CertificateSettings.id).limit(1))
    if row is None:
        row = CertificateSettings(signing_line="经办人：", font_path="", secret=secrets.token_hex(32))
        session.add(row)
        session.flush()
    return row


def get_certificate_settings(db: Database) -> CertificateSettingsInfo:
    """Seal, signing line and chosen font file."""
    with db.transaction() as session:
        row = settings_row(session)
        return CertificateSettingsInfo(row.signing_line, row.seal_png, row.font_path)


def check_seal_png(data: bytes) -> None:
    """Refuse anything that is not a readable PNG of sensible size."""
    if not data.startswith(PNG_HEADER):
        raise ValidationFailed({"seal": "印章图片须为 PNG 格式（透明背景）"})
    if len(data) > MAX_SEAL_BYTES:
        raise ValidationFailed({"seal": "印章图片过大（请小于 2 MB）"})
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except Exception as exc:
        raise ValidationFailed({"seal": f"印章图片无法读取：{exc}"}) from exc


def save_certificate_settings(db: Database, signing_line: str | None = None, seal_png: bytes | None = None,
                              clear_seal: bool = False, font_path: str | None = None) -> None:
    """Change any of the settings; arguments left as None stay as they are."""
    if seal_png is not None:
        check_seal_png(seal_png)
    if font_path:
        if not Path(font_path).is_file():
            raise ValidationFailed({"font_path": f"字体文件不存在：{font_path}"})
        if Path(font_path).suffix.lower() not in (".ttf", ".ttc"):
            raise ValidationFailed({"font_path": "请选择 TrueType 字体文件（.ttf / .ttc）"})
    with db.transaction() as session:
        row = settings_row(session)
        if signing_line is not None:
            row.signing_line = signing_line.strip()
        if seal_png is not None:
            row.seal_png = seal_png
        if clear_seal:
            row.seal_png = None
        if font_path is not None:
            row.font_path = font_path


def certificates_folder() -> Path:
    """Where issued certificates are saved by default (inside the app's data folder)."""
    from ...db.paths import data_dir

    folder = data_dir() / "certificates"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def load_seal_file(db: Database, path: str | Path) -> None:
    """Read a PNG seal image from a file into the settings."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValidationFailed({"seal": f"无法读取文件：{exc}"}) from exc
    save_certificate_settings(db, seal_png=data)
