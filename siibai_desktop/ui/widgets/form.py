"""Forms with inline validation: each field gets a red message under it.

Services raise ValidationFailed with `.errors` {field: Chinese message}; `show_errors`
puts each message next to its field (or in the banner when no field matches) and the
dialog stays open with nothing saved.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

ERROR_STYLE = "color: #c62828;"
WARNING_STYLE = "color: #8a5a00; background: #fff4d6; border: 1px solid #f0d48a; padding: 4px;"


def _message_label(style: str) -> QLabel:
    label = QLabel()
    label.setStyleSheet(style)
    label.setWordWrap(True)
    label.hide()
    return label


class ValidatedForm(QWidget):
    """A QFormLayout whose rows carry an error label; plus a banner for other messages."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.banner = _message_label(ERROR_STYLE)
        self.warnings = _message_label(WARNING_STYLE)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.banner)
        outer.addLayout(self.form)
        outer.addWidget(self.warnings)
        self.fields: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}

    def add_row(self, field: str, label: str, widget: QWidget) -> QWidget:
        """A labelled field; `field` is the service's name for it (as in ValidationFailed)."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = _message_label(ERROR_STYLE)
        error.setObjectName(f"error_{field}")
        column.addWidget(error)
        self.form.addRow(label, box)
        self.fields[field] = widget
        self.error_labels[field] = error
        return widget

    def clear_errors(self) -> None:
        for label in self.error_labels.values():
            label.clear()
            label.hide()
        self.banner.clear()
        self.banner.hide()

    def show_errors(self, errors: dict[str, str]) -> None:
        self.clear_errors()
        other = []
        for field, message in errors.items():
            label = self.error_labels.get(field)
            if label is None:
                other.append(message)
            else:
                label.setText(message)
                label.show()
        if other:
            self.banner.setText("\n".join(other))
            self.banner.show()
        first = next((self.fields[f] for f in errors if f in self.fields), None)
        if first is not None:
            first.setFocus()

    def error_text(self, field: str) -> str:
        """What the form shows for a field ('' when fine); the banner for unknown fields."""
        label = self.error_labels.get(field)
        if label is None:
            return self.banner.text()
        return label.text() if not label.isHidden() else ""

    def show_warnings(self, warnings: list[str]) -> None:
        if warnings:
            self.warnings.setText("提示：" + "；".join(warnings))
            self.warnings.show()
        else:
            self.warnings.clear()
            self.warnings.hide()
