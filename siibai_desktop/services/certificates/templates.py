"""Certificate templates: the built-in ones and those the office adds and edits."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from ...db.engine import Database
from ...db.models.certificates import CertificateTemplate
from ...domain.certificates import LAYOUT_LABELS, free_fields
from ..errors import ConflictError, NotFound, ValidationFailed
from .types import TemplateInfo, TemplateInput


def template_info(t: CertificateTemplate) -> TemplateInfo:
    return TemplateInfo(
        id=t.id, version=t.version, name=t.name, layout=t.layout, title=t.title, body=t.body,
        closing=t.closing, serial_prefix=t.serial_prefix, needs_resident=t.needs_resident,
        builtin=t.builtin, active=t.active, free_fields=tuple(free_fields(t.title, t.body, t.closing)),
    )


def list_templates(db: Database, active_only: bool = False) -> list[TemplateInfo]:
    """Every template, built-in ones first."""
    with db.reading() as session:
        stmt = select(CertificateTemplate).order_by(CertificateTemplate.builtin.desc(), CertificateTemplate.id)
        if active_only:
            stmt = stmt.where(CertificateTemplate.active.is_(True))
        return [template_info(t) for t in session.scalars(stmt)]


def get_template(db: Database, template_id: int) -> TemplateInfo:
    with db.reading() as session:
        t = session.get(CertificateTemplate, template_id)
        if t is None:
            raise NotFound("该证明模板不存在")
        return template_info(t)


def template_by_name(db: Database, name: str) -> TemplateInfo:
    """A template by its name (or serial prefix), as typed on the command line."""
    with db.reading() as session:
        t = session.scalar(select(CertificateTemplate).where(
            (CertificateTemplate.name == name.strip()) | (CertificateTemplate.serial_prefix == name.strip())))
        if t is None:
            names = "、".join(session.scalars(select(CertificateTemplate.name)))
            raise NotFound(f"没有名为“{name}”的证明模板（现有：{names}）")
        return template_info(t)


def check_template(data: TemplateInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    data.name, data.title = (data.name or "").strip(), (data.title or "").strip()
    data.serial_prefix = (data.serial_prefix or "").strip()
    if not data.name:
        errors["name"] = "模板名称不能为空"
    if not data.title:
        errors["title"] = "标题不能为空"
    if not (data.body or "").strip():
        errors["body"] = "正文不能为空"
    if not data.serial_prefix:
        errors["serial_prefix"] = "请填写编号前缀（如“居证”）"
    elif any(ch in data.serial_prefix for ch in "〔〕[]【】()（）- "):
        errors["serial_prefix"] = "编号前缀不能含括号、横线或空格"
    if data.layout not in LAYOUT_LABELS:
        errors["layout"] = "版式不对"
    if len(data.title) > 30:
        errors["title"] = "标题过长（最多 30 字）"
    return errors


def save_template(db: Database, data: TemplateInput, template_id: int | None = None,
                  expected_version: int | None = None) -> int:
    """Add a template, or save an edited one (refused if someone saved it meanwhile).

    Certificates already issued keep the text they were printed with."""
    errors = check_template(data)
    if errors:
        raise ValidationFailed(errors)
    try:
        with db.transaction() as session:
            if template_id is None:
                t = CertificateTemplate(builtin=False)
            else:
                t = session.get(CertificateTemplate, template_id)
                if t is None:
                    raise NotFound("该证明模板不存在")
                if expected_version is not None and t.version != expected_version:
                    raise ConflictError("该模板已被其他人修改，请重新载入后再改。")
            for column, label in (("name", "模板名称"), ("serial_prefix", "编号前缀")):
                value = getattr(data, column)
                clash = session.scalar(select(CertificateTemplate.id).where(
                    getattr(CertificateTemplate, column) == value, CertificateTemplate.id != (template_id or 0)))
                if clash:
                    raise ValidationFailed({column: f"{label}“{value}”已被其他模板使用"})
            t.name, t.title, t.body, t.closing = data.name, data.title, data.body.strip(), data.closing.strip()
            t.layout, t.serial_prefix = data.layout, data.serial_prefix
            t.needs_resident, t.active = data.needs_resident, data.active
            session.add(t)
            session.flush()
            return t.id
    except StaleDataError as exc:
        raise ConflictError("该模板已被其他人修改，请重新载入后再改。") from exc
