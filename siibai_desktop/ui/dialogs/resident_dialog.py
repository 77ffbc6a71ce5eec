"""Add or edit a resident (居民), with the resident's tags (标签)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from ...domain.enums import Relation, ResidenceStatus, Sex
from ...domain.id_number import IdNumberError, cross_check, parse_id_number
from ...domain.masking import mask_id_number
from ...services import households, residents, tags
from ...services.errors import ConflictError, UserError, ValidationFailed
from ...services.types import ResidentInput, SaveResult
from ..context import AppContext
from .conflict_dialog import show_conflict
from ..widgets.buttons import SB, button_box, warn
from ..widgets.dates import OptionalDateEdit
from ..widgets.form import ValidatedForm
from ..widgets.household_picker import pick_household

TEXT = {
    "title_add": "新增居民",
    "title_edit": "编辑居民",
    "household_id": "所在户",
    "choose_household": "选择…",
    "no_household": "（未选择）",
    "name": "姓名",
    "id_number": "身份证号",
    "sex": "性别",
    "sex_from_id": "按身份证号",
    "birth_date": "出生日期",
    "phone": "电话",
    "relation": "与户主关系",
    "residence_status": "户籍状态",
    "moved_in_on": "迁入日期",
    "notes": "备注",
    "tags": "标签",
    "id_hint": "18 位，末位可为 X",
    "id_reads": "身份证号显示：{sex}，{birth:%Y-%m-%d} 出生",
    "conflict_title": "保存未成功",
    "error_title": "保存未成功",
}


class ResidentDialog(QDialog):
    """`ResidentDialog(ctx, household_id=...)` adds a member to a household;
    `ResidentDialog(ctx, resident_id=...)` edits. After accept(): `resident_id`, `result`."""

    def __init__(self, ctx: AppContext, household_id: int | None = None, resident_id: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.resident_id = resident_id
        self.household_id = household_id
        self.result_info: SaveResult | None = None
        self._version: int | None = None
        self._tags_before: set[int] = set()
        self._hidden_id: tuple[str, str] | None = None  # (masked text shown, full number kept)
        today = ctx.db.clock.today()
        self.setWindowTitle(TEXT["title_edit" if resident_id else "title_add"])
        self.form = ValidatedForm()

        self.household_label = QLabel(TEXT["no_household"])
        self.household_label.setWordWrap(True)
        self.choose_household = QPushButton(TEXT["choose_household"])
        self.choose_household.clicked.connect(self._choose_household)
        household_row = QWidget()
        row = QHBoxLayout(household_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.household_label, 1)
        row.addWidget(self.choose_household)
        self.form.add_row("household_id", TEXT["household_id"], household_row)

        self.name = self.form.add_row("name", TEXT["name"], QLineEdit())
        self.id_number = self.form.add_row("id_number", TEXT["id_number"], QLineEdit())
        self.id_number.setPlaceholderText(TEXT["id_hint"])
        self.id_number.setMaxLength(20)
        self.id_reading = QLabel()
        self.id_reading.setStyleSheet("color: #555;")
        self.id_reading.hide()
        self.form.form.addRow("", self.id_reading)
        self.sex = QComboBox()
        self.sex.addItem(TEXT["sex_from_id"], None)
        for s in Sex:
            self.sex.addItem(s.label, s.value)
        self.form.add_row("sex", TEXT["sex"], self.sex)
        self.birth_date = self.form.add_row("birth_date", TEXT["birth_date"], OptionalDateEdit(today))
        self.phone = self.form.add_row("phone", TEXT["phone"], QLineEdit())
        self.relation = QComboBox()
        for r in Relation:
            self.relation.addItem(r.label, r.value)
        self.form.add_row("relation", TEXT["relation"], self.relation)
        self.residence_status = QComboBox()
        for s in ResidenceStatus:
            self.residence_status.addItem(s.label, s.value)
        self.form.add_row("residence_status", TEXT["residence_status"], self.residence_status)
        self.moved_in_on = self.form.add_row("moved_in_on", TEXT["moved_in_on"], OptionalDateEdit(today))
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(56)
        self.form.add_row("notes", TEXT["notes"], self.notes)
        self.tags = QListWidget()
        self.tags.setFixedHeight(110)
        self.tags.setFlow(QListWidget.Flow.LeftToRight)
        self.tags.setWrapping(True)
        self.tags.setSpacing(2)
        self._tag_ids: dict[str, int] = {}
        for t in tags.list_tags(ctx.db):
            item = QListWidgetItem(t.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            item.setToolTip(t.description or t.name)
            self.tags.addItem(item)
            self._tag_ids[t.name] = t.id
        self.form.add_row("tags", TEXT["tags"], self.tags)

        self.buttons = button_box(SB.Save | SB.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.id_number.textChanged.connect(self._read_id)
        self.sex.currentIndexChanged.connect(lambda _i: self._read_id())
        self.birth_date.changed.connect(self._read_id)

        if resident_id is not None:
            self._load(resident_id)
        elif household_id is not None:
            self._set_household(household_id)

    # --- loading ------------------------------------------------------------------------
    def _set_household(self, household_id: int) -> None:
        info = households.get_household(self.ctx.db, household_id)
        self.household_id = info.id
        self.household_label.setText(info.address)
        if self.resident_id is None:
            default = Relation.HEAD if info.member_count == 0 else Relation.OTHER
            self.relation.setCurrentIndex(self.relation.findData(default.value))

    def _choose_household(self) -> None:
        picked = pick_household(self.ctx, self)
        if picked is not None:
            self._set_household(picked.id)

    def _load(self, resident_id: int) -> None:
        r = residents.get_resident(self.ctx.db, resident_id)
        self._version = r.version
        self.household_id = r.household_id
        self.household_label.setText(r.address)
        # moving to another household is a life event (迁至他户), not an edit
        self.choose_household.hide()
        self.name.setText(r.name)
        if r.id_number and not self.ctx.full_id_allowed:
            # staff without the right to see full numbers edit around a masked one;
            # the number is sent unchanged unless they replace it
            self._hidden_id = (mask_id_number(r.id_number), r.id_number)
            self.id_number.setText(self._hidden_id[0])
        else:
            self.id_number.setText(r.id_number or "")
        self.sex.setCurrentIndex(max(self.sex.findData(r.sex), 0))
        self.birth_date.set_value(r.birth_date)
        self.phone.setText(r.phone)
        self.relation.setCurrentIndex(max(self.relation.findData(r.relation), 0))
        self.residence_status.setCurrentIndex(max(self.residence_status.findData(r.residence_status), 0))
        self.moved_in_on.set_value(r.moved_in_on)
        self.notes.setPlainText(r.notes)
        self._tags_before = {self._tag_ids[n] for n in r.tags if n in self._tag_ids}
        self.set_checked_tags(self._tags_before)

    # --- tags ---------------------------------------------------------------------------
    def set_checked_tags(self, tag_ids: set[int]) -> None:
        for i in range(self.tags.count()):
            item = self.tags.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in tag_ids
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def checked_tags(self) -> set[int]:
        return {self.tags.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.tags.count())
                if self.tags.item(i).checkState() == Qt.CheckState.Checked}

    # --- ID reading: what the number says, and whether it agrees with the form -----------
    def id_number_value(self) -> str:
        text = self.id_number.text().strip()
        if self._hidden_id and text == self._hidden_id[0]:
            return self._hidden_id[1]
        return text

    def _read_id(self) -> None:
        text = self.id_number_value()
        parsed = None
        if len(text) in (15, 18):
            try:
                parsed = parse_id_number(text, today=self.ctx.db.clock.today())
            except IdNumberError:
                pass  # the service words the error when saving
        self.id_reading.setVisible(parsed is not None)
        if parsed is None:
            self.id_reading.clear()
            self.form.show_warnings([])
            return
        self.id_reading.setText(TEXT["id_reads"].format(sex=parsed.sex.label, birth=parsed.birth_date))
        sex = self.sex.currentData()
        self.form.show_warnings(parsed.warnings + cross_check(parsed, Sex(sex) if sex else None,
                                                              self.birth_date.value()))

    # --- saving -------------------------------------------------------------------------
    def value(self) -> ResidentInput:
        return ResidentInput(
            household_id=self.household_id or 0, name=self.name.text(), id_number=self.id_number_value(),
            sex=self.sex.currentData(), birth_date=self.birth_date.value(), phone=self.phone.text().strip(),
            relation=self.relation.currentData(), residence_status=self.residence_status.currentData(),
            moved_in_on=self.moved_in_on.value(), notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        """Save; on bad input show the messages by their fields and stay open."""
        self.form.clear_errors()
        data = self.value()
        data.tag_ids = self.checked_tags()  # saved with the resident, in one transaction
        db = self.ctx.db
        try:
            if self.resident_id is None:
                result = self.ctx.runner.call(lambda: residents.add_resident(db, data))
            else:
                rid, version = self.resident_id, self._version
                result = self.ctx.runner.call(lambda: residents.update_resident(db, rid, data, version))
            self.resident_id = result.id
            self._tags_before = data.tag_ids
        except ValidationFailed as exc:
            self.form.show_errors(exc.errors)
            return
        except ConflictError as exc:
            if show_conflict(self, exc):  # reload the other PC's version; the user redoes the change
                self._load(self.resident_id)
            return
        except UserError as exc:
            warn(self, TEXT["error_title"], str(exc))
            return
        self.result_info = result
        self.ctx.bus.changed.emit("roster")
        self.accept()

