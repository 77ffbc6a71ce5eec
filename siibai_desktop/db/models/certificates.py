"""Certificates (证明开具): settings, templates, serial counters, issued certificates, ledger."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, Editable


class CertificateSettings(Editable, Base):
    """One row: the seal, the signing line, the PDF font and the installation's secret."""

    __tablename__ = "certificate_settings"
    signing_line: Mapped[str] = mapped_column(String(200), default="")
    seal_png: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    font_path: Mapped[str] = mapped_column(String(400), default="")
    # HMAC key for the check codes on certificates; never shown, never exported.
    secret: Mapped[str] = mapped_column(String(128))


class CertificateTemplate(Editable, Base):
    """A kind of certificate: layout, title, body with {placeholders}, serial prefix."""

    __tablename__ = "certificate_templates"
    name: Mapped[str] = mapped_column(String(60), unique=True)
    layout: Mapped[str] = mapped_column(String(20), default="official")  # official | honour
    title: Mapped[str] = mapped_column(String(60))
    body: Mapped[str] = mapped_column(Text, default="")
    closing: Mapped[str] = mapped_column(String(60), default="")
    serial_prefix: Mapped[str] = mapped_column(String(20), unique=True)
    needs_resident: Mapped[bool] = mapped_column(default=True)
    builtin: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)


class CertificateCounter(Base):
    """The last serial number used per template and year. Numbers only ever go up."""

    __tablename__ = "certificate_counters"
    __table_args__ = (UniqueConstraint("template_id", "year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("certificate_templates.id"))
    year: Mapped[int] = mapped_column(Integer)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Certificate(Base):
    """An issued certificate. The printed text is kept so a reprint is the same document."""

    __tablename__ = "certificates"
    __table_args__ = (
        UniqueConstraint("template_id", "year", "number"),
        Index("ix_certificates_issued_on", "issued_on"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("certificate_templates.id"))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    serial: Mapped[str] = mapped_column(String(60), unique=True)
    check_code: Mapped[str] = mapped_column(String(16))
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id"), nullable=True, index=True)
    recipient: Mapped[str] = mapped_column(String(100))
    purpose: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(60))
    body: Mapped[str] = mapped_column(Text)
    closing: Mapped[str] = mapped_column(String(60), default="")
    layout: Mapped[str] = mapped_column(String(20))
    committee_name: Mapped[str] = mapped_column(String(100))
    issued_on: Mapped[dt.date] = mapped_column(Date)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime)
    issued_by: Mapped[str] = mapped_column(String(50))
    state: Mapped[str] = mapped_column(String(10), default="issued")  # issued | void
    void_reason: Mapped[str] = mapped_column(Text, default="")
    voided_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    voided_by: Mapped[str] = mapped_column(String(50), default="")


class CertificateEvent(Base):
    """证明开具台账: one line per issue, reprint (补打) and void (作废). Append-only."""

    __tablename__ = "certificate_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"), index=True)
    action: Mapped[str] = mapped_column(String(10))  # issue | reprint | void
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    by: Mapped[str] = mapped_column(String(50))
    note: Mapped[str] = mapped_column(Text, default="")
