"""证明开具: settings, templates, issuing with serial numbers, the ledger, verification."""

from .content import UnprintableCharacters
from .issuing import (
    certificate_code, find_certificate_id, issue_certificate, preview_certificate, preview_template,
    reprint_certificate, void_certificate,
)
from .ledger import ACTION_LABELS, ledger, verify
from .settings import certificates_folder, get_certificate_settings, load_seal_file, save_certificate_settings
from .templates import get_template, list_templates, save_template, template_by_name
from .types import (
    CertificateRequest, CertificateSettingsInfo, Draft, IssuedCertificate, LedgerRow, TemplateInfo,
    TemplateInput, Verification,
)

__all__ = [
    "ACTION_LABELS", "CertificateRequest", "CertificateSettingsInfo", "Draft", "IssuedCertificate", "LedgerRow",
    "TemplateInfo", "TemplateInput", "UnprintableCharacters", "Verification", "certificate_code",
    "certificates_folder", "find_certificate_id", "get_certificate_settings", "get_template", "issue_certificate", "ledger",
    "list_templates", "load_seal_file", "preview_certificate", "preview_template", "reprint_certificate", "save_certificate_settings",
    "save_template", "template_by_name", "verify", "void_certificate",
]
