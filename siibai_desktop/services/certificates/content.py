"""What goes on a certificate: placeholder values from the roster and the committee."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...db.models import Committee, Household, Resident
from ...db.models.certificates import Certificate, CertificateSettings, CertificateTemplate
from ...domain.certificates import chinese_date, fill, free_fields, verify_code
from ...domain.clock import age_on
from ...domain.enums import ResidentState, Sex
from ..errors import NotFound, UserError, ValidationFailed
from ..pdf.fonts import unprintable_characters
from .layout import PrintContent
from .types import CertificateRequest

PREVIEW_NUMBER = "____"


class UnprintableCharacters(UserError):
    """Characters no font on this PC has; the user decides before anything is printed."""

    def __init__(self, document: str, characters: list[str]):
        self.document = document
        self.characters = list(characters)
        super().__init__(
            f"《{document}》中有本机字体无法打印的字：{'、'.join(characters)}。"
            "请安装含生僻字的字体（如 Windows 的 SimSun-ExtB）或在设置中选择这样的字体；"
            "也可确认后开具，打印后手写补全。"
        )


def committee_row(session: Session) -> Committee:
    c = session.scalar(select(Committee).order_by(Committee.id).limit(1))
    if c is None:
        raise UserError("请先在设置中填写居委会名称等信息，再开具证明。")
    return c


def resident_values(session: Session, resident_id: int, today: dt.date) -> tuple[Resident, dict[str, str]]:
    r = session.get(Resident, resident_id)
    if r is None:
        raise NotFound("该居民不存在")
    if r.state != ResidentState.CURRENT.value:
        raise ValidationFailed({"resident": f"{r.name} 已{ResidentState(r.state).label}，不能开具证明"})
    household = session.get(Household, r.household_id)
    committee = session.scalar(select(Committee).order_by(Committee.id).limit(1))
    district = committee.district if committee else ""
    address = (household.address_text if household else "").replace(" ", "")
    values = {
        "姓名": r.name,
        "性别": Sex(r.sex).label if r.sex else "",
        "出生日期": chinese_date(r.birth_date) if r.birth_date else "",
        "年龄": str(age_on(r.birth_date, today) or ""),
        "身份证号": r.id_number or "",
        "住址": (district if district and not address.startswith(district) else "") + address,
        "小区": household.building.compound.name if household else "",
        "迁入日期": chinese_date(r.moved_in_on) if r.moved_in_on else "",
    }
    return r, values


def gather(session: Session, request: CertificateRequest, today: dt.date, serial: str,
           template: CertificateTemplate | None = None) -> tuple[CertificateTemplate, dict[str, str], str]:
    """Template, every placeholder value and the recipient; ValidationFailed when incomplete."""
    template = template or session.get(CertificateTemplate, request.template_id)
    if template is None:
        raise NotFound("该证明模板不存在")
    if not template.active:
        raise ValidationFailed({"template": f"模板“{template.name}”已停用"})
    committee = committee_row(session)
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    recipient = (request.recipient or "").strip()
    if request.resident_id is not None:
        _resident, values = resident_values(session, request.resident_id, today)
        if recipient:
            values["姓名"] = recipient
        recipient = values["姓名"]
    elif template.needs_resident:
        errors["resident"] = "请选择居民"
    elif not recipient:
        errors["recipient"] = "请填写受证对象（个人、楼组或家庭）"
    else:
        values["姓名"] = recipient
    purpose = (request.purpose or "").strip()
    if not purpose and "{用途}" in template.body:
        errors["purpose"] = "请填写开具用途"
    values.update({
        "用途": purpose, "开具日期": chinese_date(today), "年": str(today.year),
        "居委会": committee.name, "街道": committee.street_office, "编号": serial,
    })
    for name in free_fields(template.title, template.body, template.closing):
        value = (request.fields.get(name) or "").strip()
        if not value:
            errors[f"field:{name}"] = f"请填写“{name}”"
        values[name] = value
    if errors:
        raise ValidationFailed(errors)
    return template, values, recipient


def print_content(session: Session, cert: Certificate, settings: CertificateSettings) -> PrintContent:
    """The page content of an issued (or about-to-be-issued) certificate."""
    committee = committee_row(session)
    code = verify_code(cert.template_id, cert.year, cert.number, cert.check_code)
    footer = "　".join(p for p in (committee.address and f"地址：{committee.address}",
                                  committee.phone and f"电话：{committee.phone}") if p)
    return PrintContent(
        layout=cert.layout, title=cert.title, serial=cert.serial, body=cert.body, closing=cert.closing,
        committee_name=cert.committee_name, date_text=chinese_date(cert.issued_on),
        signing_line=settings.signing_line, seal_png=settings.seal_png, verify_code=code,
        qr_data=f"{cert.serial}\n核验码 {code}", footer=footer,
    )


def missing_glyphs(content: PrintContent) -> list[str]:
    text = "".join((content.title, content.serial, content.body, content.closing, content.committee_name,
                    content.signing_line, content.footer))
    return unprintable_characters(text)
