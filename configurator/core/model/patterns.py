"""The regular expressions a model may give a text attribute: a subset that cannot backtrack for long.

Python's ``re`` has no time limit, and a pattern such as ``(a|aa)+$`` takes minutes on a short text. A model's
``pattern`` is therefore checked against a small grammar before it is compiled:

- single characters: a literal, an escape (``\\.`` ``\\-`` ...), a class ``[A-Z0-9 ]``, ``.``, ``\\d \\w \\s`` (and
  the capitals);
- a quantifier (``* + ? {n} {n,} {n,m}``, n and m at most 1000) only on a single character, never on a group;
- groups ``( ... )`` with alternatives ``|`` inside, followed by nothing or ``?``; ``^`` at the start and ``$`` at
  the end; alternatives at the top level;
- at most 4 unbounded quantifiers and 8 groups in all.

That is enough for codes, names and numbers (``[0-9]{7}``, ``[A-ZÆØÅ0-9 .,+/-]*``, ``(NO|SE)[0-9]{12}``), and
keeps matching a text of a model's length to well under a second.
"""

from __future__ import annotations

import re

from configurator.core.i18n import Message, msg

MAX_UNBOUNDED = 4
MAX_GROUPS = 8
MAX_COUNT = 1000
_QUANTIFIER = re.compile(r"\*|\+|\?|\{(\d{1,4})(,(\d{0,4}))?\}")
_CLASS_ESCAPES = set("dwsDWS")
_LITERAL_ESCAPES = set("\\.^$*+?()[]{}|/-_ ")


def pattern_problem(pattern: str) -> Message | None:
    """None when ``pattern`` is in the safe subset above (and compiles), else what is wrong with it."""
    if len(pattern) > 500:
        return msg("'pattern' is longer than {limit} characters", limit=500)
    try:
        re.compile(pattern)
    except re.error as exc:
        return msg("'pattern' is not a valid regular expression: {detail}", detail=str(exc))
    return _Checker(pattern).check()


class _Checker:
    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.at = 0
        self.unbounded = 0
        self.groups = 0
        self.depth = 0

    def refuse(self, why: str) -> Message:
        return msg("'pattern' uses {what} at character {position}; a model's pattern may only repeat single "
                   "characters or classes (e.g. [A-Z0-9]*), with groups ( | ) at most optional", what=why,
                   position=self.at + 1)

    def check(self) -> Message | None:
        if self.text.startswith("^"):
            self.at = 1
        while self.at < len(self.text):
            char = self.text[self.at]
            if char == "$" and self.at == len(self.text) - 1:
                self.at += 1
                break
            problem = self._item()
            if problem is not None:
                return problem
        if self.depth:
            return msg("'pattern' is not a valid regular expression: {detail}", detail="missing )")
        return None

    def _item(self) -> Message | None:
        char = self.text[self.at]
        if char == "|":
            self.at += 1
            return None
        if char == "(":
            if self.text.startswith("(?", self.at):
                return self.refuse("'(?'")
            self.groups += 1
            if self.groups > MAX_GROUPS:
                return self.refuse(f"more than {MAX_GROUPS} groups")
            self.depth += 1
            self.at += 1
            return None
        if char == ")":
            if not self.depth:
                return msg("'pattern' is not a valid regular expression: {detail}", detail="unbalanced )")
            self.depth -= 1
            self.at += 1
            found = _QUANTIFIER.match(self.text, self.at)
            if found is not None:
                if found.group() != "?":
                    return self.refuse(f"a repeated group ')' + '{found.group()}'")
                self.at = found.end()
                if self.text.startswith(("?", "+"), self.at):
                    return self.refuse("a lazy or possessive quantifier")
            return None
        if char in "*+?{":
            return self.refuse(f"'{char}' with nothing to repeat")
        if char == "[":
            end = self._class_end()
            if end is None:
                return msg("'pattern' is not a valid regular expression: {detail}", detail="missing ]")
            self.at = end
        elif char == "\\":
            following = self.text[self.at + 1: self.at + 2]
            if not following or (following not in _CLASS_ESCAPES and following not in _LITERAL_ESCAPES):
                return self.refuse(f"the escape '\\{following}'")
            self.at += 2
        elif char in "^$":
            return self.refuse(f"'{char}' inside the pattern")
        else:
            self.at += 1
        return self._quantifier()

    def _class_end(self) -> int | None:
        position = self.at + 1
        if self.text.startswith("^", position):
            position += 1
        if self.text.startswith("]", position):
            position += 1
        while position < len(self.text):
            char = self.text[position]
            if char == "\\":
                position += 2
                continue
            if char == "[":
                return None  # no nested classes or set operations
            if char == "]":
                return position + 1
            position += 1
        return None

    def _quantifier(self) -> Message | None:
        found = _QUANTIFIER.match(self.text, self.at)
        if found is None:
            return None
        if found.group() in ("*", "+") or (found.group(2) is not None and not found.group(3)):
            self.unbounded += 1
            if self.unbounded > MAX_UNBOUNDED:
                return self.refuse(f"more than {MAX_UNBOUNDED} unbounded repeats")
        for number in (found.group(1), found.group(3)):
            if number and int(number) > MAX_COUNT:
                return self.refuse(f"a count above {MAX_COUNT}")
        self.at = found.end()
        if self.text.startswith(("?", "+"), self.at):
            return self.refuse("a lazy or possessive quantifier")
        return None
