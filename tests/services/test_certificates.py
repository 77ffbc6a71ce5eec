"""证明开具: serials, ledger, verification, fonts in the PDF, characters that cannot print."""

import datetime as dt
import io
import shutil
import subprocess
import threading

import pytest

from siibai_desktop.domain.certificates import parse_serial
from siibai_desktop.services import certificates as C
from siibai_desktop.services.committee import CommitteeInfo, save_committee
from siibai_desktop.services.database import open_app_database
from siibai_desktop.services.errors import UserError, ValidationFailed
from siibai_desktop.services.households import add_household
from siibai_desktop.services.pdf import fonts
from siibai_desktop.services.pdf.layout import Text
from siibai_desktop.services.residents import add_resident
from siibai_desktop.services.types import HouseholdInput, ResidentInput
from tests.helpers import make_id

LONG_ADDRESS = dict(compound="星港景苑二期东区", road="延安西路", lane="1314", building="25", room="1102")
poppler = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdffonts"),
                             reason="poppler-utils (pdftotext, pdffonts) not installed")


def seal_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((8, 8, 292, 292), outline=(220, 0, 0, 220), width=10)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def unavailable_character() -> str | None:
    """A CJK character (Ext H and beyond) that no font on this machine has."""
    for code in range(0x31350, 0x31360):
        if fonts.font_for_char(chr(code)) is None:
            return chr(code)
    return None


@pytest.fixture
def office(db):
    save_committee(db, CommitteeInfo(name="枫港居民区居民委员会", street_office="示范路街道办事处",
                                     district="示范区", address="枫港路88弄1号", phone="021-62000000"))
    C.save_certificate_settings(db, seal_png=seal_png(), signing_line="经办人：")
    return db


def resident(db, name="欧阳思聪", birth=dt.date(1950, 3, 4), seq=12):
    hid = add_household(db, HouseholdInput(**LONG_ADDRESS))
    return add_resident(db, ResidentInput(household_id=hid, name=name, id_number=make_id(birth, seq=seq),
                                          relation="head")).id


def residence(db):
    return C.template_by_name(db, "居住证明").id


def test_serials_count_up_per_template_and_year_through_reprint_and_void(office, clock, tmp_path):
    rid = resident(office)
    req = C.CertificateRequest(residence(office), rid, "办理入学")
    first, second, third = (C.issue_certificate(office, req) for _ in range(3))
    assert [first.serial, second.serial, third.serial] == [f"居证〔2026〕第000{i}号" for i in (1, 2, 3)]
    again = C.reprint_certificate(office, second.id, out=tmp_path / "again.pdf")
    assert (again.serial, again.verify_code) == (second.serial, second.verify_code)
    assert (tmp_path / "again.pdf").read_bytes().startswith(b"%PDF")
    assert C.void_certificate(office, "居证[2026]3", "用途写错") == third.serial
    with pytest.raises(UserError, match="已作废"):
        C.reprint_certificate(office, third.id)
    with pytest.raises(UserError, match="已于"):
        C.void_certificate(office, third.id, "再作废")
    assert C.issue_certificate(office, req).serial == "居证〔2026〕第0004号"  # a voided number is never reused
    honour = C.template_by_name(office, "荣誉证书").id
    cert = C.issue_certificate(office, C.CertificateRequest(honour, None, "表彰", {"荣誉称号": "文明楼组"},
                                                            recipient="星港景苑5号楼组"))
    assert cert.serial == "荣证〔2026〕第0001号"
    clock.day = dt.date(2027, 1, 4)
    assert C.issue_certificate(office, req).serial == "居证〔2027〕第0001号"
    actions = [(r.action_label, r.serial) for r in C.ledger(office)]
    assert ("补打", second.serial) in actions and ("作废", third.serial) in actions
    assert [a for a, s in actions if s == second.serial].count("开具") == 1
    void_line = next(r for r in C.ledger(office) if r.action == "void")
    assert void_line.note == "用途写错" and void_line.state == "void"


def test_verify_genuine_voided_and_forged_codes(office):
    req = C.CertificateRequest(residence(office), resident(office), "办理入学")
    good, voided = C.issue_certificate(office, req), C.issue_certificate(office, req)
    C.void_certificate(office, voided.serial, "重复开具")
    ok = C.verify(office, good.verify_code)
    assert ok.genuine and not ok.voided and ok.recipient == "欧阳思聪" and ok.serial == good.serial
    assert "*" in ok.id_number_masked
    scanned = C.verify(office, f"{good.serial}\n核验码 {good.verify_code.lower()}")  # QR content, any case
    assert scanned.genuine
    gone = C.verify(office, voided.verify_code)
    assert gone.genuine and gone.voided and "重复开具" in gone.message
    tid, year, number, check = good.verify_code.split("-")
    forged_check = f"{tid}-{year}-{number}-{'A' * 8 if check != 'A' * 8 else 'B' * 8}"
    next_number = f"{tid}-{year}-{int(number) + 5:04d}-{check}"  # a serial not issued yet
    for code in (forged_check, next_number, "hello"):
        result = C.verify(office, code)
        assert not result.genuine and not result.voided


