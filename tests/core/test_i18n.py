"""The Norwegian catalogue covers every text in the code, with the same placeholders; messages render per language."""

from __future__ import annotations

import string
import textwrap
from pathlib import Path

import pytest

from configurator.core.i18n import Message, msg, translate
from resources.i18n_check import (
    ROOT,
    built_msgids,
    catalogue_path,
    extract_msgids,
    main,
    missing_translations,
    obsolete_msgids,
    read_catalogue,
    update_catalogue,
)

FIX = "run `python resources/i18n_check.py --update`, then translate the new entries in resources/i18n/nb.po"


@pytest.fixture(scope="module")
def used() -> dict[str, str]:
    return extract_msgids(ROOT)


@pytest.fixture(scope="module")
def entries() -> dict[str, tuple[str, bool]]:
    catalog = read_catalogue(catalogue_path(ROOT))
    return {str(m.id): (str(m.string or ""), bool(m.fuzzy)) for m in catalog if m.id}


def placeholders(text: str) -> list[tuple[str, str, str]]:
    """The ``{placeholders}`` of a format string (name, conversion, format spec), sorted; ``{{`` is no placeholder."""
    return sorted((name, conversion or "", spec or "")
                  for _, name, spec, conversion in string.Formatter().parse(text) if name is not None)


# ------------------------------------------------------------------ the real catalogue


def test_the_code_has_texts_to_translate(used: dict[str, str]) -> None:
    assert len(used) > 100
    assert "unknown attribute '{name}' (did you mean '{suggestion}'?)" in used


def test_every_msgid_has_a_norwegian_translation(used: dict[str, str],
                                                 entries: dict[str, tuple[str, bool]]) -> None:
    problems = []
    for msgid, where in sorted(used.items(), key=lambda kv: kv[1]):
        text, fuzzy = entries.get(msgid, ("", False))
        if msgid not in entries:
            problems.append(f"  {where}: {msgid!r} is not in nb.po")
        elif not text:
            problems.append(f"  {where}: {msgid!r} is not translated")
        elif fuzzy:
            problems.append(f"  {where}: {msgid!r} is marked fuzzy")
    if problems:
        pytest.fail(f"{len(problems)} msgid(s) without a Norwegian translation ({FIX}):\n" + "\n".join(problems),
                    pytrace=False)
    assert missing_translations(ROOT) == []


def test_translations_have_the_same_placeholders(entries: dict[str, tuple[str, bool]]) -> None:
    problems = []
    for msgid, (text, _) in sorted(entries.items()):
        if not text:
            continue
        try:
            expected, found = placeholders(msgid), placeholders(text)
        except ValueError as exc:  # an unbalanced { or } (a literal brace is written {{ or }})
            problems.append(f"  {msgid!r}: {exc}")
            continue
        if expected != found:
            problems.append(f"  {msgid!r}\n    -> {text!r}\n    has {found}, expected {expected}")
    if problems:
        pytest.fail("translations whose placeholders differ from their msgid:\n" + "\n".join(problems), pytrace=False)


def test_no_obsolete_entries() -> None:
    obsolete = obsolete_msgids(ROOT)
    if obsolete:
        pytest.fail("nb.po has entries that the code no longer uses (delete them, or run `python "
                    "resources/i18n_check.py --update --prune`):\n" + "\n".join(f"  {m!r}" for m in obsolete),
                    pytrace=False)


def test_no_msgid_is_built_at_run_time() -> None:
    built = built_msgids(ROOT)
    if built:
        pytest.fail("msgids built with an f-string, +, % or .format cannot be found in the catalogue; write one "
                    "literal with {placeholders}:\n" + "\n".join(f"  {w}" for w in built), pytrace=False)


def test_catalogue_header() -> None:
    catalog = read_catalogue(catalogue_path(ROOT))
    assert str(catalog.locale) == "nb"
    assert catalog.charset.lower() == "utf-8"
    assert catalog.plural_forms == "nplurals=2; plural=(n != 1);"
    assert not catalog.fuzzy
    assert not catalog.obsolete  # no "#~" entries


# ------------------------------------------------------------------ rendering


def test_translate_renders_in_both_languages_with_parameters() -> None:
    msgid = "unknown attribute '{name}' (did you mean '{suggestion}'?)"
    assert translate(msgid, "nb", name="bredd", suggestion="bredde") == "ukjent egenskap 'bredd' (mente du 'bredde'?)"
    assert translate(msgid, "en", name="bredd", suggestion="bredde") == (
        "unknown attribute 'bredd' (did you mean 'bredde'?)"
    )
    assert translate("no product models found", "nb") == "fant ingen produktmodeller"
    assert translate("no product models found", "en") == "no product models found"


def test_translate_keeps_escaped_braces() -> None:
    msgid = "'{field}' must give the text in both languages: {{nb: ..., en: ...}}"
    assert translate(msgid, "nb", field="label") == "'label' må ha teksten på begge språk: {nb: ..., en: ...}"
    assert translate(msgid, "en", field="label") == "'label' must give the text in both languages: {nb: ..., en: ...}"


def test_translate_falls_back_to_english_and_refuses_other_languages() -> None:
    assert translate("a text nobody translated {n}", "nb", n=3) == "a text nobody translated 3"
    with pytest.raises(ValueError, match="unsupported language"):
        translate("no product models found", "sv")


