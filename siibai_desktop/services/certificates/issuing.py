"""Issuing certificates: preview, issue with a serial that never repeats, reprint, void.

The serial is allocated inside the issuing transaction from a counter row per template
and year (UPDATE … RETURNING on a row that only ever goes up), and the certificate row
carries a unique (template, year, number), so two PCs issuing at once can never get the
same number, and a voided number is never given again.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ...db.engine import Database
from ...db.models.certificates import Certificate, CertificateCounter, CertificateEvent, CertificateTemplate
from ...domain.certificates import (
    check_code, fill, format_serial, free_fields, parse_serial, parse_verify_code, verify_code,
)
from ..errors import NotFound, UserError, ValidationFailed
from ..pdf.fonts import configure_font
from ..pdf.page_pdf import pages_to_pdf
from .content import PREVIEW_NUMBER, UnprintableCharacters, gather, missing_glyphs, print_content
from .layout import certificate_page
from .settings import settings_row
from .types import CertificateRequest, Draft, IssuedCertificate, TemplateInput


def _certificate(session: Session, request: CertificateRequest, db: Database, serial: str,
                 year: int = 0, number: int = 0, secret: str = "",
                 template: CertificateTemplate | None = None) -> Certificate:
    today = db.clock.today()
    template, values, recipient = gather(session, request, today, serial, template)
    return Certificate(
        template_id=template.id, year=year or today.year, number=number, serial=serial,
        check_code=check_code(secret, template.id, year, number) if secret else "????????",
        resident_id=request.resident_id, recipient=recipient, purpose=(request.purpose or "").strip(),
        title=fill(template.title, values), body=fill(template.body, values),
        closing=fill(template.closing, values), layout=template.layout, committee_name=values["居委会"],
        issued_on=today, issued_at=db.clock.now(), issued_by=db.actor, state="issued",
        void_reason="", voided_by="",
    )


def preview_certificate(db: Database, request: CertificateRequest) -> Draft:
    """The page as it will print (serial left blank), and any characters that cannot print."""
    with db.transaction() as session:
        settings = settings_row(session)
        configure_font(settings.font_path)
        template = session.get(CertificateTemplate, request.template_id)
        if template is None:
            raise NotFound("该证明模板不存在")
        serial = format_serial(template.serial_prefix, db.clock.today().year, 0).replace("0000", PREVIEW_NUMBER)
        cert = _certificate(session, request, db, serial)
        content = print_content(session, cert, settings)
        return Draft(certificate_page(content), cert.title, cert.body, cert.recipient,
                     tuple(missing_glyphs(content)))


SAMPLE_FIELDS = {"姓名": "张三"}


def preview_template(db: Database, data: TemplateInput, resident_id: int | None = None) -> Draft:
    """Live preview of a template being edited (not saved): with a chosen resident, or
    with sample values; free fields show as 【名称】."""
    with db.transaction() as session:
        settings = settings_row(session)
        configure_font(settings.font_path)
        transient = CertificateTemplate(
            id=0, name=data.name or "预览", layout=data.layout, title=data.title or "（标题）", body=data.body or "",
            closing=data.closing or "", serial_prefix=data.serial_prefix or "", needs_resident=False,
            builtin=False, active=True)
        fields = {name: f"【{name}】" for name in free_fields(data.title, data.body, data.closing)}
        request = CertificateRequest(0, resident_id, "（用途）", fields, "" if resident_id else "张三")
        serial = format_serial(data.serial_prefix or "", db.clock.today().year, 0).replace("0000", PREVIEW_NUMBER)
        cert = _certificate(session, request, db, serial, template=transient)
        content = print_content(session, cert, settings)
        session.expunge_all()
        return Draft(certificate_page(content), cert.title, cert.body, cert.recipient,
                     tuple(missing_glyphs(content)))


def _next_number(session: Session, template_id: int, year: int) -> int:
    table = CertificateCounter.__table__
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(table).values(template_id=template_id, year=year, last_number=0)
                    .on_conflict_do_nothing(index_elements=["template_id", "year"]))
    return session.execute(
        update(table).where(table.c.template_id == template_id, table.c.year == year)
        .values(last_number=table.c.last_number + 1).returning(table.c.last_number)
    ).scalar_one()


def _write(pdf: bytes, out: str | Path | None) -> str | None:
    if out is None:
        return None
    path = Path(out)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdf)
    except OSError as exc:
        raise UserError(f"无法保存 PDF 到 {path}：{exc.strerror or exc}") from exc
    return str(path)


def issue_certificate(db: Database, request: CertificateRequest, out: str | Path | None = None,
                      allow_unprintable: bool = False) -> IssuedCertificate:
    """Issue: allocate the serial, record it in the ledger, render (and save) the PDF.

    Raises UnprintableCharacters, with nothing issued, when some character cannot print
    and the user has not confirmed (allow_unprintable)."""
    with db.transaction() as session:
        settings = settings_row(session)
        configure_font(settings.font_path)
        # Check everything (and the fonts) before a number is taken.
        probe = _certificate(session, request, db, "")
        template = session.get(CertificateTemplate, request.template_id)
        missing = missing_glyphs(print_content(session, probe, settings))
        if missing and not allow_unprintable:
            raise UnprintableCharacters(template.name, missing)
        year = db.clock.today().year
        number = _next_number(session, template.id, year)
        serial = format_serial(template.serial_prefix, year, number)
        cert = _certificate(session, request, db, serial, year, number, settings.secret)
        session.add(cert)
        session.flush()
        session.add(CertificateEvent(certificate_id=cert.id, action="issue", at=cert.issued_at, by=db.actor,
                                     note=f"含无法打印的字：{'、'.join(missing)}" if missing else ""))
        content = print_content(session, cert, settings)
        pdf = pages_to_pdf([certificate_page(content)], title=f"{cert.title} {serial}", author=cert.committee_name)
        path = _write(pdf, out)
        return IssuedCertificate(cert.id, serial, content.verify_code, pdf, path, tuple(missing))


def find_certificate_id(db: Database, serial_or_code: str) -> int:
    """The certificate a typed serial (居证〔2026〕第12号, brackets of any kind) or code names."""
    with db.reading() as session:
        return _find(session, serial_or_code).id


def _find(session: Session, text: str) -> Certificate:
    code = parse_verify_code(text)
    cert = None
    if code:
        tid, year, number, _check = code
        cert = session.scalar(select(Certificate).where(
            Certificate.template_id == tid, Certificate.year == year, Certificate.number == number))
    else:
        parsed = parse_serial(text)
        if parsed:
            prefix, year, number = parsed
            cert = session.scalar(select(Certificate).join(CertificateTemplate).where(
                CertificateTemplate.serial_prefix == prefix, Certificate.year == year,
                Certificate.number == number))
    if cert is None:
        raise NotFound(f"查无编号为“{text}”的证明")
    return cert


def reprint_certificate(db: Database, certificate_id: int, out: str | Path | None = None,
                        reason: str = "") -> IssuedCertificate:
    """补打: the same document again (same serial and code), logged in the ledger."""
    with db.transaction() as session:
        cert = session.get(Certificate, certificate_id)
        if cert is None:
            raise NotFound("该证明不存在")
        if cert.state == "void":
            raise UserError(f"证明 {cert.serial} 已作废，不能补打。")
        settings = settings_row(session)
        configure_font(settings.font_path)
        session.add(CertificateEvent(certificate_id=cert.id, action="reprint", at=db.clock.now(), by=db.actor,
                                     note=reason.strip()))
        content = print_content(session, cert, settings)
        pdf = pages_to_pdf([certificate_page(content)], title=f"{cert.title} {cert.serial}",
                           author=cert.committee_name)
        return IssuedCertificate(cert.id, cert.serial, content.verify_code, pdf, _write(pdf, out))


def void_certificate(db: Database, serial_or_id: str | int, reason: str) -> str:
    """作废 with a reason; the serial stays used for ever. Returns the serial."""
    if not (reason or "").strip():
        raise ValidationFailed({"reason": "请填写作废原因"})
    with db.transaction() as session:
        cert = session.get(Certificate, serial_or_id) if isinstance(serial_or_id, int) else _find(session, serial_or_id)
        if cert is None:
            raise NotFound("该证明不存在")
        if cert.state == "void":
            raise UserError(f"证明 {cert.serial} 已于 {cert.voided_at:%Y-%m-%d} 作废。")
        cert.state, cert.void_reason = "void", reason.strip()
        cert.voided_at, cert.voided_by = db.clock.now(), db.actor
        session.add(CertificateEvent(certificate_id=cert.id, action="void", at=cert.voided_at, by=db.actor,
                                     note=reason.strip()))
        return cert.serial


def certificate_code(db: Database, certificate_id: int) -> str:
    """The verify code printed on a certificate."""
    with db.reading() as session:
        cert = session.get(Certificate, certificate_id)
        if cert is None:
            raise NotFound("该证明不存在")
        return verify_code(cert.template_id, cert.year, cert.number, cert.check_code)
