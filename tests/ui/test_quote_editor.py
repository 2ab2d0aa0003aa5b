"""The quote editor driven as a user would: actions triggered, dialogs answered, what is shown read back."""

from __future__ import annotations

import getpass
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from configurator.core.catalogue.db import Database
from configurator.ui.context import AppContext
from configurator.ui.product_chooser import ProductChoice
from configurator.ui.quote_dialogs import DiscountDialog, LineResult
from configurator.ui.quote_editor import QuoteEditor
from tests.helpers.ui_drive import wait_stored
from tests.helpers.ui_kit import PIN, add_customer

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
WINDOW = {"window_type": "side_hung", "width_mm": "1200", "height_mm": "1400", "glazing": "triple"}
EARTAG = {"species": "sheep", "purpose": "origin", "tag_type": "visual", "holding_id": "1234567",
          "birth_year": "2027", "series_number": "1", "tag_count": "100"}
EDITING = ("add", "edit", "copy_line", "remove", "discount")


@pytest.fixture(autouse=True)
def errors(context: AppContext, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The error messages the user would see (instead of a modal message box); a test that expects some takes
    them out of the list, any left over fail it."""
    shown: list[str] = []
    monkeypatch.setattr(context, "show_error", lambda _parent, error: shown.append(context.error_text(error)))
    yield shown
    assert shown == []


def window_quote(context: AppContext, database: Database, **line: Any) -> str:
    number = context.service.new_quote(add_customer(database)).number
    context.service.add_line(number, "window", WINDOW, complete=True, **line)
    return number


def open_editor(context: AppContext, qtbot: QtBot, number: str) -> QuoteEditor:
    editor = QuoteEditor(context, number)
    editor.prompts.confirm = lambda *_args: True  # "send" and "accepted" ask first; answered yes
    qtbot.addWidget(editor)
    editor.resize(1280, 800)
    with qtbot.waitActive(editor):
        editor.show()
        editor.activateWindow()
    editor.lines.setFocus()
    return editor


def trigger(editor: QuoteEditor, action: str) -> None:
    """Trigger an action and wait until its change is stored (quote changes run off the UI thread)."""
    assert editor.commands.actions[action].isEnabled(), action
    editor.commands.actions[action].trigger()
    wait_stored(editor)


def enabled(editor: QuoteEditor) -> set[str]:
    return {key for key, action in editor.commands.actions.items() if action.isEnabled()}


def plain(text: str) -> str:
    """A text as read: money's no-break spaces as plain ones."""
    return text.replace("\xa0", " ")


def row(editor: QuoteEditor, index: int) -> list[str]:
    return [plain(editor.lines.item(index, column).text()) for column in range(editor.lines.columnCount())]


def totals(editor: QuoteEditor) -> dict[str, str]:
    return {key: plain(value.text()) for key, (_caption, value) in editor.total_labels.items() if value.isVisible()}


def wait_for_documents(editor: QuoteEditor, qtbot: QtBot) -> None:
    task = editor.documents.last_task
    assert task is not None
    with qtbot.waitSignal(task.done, timeout=60_000):
        pass


def test_the_lines_with_their_prices_the_breakdown_and_the_totals(context: AppContext, database: Database,
                                                                   qtbot: QtBot) -> None:
    editor = open_editor(context, qtbot, window_quote(context, database))
    # the key attributes the model marks, with their labels (the colour too, though it is chosen late)
    assert row(editor, 0)[1:] == ["1", "Trevindu etter mål", "Vindustype: Sidehengslet · Bredde (utvendig karmmål): "
                                  "1200 mm · Høyde (utvendig karmmål): 1400 mm · Glass: 3-lags energiglass (Ug 0,5) · "
                                  "Farge: RAL 9010 renhvit", "1", "kr 12 852,00", "kr 12 852,00"]
    assert not editor.lines.item(0, 0).icon().isNull()  # the stored preview as a thumbnail
    assert "Bredde (utvendig karmmål): 1200 mm" in editor.lines.item(0, 2).toolTip()
    assert [plain(editor.price_list.item(i).text()) for i in range(editor.price_list.count())] == [
        "Vindu per m²: 1,68 m² × kr 6 800,00 = kr 11 424,00",
        "3-lags energiglass (Ug 0,5): 1,68 m² × kr 850,00 = kr 1 428,00",
        "Enhetspris: kr 12 852,00", "Linjesum: kr 12 852,00"]
    assert totals(editor) == {"subtotal": "kr 12 852,00", "ex_vat": "kr 12 852,00", "vat": "kr 3 213,00",
                              "inc_vat": "kr 16 065,00"}
    assert editor.values["status"].text() == "utkast"
    assert editor.values["salesperson"].text() == "Kari Nordmann"
    assert editor.values["valid"].text() == "31.12.2026"
    assert not editor.badge.isVisible()
    assert enabled(editor) == {*EDITING, "send", "copy_quote", "save", "print", "export_pdf", "open_pdf"}


def test_add_edit_copy_and_remove_lines_through_the_actions(context: AppContext, database: Database,
                                                            qtbot: QtBot) -> None:
    editor = open_editor(context, qtbot, context.service.new_quote(add_customer(database)).number)
    assert enabled(editor) == {"add", "discount", "save"}  # nothing to send, print or change yet
    assert "Legg til en linje" in editor.note.text() or "no lines" in editor.note.text()
    asked: list[dict[str, Any]] = []

    def configure(_parent: Any, stored: Any, **shown: Any) -> LineResult:
        asked.append({"family": stored.model.family, **shown})
        choices = {**shown["choices"], "width_mm": 900} if shown.get("choices") else dict(WINDOW)
        return LineResult(choices, quantity=2 if not shown.get("choices") else shown["quantity"])

    editor.prompts.ask_product = lambda _parent, cards: ProductChoice(
        next(c.id for c in cards if c.id == "window"))
    editor.prompts.configure_line = configure
    trigger(editor, "add")
    assert asked[0]["family"] == "window" and asked[0]["customer_discount_bp"] == 0
    assert row(editor, 0)[4:] == ["2", "kr 12 852,00", "kr 25 704,00"]
    trigger(editor, "edit")  # the line's own choices go into the configurator; the width changes to 900
    assert asked[1]["choices"]["width_mm"] == 1200 and asked[1]["quantity"] == 2
    assert row(editor, 0)[4:] == ["2", "kr 9 639,00", "kr 19 278,00"]
    trigger(editor, "copy_line")
    assert [row(editor, i)[1] for i in range(editor.lines.rowCount())] == ["1", "2"]
    assert editor.selected_position() == 2
    editor.prompts.confirm = lambda *_args: True
    editor.lines.setFocus()
    editor.activateWindow()  # (a progress dialog may have shown: offscreen, activation does not come back)
    qtbot.waitUntil(editor.isActiveWindow)
    qtbot.keyClick(editor.lines, Qt.Key.Key_Delete)  # Delete removes the selected line
    wait_stored(editor)
    assert editor.lines.rowCount() == 1
    assert totals(editor)["inc_vat"] == "kr 24 097,50"


def test_send_freezes_the_quote_and_revise_makes_b_while_a_stays_readable(context: AppContext, database: Database,
                                                                          qtbot: QtBot) -> None:
    number = window_quote(context, database)
    editor = open_editor(context, qtbot, number)
    trigger(editor, "send")
    assert editor.values["status"].text() == "sendt"
    assert not enabled(editor) & {*EDITING, "send", "approve"}
    assert {"accept", "reject", "revise", "print", "export_pdf"} <= enabled(editor)
    trigger(editor, "revise")
    assert editor.title.text() == f"Tilbud {number}, revisjon B" or editor.revision.letter == "B"
    assert [editor.revisions.itemText(i) for i in range(editor.revisions.count())] == ["A (erstattet)", "B (utkast)"]
    assert {*EDITING, "send"} <= enabled(editor)
    editor.revisions.setCurrentIndex(0)  # revision A: read-only, still there with its prices
    assert editor.revision.letter == "A"
    assert not enabled(editor) & {*EDITING, "send", "accept", "reject", "revise"}
    assert row(editor, 0)[5:] == ["kr 12 852,00", "kr 12 852,00"]
    assert totals(editor)["inc_vat"] == "kr 16 065,00"
    assert "revisjon B" in editor.note.text().lower() or "B" in editor.note.text()


def test_a_discount_above_the_limit_blocks_sending_until_a_manager_approves(
        context: AppContext, database: Database, qtbot: QtBot, errors: list[str]) -> None:
    editor = open_editor(context, qtbot, window_quote(context, database))
    editor.prompts.ask_discount = lambda _parent, current: 2000 if current == 0 else None
    trigger(editor, "discount")
    assert editor.values["discount"].text() == "20 %"
    assert editor.badge.isVisible() and editor.badge.text() == "Trenger godkjenning"
    assert totals(editor) == {"subtotal": "kr 12 852,00", "discount": "kr −2 570,40", "ex_vat": "kr 10 281,60",
                              "vat": "kr 2 570,40", "inc_vat": "kr 12 852,00"}
    assert "send" not in enabled(editor) and "approve" in enabled(editor)
    assert editor.commands.actions["send"].toolTip() == "Rabatten må godkjennes av en leder før tilbudet sendes."
    editor.prompts.ask_approval = lambda _parent, _number: ("1111", "Ola Leder")
    trigger(editor, "approve")
    assert errors.pop() == "Feil leder-PIN. Tilbudet ble ikke godkjent."
    assert "send" not in enabled(editor)
    editor.prompts.ask_approval = lambda _parent, _number: (PIN, "Ola Leder")
    trigger(editor, "approve")
    assert editor.badge.text() == "Rabatt godkjent av Ola Leder" or "Ola Leder" in editor.badge.text()
    trigger(editor, "send")
    assert editor.values["status"].text() == "sendt"


def test_the_discount_dialog_gives_basis_points(context: AppContext, qtbot: QtBot) -> None:
    dialog = DiscountDialog(context, 1250)
    qtbot.addWidget(dialog)
    assert dialog.percent.value() == 12.5
    dialog.percent.setValue(17.75)
    assert dialog.basis_points() == 1775


def test_quote_rule_findings_show_as_warnings_and_block_sending(context: AppContext, database: Database,
                                                                qtbot: QtBot) -> None:
    number = context.service.new_quote(add_customer(database)).number
    context.service.add_line(number, "eartag", EARTAG, complete=True)
    editor = open_editor(context, qtbot, number)
    key = row(editor, 0)[3]  # an ear-tag line says how many tags it holds and their numbers
    assert "Antall merker (nummer): 100" in key
    assert key.startswith("Dyreart: Sau · ")
    assert "Nummerserie: 70001–70100" in key
    assert editor.findings_label.text().startswith("⚠ ")
    assert "(linjer: 1)" in editor.findings_label.text()
    assert "send" not in enabled(editor)


def test_copying_an_ear_tag_line_warns_that_its_numbers_repeat(context: AppContext, database: Database,
                                                               qtbot: QtBot) -> None:
    number = context.service.new_quote(add_customer(database)).number
    context.service.add_line(number, "eartag", EARTAG, complete=True)
    editor = open_editor(context, qtbot, number)
    asked: list[str] = []
    editor.prompts.confirm = lambda _parent, _title, text: asked.append(text) is not None  # answered "no"
    editor.lines.selectRow(0)
    trigger(editor, "copy_line")
    assert asked and "kopien gjentar numrene" in asked[0]
    assert len(context.service.quote(number).current.lines) == 1  # "no": nothing copied


def test_accept_and_create_the_production_order_with_its_files(context: AppContext, database: Database,
                                                               qtbot: QtBot, tmp_path: Path) -> None:
    number = window_quote(context, database)
    context.service.send(number)
    editor = open_editor(context, qtbot, number)
    header = [editor.values[key] for key in ("valid", "discount", "number")] + [editor.revisions]
    places = [widget.mapTo(editor, QPoint(0, 0)) for widget in header]
    orders: list[str] = []
    editor.orderCreated.connect(orders.append)
    trigger(editor, "accept")
    assert editor.values["status"].text() == "godtatt"
    assert "create_order" in enabled(editor) and "revise" not in enabled(editor)
    trigger(editor, "create_order")
    assert orders == ["O-2026-00001"]
    assert editor.values["status"].text() == "godtatt, produksjonsordre O-2026-00001"
    assert [widget.mapTo(editor, QPoint(0, 0)) for widget in header] == places  # the longer status moved nothing
    assert "create_order" not in enabled(editor)
    assert {"order_pdf", "order_xlsx", "order_csv", "order_json"} <= enabled(editor)
    editor.prompts.ask_save_path = lambda _parent, _title, suggested, _filter: str(tmp_path / Path(suggested).stem)
    trigger(editor, "order_csv")  # a file per table, named after the chosen one
    wait_for_documents(editor, qtbot)
    assert "O-2026-00001;1;" in (tmp_path / "O-2026-00001-specification.csv").read_text(encoding="utf-8")
    assert (tmp_path / "O-2026-00001-bom.csv").read_text(encoding="utf-8").startswith("order;line;bom_id;item;")
    trigger(editor, "order_xlsx")
    wait_for_documents(editor, qtbot)
    import openpyxl

    workbook = openpyxl.load_workbook(tmp_path / "O-2026-00001.xlsx", read_only=True)
    assert "bom" in workbook.sheetnames and next(workbook["lines"].iter_rows(min_row=2, values_only=True))[0] == (
        "O-2026-00001")
    trigger(editor, "order_pdf")
    wait_for_documents(editor, qtbot)
    text = subprocess.run(["pdftotext", str(tmp_path / "O-2026-00001.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "O-2026-00001" in text and number in text


def test_export_the_pdf_and_read_it_back(context: AppContext, database: Database, qtbot: QtBot,
                                         tmp_path: Path) -> None:
    number = window_quote(context, database)
    editor = open_editor(context, qtbot, number)
    target = tmp_path / "tilbud"
    editor.prompts.ask_save_path = lambda _parent, _title, suggested, _filter: (
        str(target) if suggested.endswith(f"{number}-A.pdf") else None)
    qtbot.keyClick(editor.lines, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    wait_for_documents(editor, qtbot)
    text = subprocess.run(["pdftotext", str(tmp_path / "tilbud.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert number in text and "16 065,00" in text
    assert str(tmp_path / "tilbud.pdf") in editor.note.text()


def test_print_sends_every_page_to_the_printer(context: AppContext, database: Database, qtbot: QtBot,
                                               tmp_path: Path) -> None:
    number = window_quote(context, database)
    for _ in range(5):  # enough lines for a second page
        context.service.copy_line(number, 1)
    editor = open_editor(context, qtbot, number)
    output = tmp_path / "printed.pdf"
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(output))
    printer.setResolution(150)
    editor.prompts.ask_printer = lambda _parent, _title: printer
    trigger(editor, "print")
    wait_for_documents(editor, qtbot)
    info = subprocess.run(["pdfinfo", str(output)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 2
    assert f"({pages} sider)" in editor.note.text()
    assert printer.docName() == f"{number}-A"
    text = subprocess.run(["pdftotext", str(output), "-"], capture_output=True, text=True, check=True).stdout
    assert number in text and "kr" in text  # vector pages: the text is text, not a picture of it
    assert output.stat().st_size < 1_500_000


def test_open_pdf_hands_a_file_to_the_system_viewer(context: AppContext, database: Database, qtbot: QtBot) -> None:
    editor = open_editor(context, qtbot, window_quote(context, database))
    opened: list[QUrl] = []
    editor.documents.open_url = lambda url: opened.append(url) or True
    # another local user plants the old fixed path with a link to a file of theirs: it is never followed
    import os
    import stat
    import tempfile

    planted = Path(tempfile.gettempdir()) / "skredder"
    victim = Path(tempfile.mkstemp(prefix="victim-")[1])
    if not planted.exists():
        planted.mkdir()
    link = planted / f"{editor.number}-A.pdf"
    link.unlink(missing_ok=True)
    link.symlink_to(victim)
    trigger(editor, "open_pdf")
    wait_for_documents(editor, qtbot)
    file = Path(opened[0].toLocalFile())
    assert file.read_bytes().startswith(b"%PDF")
    assert victim.read_bytes() == b"" and file.parent != planted
    assert not file.is_symlink() and stat.S_IMODE(os.stat(file.parent).st_mode) == 0o700
    assert file.name.startswith(f"{editor.number}-A-")  # unpredictable: a random part
    link.unlink()
    victim.unlink()


def test_copy_quote_opens_the_copy(context: AppContext, database: Database, qtbot: QtBot) -> None:
    number = window_quote(context, database)
    editor = open_editor(context, qtbot, number)
    with qtbot.waitSignal(editor.quoteOpened) as opened:
        trigger(editor, "copy_quote")
    copy = context.service.quote(opened.args[0])
    assert copy.number != number and len(copy.current.lines) == 1


def test_ctrl_s_says_saved_and_the_language_switches(context: AppContext, database: Database, qtbot: QtBot,
                                                    tmp_path: Path) -> None:
    editor = open_editor(context, qtbot, window_quote(context, database))
    qtbot.keyClick(editor.lines, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.note.text().startswith("Lagret")
    context.set_language("en")
    assert editor.commands.actions["send"].text() == "Se&nd"
    assert editor.values["status"].text() == "draft"
    assert row(editor, 0)[6] == "NOK 12,852.00"
    assert totals(editor)["inc_vat"] == "NOK 16,065.00"
    assert editor.grab().save(str(tmp_path / "quotes_editor_en.png"))
    context.set_language("nb")
    assert editor.grab().save(str(tmp_path / "quotes_editor_nb.png"))
    assert editor.commands.actions["send"].text() == "&Send"


def test_edit_line_with_the_real_configurator_dialog(context: AppContext, database: Database, qtbot: QtBot,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    view_module = pytest.importorskip("configurator.ui.config_dialog")

    def accept_at_once(dialog: QDialog) -> int:
        qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=20_000)  # OK: once the line's choices are loaded
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(view_module.ConfiguratorDialog, "exec", accept_at_once)
    editor = open_editor(context, qtbot, window_quote(context, database, quantity=3))
    trigger(editor, "edit")  # the dialog opens on the line's own choices; OK keeps them
    assert row(editor, 0)[4:] == ["3", "kr 12 852,00", "kr 38 556,00"]


def test_a_change_by_another_salesperson_first_is_told_and_the_editor_shows_theirs(
        context: AppContext, database: Database, qtbot: QtBot, errors: list[str], tmp_path: Path) -> None:
    """Optimistic locking in the app: Per (another Skredder, its own connection) changes the draft while Kari has
    it open; Kari's edit is not stored, she is told who changed it, and the editor shows Per's version."""
    from configurator.core.catalogue.db import open_database
    from configurator.core.quoting.service import QuoteService
    from configurator.core.settings import Settings

    number = window_quote(context, database)
    editor = open_editor(context, qtbot, number)
    editor.lines.selectRow(0)
    with open_database(database.url) as other:
        per = QuoteService(other, Settings(salesperson="Per Hansen"), today=context.service.today)
        per.edit_line(number, 1, quantity=4)
    assert row(editor, 0)[4] == "1"  # Kari still sees her version
    editor.prompts.configure_line = lambda _parent, _stored, **shown: LineResult(shown["choices"], quantity=9)
    trigger(editor, "edit")
    qtbot.waitUntil(lambda: bool(errors))
    (told,) = errors
    errors.clear()
    assert told.startswith(f"Per Hansen endret tilbud {number} (") and "Endringen din ble ikke lagret" in told
    assert row(editor, 0)[4] == "4"  # the editor shows Per's change, nothing of Kari's 9
    assert context.service.quote(number).current.lines[0].quantity == 4
    trigger(editor, "edit")  # on the version she now sees, her change goes through
    assert row(editor, 0)[4] == "9" and errors == []
    context.set_language("en")
    with open_database(database.url) as other:
        QuoteService(other, Settings(salesperson=""), today=context.service.today).set_discount(number, 500)
    trigger(editor, "copy_line")
    qtbot.waitUntil(lambda: bool(errors))
    assert errors.pop().startswith(f"{getpass.getuser()} changed quote {number} (")
    assert editor.lines.rowCount() == 1
    editor.grab().save(str(Path("/tmp/office_stale_editor.png")))


def test_a_colleagues_change_of_the_open_draft_is_noticed_in_the_background_and_offered_as_a_reload(
        context: AppContext, database: Database, qtbot: QtBot, errors: list[str]) -> None:
    """The open editor reads the draft's version off the UI thread (every 5 s; here sooner): Per's change on his
    own connection shows a banner naming him (nb, then en) without touching what Kari sees; Reload shows Per's
    version; the editor's own changes never raise the banner."""
    from configurator.core.catalogue.db import open_database
    from configurator.core.quoting.service import QuoteService
    from configurator.core.settings import Settings
    from configurator.ui.quote_editor import POLL_MS

    assert POLL_MS == 5000
    number = window_quote(context, database)
    editor = open_editor(context, qtbot, number)
    assert editor.poll.isActive() and editor.poll.interval() == POLL_MS
    editor.poll.setInterval(50)
    qtbot.wait(300)  # a few polls: nothing changed, no banner
    assert editor.changed_banner.isHidden()
    with open_database(database.url) as other:
        QuoteService(other, Settings(salesperson="Per Hansen"), today=context.service.today).edit_line(
            number, 1, quantity=4)
    qtbot.waitUntil(lambda: not editor.changed_banner.isHidden(), timeout=10_000)
    text = editor.changed_label.text()
    assert text.startswith("Per Hansen endret dette tilbudet kl. ") and "Last inn på nytt" in text, text
    assert editor.reload_button.text() == "Last inn på nytt"
    assert row(editor, 0)[4] == "1"  # nothing changes under Kari's hands
    editor.grab().save("/tmp/ci_editor_changed_nb.png")
    context.set_language("en")  # (a language change reloads: the banner goes, and the next poll finds nothing)
    assert row(editor, 0)[4] == "4" and editor.changed_banner.isHidden()
    with open_database(database.url) as other:
        QuoteService(other, Settings(salesperson="Per Hansen"), today=context.service.today).edit_line(
            number, 1, quantity=6)
    qtbot.waitUntil(lambda: not editor.changed_banner.isHidden(), timeout=10_000)
    assert editor.changed_label.text().startswith("Per Hansen changed this quote at ")
    assert row(editor, 0)[4] == "4"
    qtbot.mouseClick(editor.reload_button, Qt.MouseButton.LeftButton)
    assert row(editor, 0)[4] == "6" and editor.changed_banner.isHidden()

    editor.prompts.configure_line = lambda _parent, _stored, **shown: LineResult(shown["choices"], quantity=9)
    trigger(editor, "edit")  # Kari's own change: no banner
    assert row(editor, 0)[4] == "9"
    qtbot.wait(300)
    assert editor.watch.wait(5)
    qtbot.wait(100)
    assert editor.changed_banner.isHidden()


def test_after_sending_the_pdf_is_offered_by_e_mail_through_the_mail_client(
        context: AppContext, database: Database, qtbot: QtBot, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from urllib.parse import parse_qs

    from configurator.core.catalogue.records import Address, CustomerData
    from configurator.ui import quote_printing

    customer = context.customers.add(CustomerData(kind="person", name="Kari Hansen", email="kari@example.no",
                                                  billing=Address(("Gardsveien 1",), "7374", "Røros")))
    number = context.service.new_quote(customer.id).number
    context.service.add_line(number, "window", WINDOW, complete=True)
    documents = tmp_path / "Dokumenter"

    class Paths:  # the user's Documents folder is this test's
        StandardLocation = quote_printing.QStandardPaths.StandardLocation

        @staticmethod
        def writableLocation(_location: object) -> str:
            return str(documents)

    monkeypatch.setattr(quote_printing, "QStandardPaths", Paths)
    editor = open_editor(context, qtbot, number)
    assert not editor.commands.actions["email_pdf"].isEnabled()  # a draft is not e-mailed
    opened: list[QUrl] = []
    editor.documents.open_url = lambda url: opened.append(QUrl(url)) or True  # type: ignore[method-assign]
    trigger(editor, "send")
    assert editor.note.text().startswith(f"Tilbud {number} er sendt.")
    assert "Send PDF-en til kunden på e-post" in editor.note.text() and opened == []  # offered, not done
    editor.note.linkActivated.emit("offer")
    qtbot.waitUntil(lambda: len(opened) == 2, timeout=30_000)
    mail, folder = opened
    assert (mail.scheme(), mail.path()) == ("mailto", "kari@example.no")
    fields = parse_qs(mail.query(QUrl.ComponentFormattingOption.FullyDecoded))
    assert fields["subject"] == [f"Tilbud {number} fra Røros Dører og Vinduer AS"]  # the customer's language
    assert "vedlagt tilbud" in fields["body"][0] and "Kari Nordmann" in fields["body"][0]
    pdf = documents / f"{number}-A.pdf"
    assert folder.toLocalFile() == str(documents) and pdf.is_file()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert number in text
    assert str(pdf) in editor.note.text() and "Legg ved PDF-en selv" in editor.note.text()
    editor.commands.actions["email_pdf"].trigger()  # again, from the Documents menu: never over the first file
    qtbot.waitUntil(lambda: len(opened) == 4, timeout=30_000)
    assert (documents / f"{number}-A (2).pdf").is_file()
