"""The command line's arguments: the commands, their options, and `train`'s options made from the settings.

Every `train` option comes from core/learning/settings.py: its name, its type and range (checked as it is
parsed), its default and its help. The language is chosen first (`--lang`, else the system locale),
so the help itself is in the user's language.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.base.errors import SettingsError
from core.base.i18n import LANGUAGES, N_, _, set_language, system_language
from core.base.version import version
from core.base.resources import DATA_FILE, MODEL_FILE
from core.learning.settings import (BY_NAME, RECIPES, SETTINGS, Choice, Setting, Sizes, Switch, TrainingSettings,
                           parse_setting)

# argparse's own words (its usage line, headings and error messages) go through Trazo's catalogue too:
# argparse looks its `_` up at each call, so pointing it at core.base.i18n's makes --help and errors Spanish.
ARGPARSE_WORDS = (
    N_("usage: "), N_("options"), N_("positional arguments"), N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"), N_("the following arguments are required: %s"),
    N_("argument %(argument_name)s: %(message)s"), N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unrecognized arguments: %s"), N_("expected one argument"), N_("expected at least one argument"),
    N_("invalid %(type)s value: %(value)r"), N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"), N_("one of the arguments %s is required"),
)
argparse._ = _


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """The command and its options; with no command, the app. Sets the interface language first."""
    set_language(chosen_language(argv))
    parser = build_parser()
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"):
        argv = ["app", *argv]
    return parser.parse_args(argv)


def program_name() -> str:
    """How the user started Trazo, for the usage line: main.py, trazo or python -m trazo."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return {"__main__.py": "python -m trazo", "": "trazo"}.get(name, name)


def chosen_language(argv: list[str]) -> str:
    """`--lang es` or `--lang=es` anywhere in argv, else the system locale's language."""
    for index, word in enumerate(argv):
        value = word.split("=", 1)[1] if word.startswith("--lang=") else (
            argv[index + 1] if word == "--lang" and index + 1 < len(argv) else None)
        if value in LANGUAGES:
            return value
    return system_language()


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the epilog's line breaks (the exit codes)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=program_name(), description=_("Trazo: a neural network that reads handwritten "
                                                                 "digits."), formatter_class=Formatter)
    parser.add_argument("--version", action="version", version=f"trazo {version()}",
                        help=_("print Trazo's version and exit"))
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))

    app = _command(commands, "app", _("start the desktop app (the default)"))
    _model_option(app)
    _data_option(app)
    app.add_argument("--draw-model", type=Path,
                     help=_("the Draw tab's model for mouse drawings (default: the one taught your hand, else "
                            "resources/draw-model.npz)"))

    test = _command(commands, "test", _("test a model and print its recognition rate"))
    _model_option(test)
    _data_option(test)
    _rows_option(test, _("rows to test, START:END (default: %(default)s)"))

    grade = _command(commands, "grade", _("test several model files and check whether each trained on its test "
                                          "rows: one row per model"), epilog=_grade_exit_codes())
    grade.add_argument("models", nargs="+", type=Path, metavar="MODEL",
                       help=_("model files (.npz), or folders: the .npz files in them"))
    _data_option(grade)
    _rows_option(grade, _("test rows, START:END (default: %(default)s)"))
    grade.add_argument("--unseen", type=_setting_type(BY_NAME["test_rows"]), metavar="START:END",
                       help=_("rows to compare with, less any a model trained on (default: from the end of the "
                              "test rows to the end of the data file, 1000:5000 for the shipped one)"))
    output = grade.add_mutually_exclusive_group()
    output.add_argument("--csv", action="store_true", help=_("print CSV (the columns' names in English)"))
    output.add_argument("--markdown", action="store_true", help=_("print a Markdown table"))

    train = _command(commands, "train", _("train a model and save it"), epilog=_exit_codes())
    _data_option(train)
    train.add_argument("--recipe", choices=list(RECIPES), default="shipped",
                       help=_("the settings to start from; the options below change them (default: %(default)s): "
                              "{recipes}").format(recipes="; ".join(
                                  f"{name}: {_(recipe.help)}" for name, recipe in RECIPES.items())))
    for declared in SETTINGS:
        _setting_option(train, declared)
    train.add_argument("--out", type=Path,
                       help=_("model file to write, ending in .npz (default: {name}, here in the current folder)").format(
                           name=_("model-{recipe}.npz").format(recipe="RECIPE")))
    train.add_argument("--plot", type=Path,
                       help=_("the cost per epoch as .png, .svg or .pdf (default: the model's name with .png)"))

    check = _command(commands, "check-gradients", _("compare back-propagation with finite differences on a "
                                                   "batch of training digits"), epilog=_check_exit_codes())
    _model_option(check)
    _data_option(check)

    report = _command(commands, "report", _("write the assignment report (.pdf, .html or .md)"))
    _model_option(report)
    _data_option(report)
    _rows_option(report, _("test rows (default: %(default)s)"))
    report.add_argument("--out", type=Path, help=_("report file; its extension picks the format (default: {name} "
                                                   "in the current folder; a .md file puts its images in a folder "
                                                   "named after it)").format(name=_("report-{model}.pdf").format(
                                                       model="MODEL")))
    report.add_argument("--author", default="", help=_("who hands the report in, as the first page shows it: a "
                                                        "name and a student ID, for example \"Ana López, A01234567\""))
    _command(commands, "install-desktop", _("put Trazo in the desktop's menus, with its icon (Linux)"))
    return parser