def test_serials_never_repeat_when_two_pcs_issue_at_once(office, db_url, clock):
    req = C.CertificateRequest(residence(office), resident(office), "办理入学")
    serials, errors = [], []

    def issue_many():
        other = open_app_database(db_url, clock=clock)  # the same SQLite file or PostgreSQL database
        try:
            for _ in range(8):
                serials.append(C.issue_certificate(other, req).serial)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            other.close()

    threads = [threading.Thread(target=issue_many) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(parse_serial(s)[2] for s in serials) == list(range(1, 25))


@poppler
def test_pdf_embeds_its_fonts_and_gives_back_name_and_address(office, tmp_path):
    rare = [ch for ch in "䶮𠮷" if fonts.font_for_char(ch)]
    name = "欧阳" + "".join(rare) + "聪"
    rid = resident(office, name=name)
    out = tmp_path / "cert.pdf"
    C.issue_certificate(office, C.CertificateRequest(residence(office), rid, "办理入学"), out=out)
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    header, _rule, *rows = listing.splitlines()
    emb = header.index("emb")
    assert rows and all(row[emb:emb + 3] == "yes" for row in rows), listing
    assert "STSong" not in listing and "Helvetica" not in listing
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    assert name in flat
    assert "示范区星港景苑二期东区延安西路1314弄25号1102室" in flat
    assert "特此证明" in flat and "枫港居民区居民委员会" in flat and "2026年11月21日" in flat


def test_rare_characters_use_a_fallback_font_when_one_has_them(office):
    if fonts.font_for_char("䶮") is None:
        pytest.skip("no font with 䶮 on this machine (install fonts-arphic-uming)")
    runs = fonts.split_runs("王䶮")
    assert fonts.unprintable_characters("王䶮") == []
    assert runs[-1][0] == fonts.font_for_char("䶮")


def test_a_character_no_font_has_is_reported_before_printing(office):
    missing = unavailable_character()
    if missing is None:
        pytest.skip("every candidate character is in some font here")
    rid = resident(office, name=f"王{missing}明")
    assert fonts.unprintable_characters(f"王{missing}明") == [missing]
    req = C.CertificateRequest(residence(office), rid, "办理入学")
    assert C.preview_certificate(office, req).unprintable == (missing,)
    with pytest.raises(C.UnprintableCharacters) as info:
        C.issue_certificate(office, req)
    assert info.value.characters == [missing] and "居住证明" in str(info.value)
    assert C.ledger(office) == []  # nothing issued, no number used
    issued = C.issue_certificate(office, req, allow_unprintable=True)
    assert issued.serial.endswith("第0001号") and issued.unprintable == (missing,)
    assert missing in C.ledger(office)[0].note


def test_missing_choices_are_refused_field_by_field(office):
    with pytest.raises(ValidationFailed) as info:
        C.issue_certificate(office, C.CertificateRequest(residence(office), None, ""))
    assert "resident" in info.value.errors
    honour = C.template_by_name(office, "荣誉证书")
    assert honour.free_fields == ("荣誉称号",)
    with pytest.raises(ValidationFailed) as info:
        C.issue_certificate(office, C.CertificateRequest(honour.id, None, "", recipient="5号楼组"))
    assert set(info.value.errors) == {"field:荣誉称号"}
    with pytest.raises(ValidationFailed):
        C.save_certificate_settings(office, seal_png=b"GIF89a...")


def test_office_templates_are_added_and_edited(office):
    tid = C.save_template(office, C.TemplateInput(name="困难证明", title="家庭困难证明", serial_prefix="困证",
                                                  body="兹证明{姓名}家庭{困难情况}。", closing="特此证明。"))
    info = C.get_template(office, tid)
    assert info.free_fields == ("困难情况",)
    with pytest.raises(ValidationFailed) as dup:
        C.save_template(office, C.TemplateInput(name="另一个", title="X", body="x", serial_prefix="困证"))
    assert "serial_prefix" in dup.value.errors
    C.save_template(office, C.TemplateInput(name="困难证明", title="困难证明", serial_prefix="困证", body="兹证明{姓名}。"),
                    template_id=tid, expected_version=info.version)
    assert C.get_template(office, tid).title == "困难证明"


@pytest.mark.parametrize("template", ["居住证明", "荣誉证书"])
def test_longest_names_and_addresses_stay_inside_the_page(office, template):
    rid = resident(office, name="欧阳娜娜依依")
    tid = C.template_by_name(office, template).id
    draft = C.preview_certificate(office, C.CertificateRequest(
        tid, rid, "办理居住证积分、子女入学及社会保险转移接续等相关手续" * 2,
        {"荣誉称号": "2026年度长宁区最美家庭暨文明楼组创建先进个人"}))
    page = draft.page
    texts = [i for i in page.items if isinstance(i, Text)]
    for item in texts:
        width = fonts.string_width(item.text, item.size)
        assert item.x >= 10 and item.x + width <= page.width - 10, item.text
        assert 10 <= item.y <= page.height - 10
    boxes = [(i.x, i.y - 0.2 * i.size, i.x + fonts.string_width(i.text, i.size), i.y + 0.8 * i.size)
             for i in texts if i.text.strip()]
    for n, a in enumerate(boxes):  # no two pieces of text on top of each other
        for b in boxes[n + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_roster_names_that_cannot_print_are_listed(office):
    from siibai_desktop.services.printable import unprintable_names

    missing = unavailable_character()
    resident(office, name="李明", seq=3)
    if missing is None:
        assert unprintable_names(office) == []
        return
    rid = resident(office, name=f"王{missing}", seq=4)
    found = unprintable_names(office)
    assert [(n.resident_id, n.characters) for n in found] == [(rid, (missing,))]
