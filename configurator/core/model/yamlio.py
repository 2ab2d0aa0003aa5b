"""Safe YAML reading that remembers where every value came from.

Only a safe loader is used, extended to be stricter than YAML 1.1:
- booleans are only ``true``/``false`` (``no``, ``yes``, ``on``, ``off`` stay text: Norway's code is NO);
- numbers with a fraction are exact :class:`~decimal.Decimal`, never binary floats;
- duplicate keys, anchors/aliases and explicit tags are refused.
Mappings and sequences come back as :class:`YDict` / :class:`YList`, plain ``dict``/``list`` subclasses that
also know their file and the line of each key or item, so the validator can say ``file:line: ...``.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from configurator.core.i18n import Message, msg

_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_DECIMAL = re.compile(r"^[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?$|^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_DIGITS = 30
_NULL = {"", "~", "null", "Null", "NULL"}
PLAIN = "tag:skredder,plain"  # a plain (unquoted, untagged) scalar, resolved by _scalar below
_SCALAR_TAGS = {PLAIN} | {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
}
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


class YDict(dict[str, Any]):
    """A mapping read from a file: ``file``, ``line`` of the mapping and ``key_lines`` per key."""

    file: str | None = None
    line: int | None = None
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int | None:
        lines = getattr(self, "key_lines", None)
        return lines.get(key, self.line) if lines else self.line


class YList(list[Any]):
    """A sequence read from a file: ``file``, ``line`` of the sequence and ``item_lines`` per item."""

    file: str | None = None
    line: int | None = None
    item_lines: list[int]

    def line_of(self, index: int) -> int | None:
        lines = getattr(self, "item_lines", None)
        if lines and 0 <= index < len(lines):
            return lines[index]
        return self.line


class YamlError(Exception):
    """The file is not acceptable YAML; ``line`` is 1-based when known."""

    def __init__(self, line: int | None, message: Message) -> None:
        super().__init__(str(message))
        self.line = line
        self.message = message


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


# Characters no model text may hold: C0/C1 controls but tab and newline (BEL, ESC: terminal escapes), DEL,
# bidirectional overrides and isolates (text shown backwards), and lone surrogates (not characters at all).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
MAX_NODES = 40_000  # keys and values in one model file: the seed models have about 2,000
MAX_DEPTH = 64  # a model nests a handful of levels; 100,000 brackets never reach the parser's recursion


def text_problem(value: str) -> Message | None:
    """Why ``value`` may not be a model's text (a control character, a bidi override, a lone surrogate)."""
    found = _CONTROL.search(value)
    if found is None:
        return None
    return msg("the text contains the control character U+{code} (terminal escapes, reversed text and "
               "invisible characters are not allowed in a model)", code=f"{ord(found.group()):04X}")


def _scalar(node: ScalarNode) -> Any:
    return _scalar_value(node.value, node.tag, node.style, node.start_mark)