def _command(commands, name: str, help_text: str, epilog: str | None = None) -> argparse.ArgumentParser:
    command = commands.add_parser(name, help=help_text, description=help_text, epilog=epilog,
                                  formatter_class=Formatter)
    command.add_argument("--lang", choices=LANGUAGES, default=chosen_language([]),
                         help=_("language of messages and documents (default: the system's, here %(default)s)"))
    return command


def _model_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--model", type=Path, default=MODEL_FILE,
                         help=_("model file (default: resources/model.npz)"))


def _data_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--data", type=Path, default=DATA_FILE, help=_("data file (default: resources/mnist.txt)"))


def _rows_option(command: argparse.ArgumentParser, help_text: str) -> None:
    declared = BY_NAME["test_rows"]
    default = declared.kind.format(declared.default)
    command.add_argument("--rows", type=_setting_type(declared), default=declared.default,
                         metavar="START:END", help=help_text.replace("%(default)s", default))


def _setting_option(command: argparse.ArgumentParser, declared: Setting) -> None:
    """The option of one training setting, made from its declaration."""
    help_text = "{help} ({allowed}; {default})".format(
        help=_(declared.help), allowed=declared.kind.allowed(),
        default=_("shipped recipe: {value}").format(value=declared.default_text()))
    destination = declared.name
    # No default here: an option left out keeps the recipe's value (see settings_from).
    if isinstance(declared.kind, Sizes):  # --hidden 128 64: the words are joined, then parsed as one value
        command.add_argument(declared.cli_option, dest=destination, nargs="+", action=JoinedSetting,
                             setting=declared, metavar="N", help=help_text.replace("%", "%%"))
        return
    if isinstance(declared.kind, Switch):
        command.add_argument(declared.cli_option, dest=destination, action=argparse.BooleanOptionalAction,
                             help=help_text.replace("%", "%%"))
        return
    command.add_argument(declared.cli_option, dest=destination, type=_setting_type(declared),
                         metavar=_metavar(declared), help=help_text.replace("%", "%%"))


class JoinedSetting(argparse.Action):
    """An option of several words that make one setting's value (the hidden layer sizes)."""

    def __init__(self, *args, setting: Setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.setting = setting

    def __call__(self, parser, namespace, values, option_string=None):
        try:
            setattr(namespace, self.dest, parse_setting(self.setting, " ".join(values)))
        except SettingsError as error:
            parser.error(str(error))


def _setting_type(declared: Setting):
    """An argparse type that parses and checks with the setting's own kind; errors name the setting."""
    def convert(text: str):
        try:
            return parse_setting(declared, text)
        except SettingsError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
    convert.__name__ = declared.name  # argparse names the type in some messages
    return convert


def _metavar(declared: Setting) -> str:
    if isinstance(declared.kind, Choice):
        return "{" + ",".join(declared.kind.options) + "}"
    return declared.name.upper()


def settings_from(args: argparse.Namespace) -> TrainingSettings:
    """The recipe's settings changed by the options given (each already checked by its type)."""
    given = {declared.name: getattr(args, declared.name) for declared in SETTINGS
             if getattr(args, declared.name) is not None}
    return RECIPES[args.recipe].with_changes(**given).validate()


def out_path(args: argparse.Namespace) -> Path:
    """--out, or model-RECIPE.npz in the current folder: never the shipped model's own name."""
    # TRANSLATORS: a file name, no spaces; {recipe} is the recipe's name as the command line takes it
    return args.out or Path(_("model-{recipe}.npz").format(recipe=args.recipe))


def _grade_exit_codes() -> str:
    return _("exit status:\n"
             "  0  every model was read and none is flagged\n"
             "  1  some model is flagged: it trained on the test rows, by its behaviour or by its file\n"
             "  2  bad input: some model file could not be read (its row says why), or the data or rows")


def _check_exit_codes() -> str:
    return _("exit status:\n"
             "  0  every weight and bias array agrees with the finite differences\n"
             "  1  some array does not agree (its verdict says how far)\n"
             "  2  bad input: a file that cannot be used")


def _exit_codes() -> str:
    return _("exit status:\n"
             "  0  the model was saved (also after Ctrl-C, SIGTERM or SIGHUP, once an epoch has ended)\n"
             "  2  bad input: a file, a setting or a path that cannot be used; nothing was written\n"
             "  3  stopped before the first epoch ended; nothing was written\n"
             "  4  training diverged (the cost stopped being a finite number); nothing was written\n"
             "  5  the model was saved, but its cost plot could not be written")
