"""证明开具台账 and verification of a certificate's check code."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from ...db.engine import Database
from ...db.models import Resident
from ...db.models.certificates import Certificate, CertificateEvent, CertificateTemplate
from ...domain.certificates import check_code, codes_match, parse_verify_code
from ...domain.masking import mask_id_number
from .settings import settings_row
from .types import LedgerRow, Verification

ACTION_LABELS = {"issue": "开具", "reprint": "补打", "void": "作废"}


def ledger(db: Database, start: dt.date | None = None, end: dt.date | None = None, text: str = "",
           limit: int = 5000) -> list[LedgerRow]:
    """Ledger lines (newest first) between two days inclusive, optionally matching a name,
    serial or purpose."""
    with db.reading() as session:
        stmt = (select(CertificateEvent, Certificate, CertificateTemplate.name)
                .join(Certificate, CertificateEvent.certificate_id == Certificate.id)
                .join(CertificateTemplate, Certificate.template_id == CertificateTemplate.id))
        if start:
            stmt = stmt.where(CertificateEvent.at >= dt.datetime.combine(start, dt.time.min))
        if end:
            stmt = stmt.where(CertificateEvent.at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
        for word in (text or "").split():
            stmt = stmt.where(Certificate.recipient.contains(word) | Certificate.serial.contains(word)
                              | Certificate.purpose.contains(word))
        stmt = stmt.order_by(CertificateEvent.at.desc(), CertificateEvent.id.desc()).limit(limit)
        return [
            LedgerRow(event_id=e.id, certificate_id=c.id, at=e.at, action=e.action,
                      action_label=ACTION_LABELS.get(e.action, e.action), serial=c.serial, template=name,
                      recipient=c.recipient, purpose=c.purpose, by=e.by, note=e.note, state=c.state)
            for e, c, name in session.execute(stmt)
        ]


def verify(db: Database, code: str) -> Verification:
    """Is this code (typed, or scanned from the QR) from a certificate this office issued?"""
    parsed = parse_verify_code(code)
    if parsed is None:
        return Verification(False, False, "核验码格式不对（应如 1-2026-0012-ABCD2345）")
    template_id, year, number, given = parsed
    with db.transaction() as session:
        secret = settings_row(session).secret
        expected = check_code(secret, template_id, year, number)
        cert = session.scalar(select(Certificate).where(
            Certificate.template_id == template_id, Certificate.year == year, Certificate.number == number))
        if not codes_match(expected, given) or cert is None or not codes_match(cert.check_code, given):
            return Verification(False, False, "核验未通过：本单位没有开具过这份证明，或核验码有误（可能是伪造的）。")
        template = session.get(CertificateTemplate, cert.template_id)
        id_masked = ""
        if cert.resident_id:
            resident = session.get(Resident, cert.resident_id)
            id_masked = mask_id_number(resident.id_number) if resident else ""
        common = dict(serial=cert.serial, template=template.name if template else "", recipient=cert.recipient,
                      id_number_masked=id_masked, issued_on=cert.issued_on)
        if cert.state == "void":
            return Verification(True, True, f"该证明确由本单位开具，但已于 {cert.voided_at:%Y-%m-%d} 作废"
                                f"（原因：{cert.void_reason}），不再有效。", void_reason=cert.void_reason, **common)
        return Verification(True, False, f"真实有效：{cert.serial}，开具给 {cert.recipient}，"
                            f"{cert.issued_on:%Y-%m-%d} 开具。", **common)