def _scalar_value(value: str, tag: str, style: str | None, mark: Any) -> Any:
    """A scalar's value: ``tag`` as resolved (PLAIN for a plain one), ``mark`` where it starts (for errors)."""
    problem = text_problem(value)
    if problem is not None:
        raise YamlError(int(mark.line) + 1, problem)
    if tag not in _SCALAR_TAGS:
        raise YamlError(int(mark.line) + 1, msg("custom YAML tags such as '{tag}' are not allowed", tag=tag))
    if tag == "tag:yaml.org,2002:str" or (style is not None and style in "'\"|>"):
        return value  # quoted, block or explicitly tagged text is always text
    if value in _NULL:
        return None
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if _INT.match(value):
        if len(value) > MAX_DIGITS:
            raise YamlError(int(mark.line) + 1, msg("'{value}' is not a number a model can use",
                                                    value=value[:20] + "..."))
        return int(value.replace("_", ""))
    if _DECIMAL.match(value):
        try:
            return Decimal(value.replace("_", ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
            return value
    if value in (".inf", "-.inf", ".nan", ".NaN", ".Inf"):
        raise YamlError(int(mark.line) + 1, msg("'{value}' is not a number a model can use", value=value))
    return value  # dates stay ISO text; the validator parses them where a date is expected


def _convert(node: Node, file: str) -> Any:
    if isinstance(node, ScalarNode):
        return _scalar(node)
    if node.tag not in _STANDARD_TAGS:
        raise YamlError(_line(node), msg("custom YAML tags such as '{tag}' are not allowed", tag=node.tag))
    if isinstance(node, SequenceNode):
        seq = YList(_convert(item, file) for item in node.value)
        seq.file, seq.line = file, _line(node)
        seq.item_lines = [_line(item) for item in node.value]
        return seq
    if isinstance(node, MappingNode):
        mapping = YDict()
        mapping.file, mapping.line = file, _line(node)
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise YamlError(_line(key_node), msg("a key must be a plain name"))
            key = key_node.value
            problem = text_problem(key)
            if problem is not None:
                raise YamlError(_line(key_node), problem)
            if key == "<<":
                raise YamlError(_line(key_node), msg("YAML merge keys ('<<') are not allowed"))
            if key in mapping:
                raise YamlError(
                    _line(key_node),
                    msg("duplicate key '{key}' (first at line {first})", key=key, first=mapping.key_lines[key]),
                )
            mapping[key] = _convert(value_node, file)
            mapping.key_lines[key] = _line(key_node)
        return mapping
    raise YamlError(_line(node), msg("unsupported YAML content"))  # pragma: no cover


class _Loader(yaml.SafeLoader):
    """A safe loader that refuses aliases (no 'billion laughs' expansion) and leaves plain scalars to us."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            return PLAIN
        return super().resolve(kind, value, implicit)

    depth = 0
    nodes = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self.depth += 1
        self.nodes += 1
        try:
            if self.nodes > MAX_NODES:  # refused while reading: a 20,000-option choice stops here, not minutes on
                raise YamlError(int(self.peek_event().start_mark.line) + 1,
                                msg("the model has more than {limit} values; a model this large is not supported",
                                    limit=MAX_NODES))
            if self.depth > MAX_DEPTH:
                raise YamlError(int(self.peek_event().start_mark.line) + 1,
                                msg("the YAML is nested more than {limit} levels deep", limit=MAX_DEPTH))
            return self._compose(parent, index)
        finally:
            self.depth -= 1

    def _compose(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlError(
                int(event.start_mark.line) + 1, msg("YAML anchors and aliases ('*name') are not allowed")
            )
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YamlError(
                int(event.start_mark.line) + 1, msg("YAML anchors and aliases ('&name') are not allowed")
            )
        return super().compose_node(parent, index)


def plain_yaml_problem(exc: yaml.MarkedYAMLError) -> tuple[int | None, Message]:
    """PyYAML's complaint ("expected <block end>, but found '<block mapping start>'") in plain words, with the
    line a reader should look at (where an unclosed quote or bracket was opened, not the end of the file)."""
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    opened = exc.context_mark if exc.context_mark is not None else mark
    line = int(mark.line) + 1 if mark is not None else None
    if "end of stream" in problem and "quoted scalar" in context:
        return (int(opened.line) + 1 if opened is not None else line,
                msg("a quote (\" or ') is opened here but never closed"))
    if problem.startswith("expected ',' or '}'"):
        return line, msg("a '{{' is not closed with '}}' before this line, or a ',' is missing between its entries")
    if problem.startswith("expected ',' or ']'"):
        return line, msg("a '[' is not closed with ']' before this line, or a ',' is missing between its items")
    if problem.startswith("expected <block end>") and "'-'" in problem:
        return line, msg("this list item ('-') is not in line with what is above it: check its indentation")
    if problem.startswith("expected <block end>"):
        return line, msg("this line is indented differently from the lines above it: entries of one mapping start "
                         "in the same column")
    if problem == "mapping values are not allowed here":
        return line, msg("a ':' where none may be: a text that contains ': ' must be in quotes, or this line is "
                         "indented more than the one above it")
    if problem == "could not find expected ':'":
        where = int(opened.line) + 1 if opened is not None else line
        return where, msg("a line without 'name: value' inside a mapping: add the ':' or check the indentation of "
                         "the line above")
    if "'\\t'" in problem or "'\t'" in problem:
        return line, msg("a tab character: indent with spaces only")
    if problem.startswith("found character") and "cannot start any token" in problem:
        character = problem.split("'")[1] if problem.count("'") >= 2 else "?"
        return line, msg("a value cannot start with '{character}': put the value in quotes", character=character)
    if problem.startswith("found unknown escape character"):
        return line, msg("an unknown escape with '\\' in a double-quoted text: write '\\\\' or use single quotes")
    if problem.startswith(("expected a single document", "but found another document")):
        return line, msg("the file holds more than one YAML document ('---'); a model file holds one")
    return line, msg("the YAML cannot be read here ({detail})", detail=problem or context or "?")


_FAST = getattr(yaml, "CSafeLoader", None)  # libyaml's C parser, where PyYAML was built with it
# What PyYAML's own reader refuses anywhere in the text (also in comments): such a text takes the slow path,
# which says where.
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# "|#" (a block scalar's header run into a comment) and "%YAML 1.1#": libyaml takes them, PyYAML wants a space
_BLOCK_COMMENT = re.compile(r"[|>][-+0-9]*#|^%", re.MULTILINE)
_STR_TAG = "tag:yaml.org,2002:str"


class _Fallback(Exception):
    """Anything the fast path does not handle plainly: the text is read again by the line-locating loader."""


_LIMITS = ("the model has more than {limit} values; a model this large is not supported",
           "the YAML is nested more than {limit} levels deep")
_LIMIT_ERRORS = (yaml.YAMLError, YamlError, RecursionError, ValueError, TypeError, AttributeError)


def _fast_scalar(event: Any) -> Any:
    if event.anchor is not None:
        raise _Fallback
    if event.tag is not None:  # a tag (refused, or "!!str" in a hand-written model): the reference decides
        raise _Fallback
    # libyaml gives a plain scalar the style '' (PyYAML: None)
    return _scalar_value(event.value, PLAIN if event.implicit[0] else _STR_TAG, event.style or None,
                         event.start_mark)


def _load_fast(text: str, file: str) -> Any:
    """One document read with libyaml's event parser (C, no recursion) and built here without recursion.

    The same values, lines, limits and refusals as :func:`_load_located`; anything unusual (an error, an
    anchor, an alias, a tag, a limit reached, several documents) raises :class:`_Fallback`."""
    assert _FAST is not None
    if "\t" in text or _NOT_PRINTABLE.search(text) or _BLOCK_COMMENT.search(text):  # where libyaml is laxer
        raise _Fallback
    if "?" in text and ("{" in text or "[" in text):  # libyaml lets a plain scalar in [] or {} hold a '?'
        raise _Fallback
    loader = _FAST(text)
    try:
        event = loader.get_event()
        if not isinstance(event, yaml.StreamStartEvent):  # pragma: no cover - libyaml always starts a stream
            raise _Fallback
        event = loader.get_event()
        if isinstance(event, yaml.StreamEndEvent):
            return None
        if not isinstance(event, yaml.DocumentStartEvent):  # pragma: no cover
            raise _Fallback
        # the stack: (container, key waiting for its value or None, is_mapping)
        stack: list[list[Any]] = []
        result: Any = None
        nodes = 0
        get_event = loader.get_event
        scalar_event, end_events = yaml.ScalarEvent, (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        while True:
            event = get_event()
            kind = type(event)
            if kind is yaml.DocumentEndEvent:
                break
            if kind in end_events:
                done = stack.pop()[0]
                value: Any = done
                line = None
            elif kind is yaml.AliasEvent:
                raise _Fallback
            else:
                nodes += 1
                line = event.start_mark.line + 1
                if nodes > MAX_NODES:  # as the reference says it, at the same line: no second reading
                    raise YamlError(line, msg("the model has more than {limit} values; a model this large is not "
                                              "supported", limit=MAX_NODES))
                if len(stack) >= MAX_DEPTH:
                    raise YamlError(line, msg("the YAML is nested more than {limit} levels deep", limit=MAX_DEPTH))
                if kind is scalar_event:
                    if stack and stack[-1][2] and stack[-1][1] is None:  # a key
                        if event.anchor is not None or event.tag is not None or not isinstance(event.value, str):
                            raise _Fallback
                        key = event.value
                        mapping = stack[-1][0]
                        if text_problem(key) is not None or key == "<<" or key in mapping:
                            raise _Fallback
                        stack[-1][1] = key
                        mapping.key_lines[key] = line
                        continue
                    value = _fast_scalar(event)
                elif kind is yaml.MappingStartEvent:
                    if event.anchor is not None or event.tag is not None:
                        raise _Fallback
                    if stack and stack[-1][2] and stack[-1][1] is None:  # a mapping as a key
                        raise _Fallback
                    mapping = YDict()
                    mapping.file, mapping.line, mapping.key_lines = file, line, {}
                    stack.append([mapping, None, True, line])
                    continue
                elif kind is yaml.SequenceStartEvent:
                    if event.anchor is not None or event.tag is not None:
                        raise _Fallback
                    if stack and stack[-1][2] and stack[-1][1] is None:
                        raise _Fallback
                    seq = YList()
                    seq.file, seq.line, seq.item_lines = file, line, []
                    stack.append([seq, None, False, line])
                    continue
                else:  # pragma: no cover - no other events inside a document
                    raise _Fallback
            if not stack:
                result = value
                continue
            top = stack[-1]
            if top[2]:
                top[0][top[1]] = value
                top[1] = None
            else:
                top[0].append(value)
                top[0].item_lines.append(line if line is not None else value.line)
        if not isinstance(loader.get_event(), yaml.StreamEndEvent):  # several documents
            raise _Fallback
        return result
    except _LIMIT_ERRORS as error:
        if isinstance(error, YamlError) and error.message.msgid in _LIMITS:
            raise
        raise _Fallback from None
    finally:
        loader.dispose()


def load_yaml(text: str, file: str) -> Any:
    """Parse one YAML document from ``text``; raises :class:`YamlError` with the line.

    Read with libyaml's C parser where it is there (about ten times faster); a text it does not read plainly
    (any error or refusal) is read again by PyYAML's Python loader, which locates every problem."""
    if _FAST is not None:
        try:
            return _load_fast(text, file)
        except _Fallback:
            pass
    return _load_located(text, file)


def _load_located(text: str, file: str) -> Any:
    """Parse with PyYAML's pure-Python loader (the reference): every refusal with its line."""
    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        line, problem = plain_yaml_problem(exc)
        raise YamlError(line, msg("not valid YAML: {problem}", problem=problem)) from None
    except yaml.reader.ReaderError as exc:  # a NUL or another character YAML does not allow, at a position
        line = text.count("\n", 0, max(0, int(exc.position))) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        unreadable = msg("not valid YAML: the character U+{code} is not allowed", code=f"{code:04X}")
        raise YamlError(line, unreadable) from None
    except yaml.YAMLError as exc:
        raise YamlError(None, msg("not valid YAML: {problem}", problem=str(exc))) from None
    except RecursionError:
        raise YamlError(None, msg("the YAML is too deeply nested")) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        return None
    try:
        return _convert(node, file)
    except RecursionError:
        raise YamlError(None, msg("the YAML is too deeply nested")) from None
