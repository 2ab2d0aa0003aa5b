"""The command line: thin, it parses arguments and calls the core."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from configurator.core.i18n import LANGUAGES, ntranslate, translate

DEFAULT_MODELS = Path(__file__).resolve().parents[2] / "product_models"


def default_language() -> str:
    """nb or en: SKREDDER_LANGUAGE, else the locale (Norwegian locales give nb), else en."""
    explicit = os.environ.get("SKREDDER_LANGUAGE", "")
    if explicit in LANGUAGES:
        return explicit
    locale = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return "nb" if locale[:2] in ("nb", "nn", "no") else "en"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="skredder", description="Skredder: configure, price and quote "
                                     "made-to-order products.")
    parser.add_argument("--database", help="SQLAlchemy URL or SQLite file (default: the user's data folder; "
                        "also SKREDDER_DATABASE)")
    parser.add_argument("--language", choices=LANGUAGES, default=None,
                        help="language of messages (default: SKREDDER_LANGUAGE or the locale)")
    # the same options are accepted after the command too (skredder configure window --language nb)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    common.add_argument("--language", choices=LANGUAGES, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    models = sub.add_parser("models", parents=[common], help="work with product model files")
    models_sub = models.add_subparsers(dest="models_command", metavar="SUBCOMMAND")
    check = models_sub.add_parser("check", parents=[common], help="validate product models (default: product_models/)")
    check.add_argument("paths", nargs="*", type=Path, help="model files, model folders or folders of them")
    test = models_sub.add_parser("test", parents=[common],
                                 help="run the test cases stored with the models (default: product_models/)")
    test.add_argument("paths", nargs="*", type=Path, help="model files, model folders or folders of them")

    catalogue = sub.add_parser("catalogue", parents=[common], help="the catalogue database")
    catalogue_sub = catalogue.add_subparsers(dest="catalogue_command", metavar="SUBCOMMAND")
    build = catalogue_sub.add_parser("build", parents=[common],
                                     help="compile product models into the catalogue database")
    build.add_argument("paths", nargs="*", type=Path, help="default: product_models/")
    catalogue_sub.add_parser("list", parents=[common], help="list families, versions and effective dates")
    from configurator.cli.catalogue import add_package_parsers

    add_package_parsers(catalogue_sub, common)

    for module in _command_modules():
        module.add_parsers(sub, common)
    return parser


_BUILT: list[argparse.ArgumentParser] = []


def _parser() -> argparse.ArgumentParser:
    """The parser, built once per process: it depends on nothing but the code (its texts are English, with no
    environment in its defaults), and parsing does not change it. Building it costs ~50 ms (argparse looks up its
    own translations for every option), paid again by every in-process call such as the app's or the tests'."""
    if not _BUILT:
        _BUILT.append(build_parser())
    return _BUILT[0]


# Command modules: each has COMMANDS (the top-level commands it owns), add_parsers(sub, common) and
# run(args, language) -> exit status. Imported only when the parser is built, so start-up stays quick.
COMMAND_MODULES = ("configure", "customer", "settings", "quote", "suggest", "app", "database")


def _command_modules() -> list[Any]:
    import importlib

    return [importlib.import_module(f"configurator.cli.{name}") for name in COMMAND_MODULES]


def main(argv: Sequence[str] | None = None) -> int:
    try:
        code = _main(argv)
        sys.stdout.flush()  # a closed pipe shows here, not in Python's flush at exit
        return code
    except BrokenPipeError:  # `skredder ... | head`: the reader left; end quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's flush at exit would fail on the closed pipe again
        return 0


def _main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    if not arguments:  # `skredder` alone opens the desktop app: straight there, no parser to build (start-up time)
        from configurator.cli.app import run_app
        from configurator.core.settings import configured_database

        return run_app(configured_database(None), None)
    parser = _parser()
    args = parser.parse_args(arguments)
    if getattr(args, "database", None) is None and args.command not in (None, "settings", "models"):
        from configurator.core.settings import configured_database

        args.database = configured_database(None)  # the office's database from the settings, if one is set
    language = args.language or default_language()
    try:
        return _dispatch(parser, args, language)
    except BrokenPipeError:
        raise  # the reader left (`| head`): main ends quietly
    except Exception as error:  # the last net: a plain sentence, never a traceback (SKREDDER_DEBUG=1 shows it)
        if os.environ.get("SKREDDER_DEBUG"):
            raise
        print(translate("Something went wrong: {error} ({detail}). If the database was edited by hand or is "
                        "damaged, restore it from your last backup. SKREDDER_DEBUG=1 shows the details.", language,
                        error=type(error).__name__, detail=str(error).splitlines()[0][:200] if str(error) else "-"),
              file=sys.stderr)
        return 1


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace, language: str) -> int:
    if args.command == "models" and args.models_command == "check":
        return models_check(args.paths or [DEFAULT_MODELS], language)
    if args.command == "models" and args.models_command == "test":
        return models_test(args.paths or [DEFAULT_MODELS], language)
    if args.command == "catalogue" and args.catalogue_command is not None:
        from configurator.cli import catalogue as cli_catalogue

        return cli_catalogue.run(args, language)
    for module in _command_modules():
        if args.command in module.COMMANDS:
            return int(module.run(args, language))
    if args.command == "models":
        parser.parse_args(["models", "--help"])
    if args.command == "catalogue":
        parser.parse_args(["catalogue", "--help"])
    parser.print_help()
    return 0


def models_check(paths: list[Path], language: str) -> int:
    from configurator.core.engine.lint import lint_model
    from configurator.core.model.loader import check_models, display_path, source_line

    loaded, errors = check_models(paths)
    for error in errors:
        print(error.render(language), file=sys.stderr)
    lint_errors = 0
    failed: set[str] = set()
    for item in loaded:
        for issue in lint_model(item.model):
            shown = display_path(item.path) if item.path is not None else item.model.family
            line = source_line(item, issue.where)
            shown = f"{shown}:{line}" if line is not None else shown
            kind = translate("error", language) if issue.severity == "error" else translate("warning", language)
            print(translate("{file}: {kind}: {where}: {message}", language, file=shown, kind=kind,
                            where=issue.where.render(language), message=issue.message.render(language)),
                  file=sys.stderr)
            if issue.severity == "error":
                lint_errors += 1
                failed.add(item.model.family)
    from configurator.core.quoting.model_tests import test_errors

    for item in loaded:
        if item.model.family in failed:
            continue
        failures = test_errors(item)
        for failure in failures:
            print(failure.render(language), file=sys.stderr)
        if failures:
            lint_errors += len(failures)
            continue
        model = item.model
        counts = {"family": model.family, "version": model.version, "attributes": len(model.attributes),
                  "rules": len(model.rules), "presets": len(model.presets), "tests": len(model.tests)}
        if model.tests:
            print(translate("{family} {version}: OK ({attributes} attributes, {rules} rules, {presets} presets, "
                            "{tests} tests passed)", language, **counts))
        else:
            print(translate("{family} {version}: OK ({attributes} attributes, {rules} rules, {presets} presets)",
                            language, **counts))
    if errors or lint_errors:
        print(ntranslate("{count} problem found", "{count} problems found", len(errors) + lint_errors, language),
              file=sys.stderr)
        return 1
    if not loaded:
        print(translate("no product models found", language), file=sys.stderr)
        return 1
    return 0


def models_test(paths: list[Path], language: str) -> int:
    """Run the test cases stored with the models: each failure with its file:line, then a line per model."""
    from configurator.core.model.loader import check_models
    from configurator.core.quoting.model_tests import run_model_tests, test_errors

    loaded, errors = check_models(paths)
    for error in errors:
        print(error.render(language), file=sys.stderr)
    failed = 0
    for item in loaded:
        results = run_model_tests(item.model)
        for failure in test_errors(item, results):
            print(failure.render(language), file=sys.stderr)
        failing = sum(1 for r in results if not r.passed)
        failed += failing
        if not item.model.tests:
            print(translate("{family} {version}: no test cases", language, family=item.model.family,
                            version=item.model.version))
            continue
        print(translate("{family} {version}: {passed} of {total} tests passed", language,
                        family=item.model.family, version=item.model.version,
                        passed=len(item.model.tests) - failing, total=len(item.model.tests)))
    if errors or failed:
        print(ntranslate("{count} problem found", "{count} problems found", len(errors) + failed, language),
              file=sys.stderr)
        return 1
    if not loaded:
        print(translate("no product models found", language), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
