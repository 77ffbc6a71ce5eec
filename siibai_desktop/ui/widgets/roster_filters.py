"""The roster's filter row: 小区, 楼, 网格, 标签, 年龄, 户籍状态, 含迁出/已故."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from ...domain.enums import ResidenceStatus
from ...services import households, staff, tags
from ...services.search import ResidentQuery
from ..context import AppContext

TEXT = {
    "compound": "小区",
    "building": "楼",
    "grid": "网格",
    "tag": "标签",
    "age": "年龄",
    "age_to": "至",
    "status": "户籍状态",
    "any_compound": "全部小区",
    "any_building": "全部楼",
    "pick_compound_first": "先选小区",
    "any_grid": "全部网格",
    "any_tag": "全部标签",
    "any_status": "全部",
    "any_age": "不限",
    "include_left": "含迁出/已故",
    "clear": "清除筛选",
}
MAX_AGE = 130


def _combo(min_width: int) -> QComboBox:
    combo = QComboBox()
    combo.setMinimumContentsLength(4)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumWidth(min_width)
    combo.setMaxVisibleItems(20)
    return combo


def _refill(combo: QComboBox, blank: str, items: list[tuple[int | str, str]]) -> None:
    """Replace the choices, keeping the chosen value when it still exists."""
    keep = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(blank, None)
    for value, label in items:
        combo.addItem(label, value)
    index = combo.findData(keep) if keep is not None else 0
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


class RosterFilters(QWidget):
    """Emits `changed` whenever a filter changes; `apply_to(query)` copies them into a query."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.compound = _combo(120)
        self.building = _combo(110)
        self.grid = _combo(100)
        self.tag = _combo(100)
        self.age_min = self._age_spin()
        self.age_max = self._age_spin()
        self.status = _combo(90)
        _refill(self.status, TEXT["any_status"], [(s.value, s.label) for s in ResidenceStatus])
        self.include_left = QCheckBox(TEXT["include_left"])
        self.clear_button = QPushButton(TEXT["clear"])
        self.clear_button.setFlat(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for key, widget in (("compound", self.compound), ("building", self.building), ("grid", self.grid),
                            ("tag", self.tag)):
            layout.addWidget(QLabel(TEXT[key]))
            layout.addWidget(widget)
        layout.addSpacing(6)
        layout.addWidget(QLabel(TEXT["age"]))
        layout.addWidget(self.age_min)
        layout.addWidget(QLabel(TEXT["age_to"]))
        layout.addWidget(self.age_max)
        layout.addSpacing(6)
        layout.addWidget(QLabel(TEXT["status"]))
        layout.addWidget(self.status)
        layout.addWidget(self.include_left)
        layout.addStretch(1)
        layout.addWidget(self.clear_button)
        self.reload_choices()
        self.compound.currentIndexChanged.connect(self._compound_changed)
        for combo in (self.building, self.grid, self.tag, self.status):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.age_min.valueChanged.connect(lambda _v: self.changed.emit())
        self.age_max.valueChanged.connect(lambda _v: self.changed.emit())
        self.include_left.toggled.connect(lambda _on: self.changed.emit())
        self.clear_button.clicked.connect(self.clear)

    def _age_spin(self) -> QSpinBox:
        # 0 reads 不限: "at least 0" filters nothing, and "at most 0" is never what is meant
        spin = QSpinBox()
        spin.setRange(0, MAX_AGE)
        spin.setSpecialValueText(TEXT["any_age"])
        spin.setSuffix(" 岁")
        spin.setMinimumWidth(72)
        return spin

    def reload_choices(self) -> None:
        """Read compounds, buildings, grids and tags again (after a roster change)."""
        db = self.ctx.db
        _refill(self.compound, TEXT["any_compound"], households.list_compounds(db))
        _refill(self.grid, TEXT["any_grid"], [(g.id, g.name) for g in staff.list_grids(db)])
        _refill(self.tag, TEXT["any_tag"], [(t.id, t.name) for t in tags.list_tags(db)])
        self._fill_buildings()

    def _fill_buildings(self) -> None:
        compound_id = self.compound.currentData()
        if compound_id is None:
            _refill(self.building, TEXT["pick_compound_first"], [])
            self.building.setEnabled(False)
            return
        _refill(self.building, TEXT["any_building"], households.list_buildings(self.ctx.db, compound_id))
        self.building.setEnabled(True)

    def _compound_changed(self, _index: int) -> None:
        self.building.blockSignals(True)
        self.building.setCurrentIndex(0)
        self.building.blockSignals(False)
        self._fill_buildings()
        self.changed.emit()

    def clear(self) -> None:
        """Back to everything current; one `changed` at the end."""
        widgets = (self.compound, self.building, self.grid, self.tag, self.status, self.age_min,
                   self.age_max, self.include_left)
        for w in widgets:
            w.blockSignals(True)
        for combo in (self.compound, self.grid, self.tag, self.status):
            combo.setCurrentIndex(0)
        self.age_min.setValue(0)
        self.age_max.setValue(0)
        self.include_left.setChecked(False)
        for w in widgets:
            w.blockSignals(False)
        self._fill_buildings()
        self.changed.emit()

    def apply_to(self, query: ResidentQuery) -> ResidentQuery:
        query.compound_id = self.compound.currentData()
        query.building_id = self.building.currentData() if query.compound_id is not None else None
        query.grid_id = self.grid.currentData()
        query.tag_id = self.tag.currentData()
        query.age_min = self.age_min.value() or None
        query.age_max = self.age_max.value() or None
        query.residence_status = self.status.currentData()
        query.include_left = self.include_left.isChecked()
        return query

    def select_tag(self, tag_id: int | None) -> None:
        self.tag.setCurrentIndex(max(self.tag.findData(tag_id), 0))
