"""Choosing the product of a new line: a catalogue page with a picture and a short description per family and a
search field, then — where the model defines one (``guide:`` in the model file) — a guided start: "What is the
chair for?" with an answer per use, each starting the configurator with a few values set.

The cards are made off the UI thread (``product_cards``: each family's model in force, its preview drawn with
the model's defaults); the dialog only shows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QImage, QPixmap
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from configurator.ui.context import AppContext

if TYPE_CHECKING:
    from configurator.core.model import schema as s
    from configurator.core.quoting.service import QuoteService

PICTURE = 132  # the card's picture, pixels on its longer side
_PICTURES: dict[int, QImage] = {}  # model version id -> its picture (a version never changes)


@dataclass(frozen=True)
class ProductCard:
    """One family as the catalogue page shows it."""

    id: str
    name: str
    description: str
    manufacturer: str
    picture: QImage | None
    guide: s.Guide | None = None

    def matches(self, search: str, language: str) -> bool:
        """Whether every word of ``search`` begins a word of the name, the maker, the description or a guide
        answer ("os id" finds Os ID, not Røros)."""
        texts = [self.id, self.name, self.description, self.manufacturer]
        if self.guide is not None:
            texts += [answer.label.get(language) for answer in self.guide.answers]
        words = re.findall(r"\w+", " ".join(texts).casefold())
        return all(any(word.startswith(part) for word in words) for part in re.findall(r"\w+", search.casefold()))


@dataclass(frozen=True)
class ProductChoice:
    """The chosen family and the values a guided start sets (empty: the model's own start)."""

    family: str
    start: dict[str, Any] = field(default_factory=dict)
    answer: str | None = None


def product_cards(service: QuoteService, families: list[tuple[str, str]], language: str) -> list[ProductCard]:
    """A card per family (``(id, name)`` in the order shown), each with the model in force today; any thread."""
    cards = []
    for family_id, name in families:
        stored = service.models.current(family_id, service.today)
        model = stored.model
        description = model.description.get(language) if model.description else ""
        cards.append(ProductCard(family_id, name, description, model.manufacturer or "",
                                 _picture(stored.version.id, model, stored.image), model.guide))
    return cards


def _picture(version_id: int, model: s.ProductModel, images: Any) -> QImage | None:
    if model.preview is None:
        return None
    if version_id not in _PICTURES:
        from configurator.core.documents.preview import render_preview
        from configurator.ui.config_preview import to_image

        defaults = {a.id: a.default for a in model.chosen_attributes if a.default is not None}
        try:
            _PICTURES[version_id] = to_image(render_preview(model, defaults, images, size=PICTURE))
        except Exception:  # a picture that cannot be drawn leaves the card without one; choosing still works
            return None
    return _PICTURES[version_id]


class _Card(QWidget):
    """A card's face: the picture, the name, the maker and the description."""

    def __init__(self, card: ProductCard) -> None:
        super().__init__()
        self.picture = QLabel()
        self.picture.setFixedSize(PICTURE + 8, PICTURE + 8)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if card.picture is not None:
            self.picture.setPixmap(QPixmap.fromImage(card.picture))
        self.name = QLabel(card.name)
        font = QFont(self.name.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.name.setFont(font)
        self.maker = QLabel(card.manufacturer)
        self.maker.setStyleSheet("color: palette(placeholder-text);")
        self.description = QLabel(card.description)
        self.description.setWordWrap(True)
        texts = QVBoxLayout()
        texts.addWidget(self.name)
        texts.addWidget(self.maker)
        texts.addWidget(self.description)
        texts.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.picture)
        layout.addLayout(texts, 1)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # clicks select the list's item


class ProductChooser(QDialog):
    """Page 1: the catalogue (search, cards); page 2: the chosen family's guided start, when it has one."""

    def __init__(self, context: AppContext, cards: list[ProductCard], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.cards = cards
        self.choice: ProductChoice | None = None
        tr = context.tr
        self.setWindowTitle(tr("Add line"))
        self.pages = QStackedWidget()
        self.pages.addWidget(self._catalogue_page())
        self.pages.addWidget(self._guide_page())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.next = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.next.setText(tr("&Choose"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        self.buttons.accepted.connect(self.choose_current)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)
        self.resize(720, 640)
        self.filter("")

    # ------------------------------------------------------------------ page 1: the catalogue
    def _catalogue_page(self) -> QWidget:
        tr = self.context.tr
        page = QWidget()
        title = QLabel(tr("Which product should the new line be?"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Search the products (name, maker, use)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.filter)
        self.list = QListWidget()
        self.list.setObjectName("products")
        self.list.setSpacing(2)
        self.list.setStyleSheet("QListWidget#products { outline: 0; }")
        for card in self.cards:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, card.id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{card.name}. {card.description}")
            face = _Card(card)
            item.setSizeHint(QSize(0, max(face.sizeHint().height(), PICTURE + 20)))
            self.list.addItem(item)
            self.list.setItemWidget(item, face)
        self.list.itemDoubleClicked.connect(lambda _item: self.choose_current())
        self.list.currentRowChanged.connect(lambda _row: self._update_next())
        self.nothing = QLabel()
        self.nothing.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.nothing)
        return page

    def shown_families(self) -> list[str]:
        """The families the search leaves on the page, in their order."""
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if not self.list.item(i).isHidden()]

    def filter(self, text: str) -> None:
        for row, card in enumerate(self.cards):
            self.list.item(row).setHidden(not card.matches(text, self.context.language))
        shown = self.shown_families()
        current = self.list.currentItem()
        if shown and (current is None or current.isHidden()):
            self.list.setCurrentRow([c.id for c in self.cards].index(shown[0]))
        self.nothing.setText("" if shown else self.context.tr("No product matches “{search}”.", search=text.strip()))
        self.nothing.setVisible(not shown)
        self._update_next()

    def _current_card(self) -> ProductCard | None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        return next(card for card in self.cards if card.id == item.data(Qt.ItemDataRole.UserRole))

    def _update_next(self) -> None:
        card = self._current_card()
        self.next.setEnabled(card is not None)
        self.next.setVisible(self.pages.currentIndex() == 0)  # the guide's answers are the buttons there
        self.next.setText(self.context.tr("&Next") if card is not None and card.guide else self.context.tr("&Choose"))

    def choose_current(self) -> None:
        """Choose the selected family: its guided start when it has one, else the configurator at once."""
        card = self._current_card()
        if card is None or self.pages.currentIndex() != 0:
            return
        if card.guide is None:
            self._accept(ProductChoice(card.id))
            return
        self._show_guide(card)

    # ------------------------------------------------------------------ page 2: the guided start
    def _guide_page(self) -> QWidget:
        page = QWidget()
        self.back = QPushButton(self.context.tr("← &All products"))
        self.back.setFlat(True)
        self.back.clicked.connect(self.show_catalogue)
        self.question = QLabel()
        font = QFont(self.question.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.question.setFont(font)
        self.question.setWordWrap(True)
        self.answers_box = QVBoxLayout()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(self.question)
        layout.addLayout(self.answers_box)
        layout.addStretch(1)
        self.answer_buttons: dict[str | None, QCommandLinkButton] = {}
        return page

    def _show_guide(self, card: ProductCard) -> None:
        assert card.guide is not None
        tr, language = self.context.tr, self.context.language
        while self.answers_box.count():
            item = self.answers_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.answer_buttons = {}
        self.question.setText(card.guide.question.get(language))
        for answer in card.guide.answers:
            description = answer.description.get(language) if answer.description else ""
            self._answer_button(answer.label.get(language), description,
                                ProductChoice(card.id, dict(answer.values), answer.id))
        self._answer_button(tr("I know what I want"), tr("Start from the model's standard choices and choose "
                                                         "everything myself."), ProductChoice(card.id))
        self.pages.setCurrentIndex(1)
        self.setWindowTitle(tr("Add line: {product}", product=card.name))
        self._update_next()
        first = next(iter(self.answer_buttons.values()))
        first.setFocus()

    def _answer_button(self, text: str, description: str, choice: ProductChoice) -> None:
        button = QCommandLinkButton(text, description)
        button.clicked.connect(lambda _checked=False, chosen=choice: self._accept(chosen))
        self.answers_box.addWidget(button)
        self.answer_buttons[choice.answer] = button

    def show_catalogue(self) -> None:
        self.pages.setCurrentIndex(0)
        self.setWindowTitle(self.context.tr("Add line"))
        self._update_next()
        self.list.setFocus()

    def _accept(self, choice: ProductChoice) -> None:
        self.choice = choice
        self.accept()
