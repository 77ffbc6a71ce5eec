"""Masking of ID numbers and phones for screens, sheets and exports."""

from __future__ import annotations


def mask_id_number(number: str | None) -> str:
    """310***********1234: region prefix and last four kept."""
    if not number:
        return ""
    if len(number) < 8:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def mask_phone(phone: str | None) -> str:
    """138****5678 for mobiles; 021-****5678 for landlines."""
    if not phone:
        return ""
    if "-" in phone:
        area, _, rest = phone.partition("-")
        return f"{area}-" + "*" * max(len(rest) - 4, 0) + rest[-4:]
    if len(phone) <= 4:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:] if len(phone) > 7 else "*" * (len(phone) - 4) + phone[-4:]
