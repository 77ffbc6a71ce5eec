"""Plain data the certificate services take and return."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..pdf.layout import Page


@dataclass(frozen=True)
class CertificateSettingsInfo:
    signing_line: str
    seal_png: bytes | None
    font_path: str


@dataclass(frozen=True)
class TemplateInfo:
    id: int
    version: int
    name: str
    layout: str
    title: str
    body: str
    closing: str
    serial_prefix: str
    needs_resident: bool
    builtin: bool
    active: bool
    free_fields: tuple[str, ...]


@dataclass
class TemplateInput:
    name: str
    title: str
    body: str
    serial_prefix: str
    layout: str = "official"
    closing: str = "特此证明。"
    needs_resident: bool = True
    active: bool = True


@dataclass
class CertificateRequest:
    """What the office chose: template, resident (or a named group), purpose, free fields."""

    template_id: int
    resident_id: int | None = None
    purpose: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    recipient: str = ""  # for 荣誉证书 to a 楼组 or family without one resident


@dataclass(frozen=True)
class Draft:
    """A preview: the laid-out page and the characters that cannot be printed."""

    page: Page
    title: str
    body: str
    recipient: str
    unprintable: tuple[str, ...]


@dataclass(frozen=True)
class IssuedCertificate:
    id: int
    serial: str
    verify_code: str
    pdf: bytes
    path: str | None
    unprintable: tuple[str, ...] = ()


@dataclass(frozen=True)
class LedgerRow:
    """One line of 证明开具台账: an issue, a reprint (补打) or a void (作废)."""

    event_id: int
    certificate_id: int
    at: dt.datetime
    action: str
    action_label: str
    serial: str
    template: str
    recipient: str
    purpose: str
    by: str
    note: str
    state: str


@dataclass(frozen=True)
class Verification:
    genuine: bool
    voided: bool
    message: str
    serial: str = ""
    template: str = ""
    recipient: str = ""
    id_number_masked: str = ""
    issued_on: dt.date | None = None
    void_reason: str = ""