def test_message_renders_a_nested_message_in_the_same_language() -> None:
    message = msg("cannot compare {left} with {right}", left=msg("choice '{attr}'", attr="farge"),
                  right=msg("a number in {unit}", unit="mm"))
    assert isinstance(message, Message)
    assert message.render("nb") == "kan ikke sammenligne valgegenskapen 'farge' med et tall i mm"
    assert message.render("en") == "cannot compare choice 'farge' with a number in mm"
    assert str(message) == message.render("en")
    outer = msg("{where}: {message}", where=msg("rule '{id}'", id="r1"), message=message)
    assert outer.render("nb") == "regelen 'r1': kan ikke sammenligne valgegenskapen 'farge' med et tall i mm"


# ------------------------------------------------------------------ the extractor and --update


def make_tree(tmp_path: Path, code: str, po: str = "") -> Path:
    package = tmp_path / "configurator" / "sub"
    package.mkdir(parents=True)
    (package / "mod.py").write_text(textwrap.dedent(code), encoding="utf-8")
    (tmp_path / "configurator" / "empty.py").write_text("", encoding="utf-8")
    catalogue = catalogue_path(tmp_path)
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text(po, encoding="utf-8")
    return tmp_path


HEADER = textwrap.dedent("""\
    msgid ""
    msgstr ""
    "Language: nb\\n"
    "Content-Type: text/plain; charset=UTF-8\\n"
    "Plural-Forms: nplurals=2; plural=(n != 1);\\n"

    #: configurator/old.py:1
    msgid "kept"
    msgstr "beholdt"

    msgid "gone"
    msgstr "borte"
    """)

CODE = """\
    from configurator.core import i18n
    from configurator.core.i18n import N_, msg, translate

    LABEL = N_("zebra label")
    a = msg("first {x}", x=1)
    b = i18n.msg("first {x}", x=2)
    c = translate("done" if a else "failed", "nb")
    d = msg(LABEL)          # a variable: its literal is found where it is marked
    e = print("not marked")
    f = msg("kept")
    g = msg(f"built {a}")
"""


def test_extract_finds_literals_of_marked_calls(tmp_path: Path) -> None:
    root = make_tree(tmp_path, CODE, HEADER)
    found = extract_msgids(root)
    assert found == {
        "zebra label": "configurator/sub/mod.py:4",
        "first {x}": "configurator/sub/mod.py:5",
        "done": "configurator/sub/mod.py:7",
        "failed": "configurator/sub/mod.py:7",
        "kept": "configurator/sub/mod.py:10",
    }
    assert built_msgids(root) == ["configurator/sub/mod.py:11"]
    assert missing_translations(root) == ["done", "failed", "first {x}", "zebra label"]
    assert obsolete_msgids(root) == ["gone"]


def test_update_appends_untranslated_entries_sorted_and_stably(tmp_path: Path) -> None:
    root = make_tree(tmp_path, CODE, HEADER)
    added, removed = update_catalogue(root)
    assert added == ["done", "failed", "first {x}", "zebra label"]
    assert removed == []
    text = catalogue_path(root).read_text(encoding="utf-8")
    assert '#: configurator/sub/mod.py:5\n#, python-brace-format\nmsgid "first {x}"\nmsgstr ""\n' in text
    assert 'msgid "kept"\nmsgstr "beholdt"' in text  # translations already there are kept
    ids = [line for line in text.splitlines() if line.startswith("msgid ")]
    assert ids == sorted(ids)
    catalog = read_catalogue(catalogue_path(root))
    assert catalog.locale is not None and str(catalog.locale) == "nb"
    assert catalog["first {x}"].string == ""
    assert catalog["first {x}"].locations == [("configurator/sub/mod.py", 5)]
    assert update_catalogue(root) == ([], [])
    assert catalogue_path(root).read_text(encoding="utf-8") == text  # nothing new: the file is untouched
    assert update_catalogue(root, prune=True) == ([], ["gone"])
    assert "gone" not in read_catalogue(catalogue_path(root))


def test_main_lists_what_is_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_tree(tmp_path, CODE, HEADER)
    assert main([], root) == 1
    out = capsys.readouterr().out
    assert "missing 'zebra label' (configurator/sub/mod.py:4)" in out
    assert "configurator/sub/mod.py:11: msgid is built at run time" in out
    assert "unused 'gone'" in out
    assert catalogue_path(root).read_text(encoding="utf-8") == HEADER  # without --update nothing is written
    assert main(["--update"], root) == 1  # added, but not yet translated
    out = capsys.readouterr().out
    assert "added 'first {x}' (configurator/sub/mod.py:5)" in out
    assert "untranslated 'first {x}'" in out
    assert "first {x}" in read_catalogue(catalogue_path(root))


# ------------------------------------------------------------------ counted texts


def test_counted_texts_take_the_form_of_their_number() -> None:
    from configurator.core.i18n import nmsg, ntranslate

    one, other = "{count} problem found", "{count} problems found"
    assert [ntranslate(one, other, n, "en") for n in (0, 1, 2, 21)] == [
        "0 problems found", "1 problem found", "2 problems found", "21 problems found"]
    assert [ntranslate(one, other, n, "nb") for n in (0, 1, 2)] == [
        "fant 0 problemer", "fant 1 problem", "fant 2 problemer"]
    message = nmsg("{count} problem in the price list; nothing was imported",
                   "{count} problems in the price list; nothing was imported", 1)
    assert message.render("en") == "1 problem in the price list; nothing was imported"
    assert message.render("nb") == "1 feil i prislisten; ingenting ble importert"


def test_both_forms_of_a_counted_text_are_found_in_the_code(used: dict[str, str]) -> None:
    assert "{count} problem found" in used and "{count} problems found" in used
    assert "{count} quote" in used and "{count} quotes" in used


def test_no_text_counts_with_an_s_in_brackets(used: dict[str, str]) -> None:
    assert [m for m in used if "(s)" in m or "(er)" in m] == []
