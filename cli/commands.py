"""The command line's commands: test, train and report. Errors go to stderr with a non-zero exit status.

This is a front end of core/ and report/; it never imports the app's widgets (gui/). Every file name and
every text from a file is printed through cli/output.py's `shown`, so none can act on the terminal.
"""

from __future__ import annotations

import argparse
import signal
import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path

from cli.output import protect_streams, shell_command, shown
from core.base.errors import ModelError, TrazoError
from core.base.i18n import _, current_language, ngettext, system_language

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_NOTHING_LEARNED = 3
EXIT_DIVERGED = 4
EXIT_PLOT_NOT_WRITTEN = 5
STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")   # each stops training after its mini-batch


def preload(command: str) -> None:
    """Import what `command` needs now, while main.py holds Ctrl-C back: an interrupted import of NumPy or
    matplotlib ends in an ImportError with a traceback, not a KeyboardInterrupt."""
    import core.learning.model_io  # noqa: F401
    import core.services.runs  # noqa: F401

    if command == "train":
        import report.figures  # noqa: F401
    elif command == "report":
        import report.export  # noqa: F401
    elif command == "check-gradients":
        import core.learning.gradient_check  # noqa: F401
    elif command in ("grade", "test"):
        import core.services.grading  # noqa: F401


def run_command(args: argparse.Namespace) -> int:
    from cli.grade import run_grade

    commands = {"test": run_test, "train": run_train, "report": run_report, "check-gradients": run_check_gradients,
                "grade": run_grade}
    protect_streams()
    try:
        return commands[args.command](args)
    except TrazoError as error:
        print(_("error: {message}").format(message=shown(error)), file=sys.stderr)
        return EXIT_BAD_INPUT


def run_test(args: argparse.Namespace) -> int:
    from core.learning.data import load_dataset
    from core.learning.evaluation import format_rate
    from core.services.grading import explain, grade
    from core.learning.model_io import load_model

    model = load_model(args.model)
    data = load_dataset(args.data)
    checked = grade(model, data, args.rows)
    result = checked.test
    print(_("Model: {path}").format(path=shown(args.model.resolve())))
    print(_("Trained: {how}").format(how=shown(model.training_summary())))
    warning = model.overlap_warning(data.name, args.rows)
    if warning:
        print(_("warning: {message}").format(message=shown(warning)), file=sys.stderr, flush=True)
    print(format_rate(result))
    print(textwrap.fill(explain(checked), 100))
    if len(result.misclassified):
        print(ngettext("Misclassified ({count} digit):", "Misclassified ({count} digits):",
                       len(result.misclassified)).format(count=len(result.misclassified)))
        for index in result.misclassified:
            print("  " + _("row {row}: true {true}, predicted {predicted} ({percent:.0f}%)").format(
                row=result.first_row + index, true=result.labels[index], predicted=result.predictions[index],
                percent=100 * result.confidence(index)))
    print(_("Confusion matrix (rows: true class, columns: predicted class):"))
    print("     " + "".join(f"{digit:>4}" for digit in range(10)))
    for digit, counts in enumerate(result.confusion):
        print(f"  {digit}: " + "".join(f"{count:>4}" for count in counts))
    return EXIT_OK


def run_train(args: argparse.Namespace) -> int:
    from cli.arguments import out_path, settings_from
    from core.learning.data import format_row_ranges, load_dataset, ranges_overlap
    from core.base.files import writable_target
    from core.learning.model_io import SUFFIX, save_model
    from core.services.runs import DIVERGED, NOTHING_LEARNED, run_training
    from report.figures import plot_format, save_cost_plot

    settings, out = settings_from(args), out_path(args)
    if out.suffix.lower() != SUFFIX:
        raise ModelError(_("{path}: a model file name must end in .npz").format(path=shown(out)))
    plot = args.plot or out.with_suffix(".png")
    plot_format(plot)
    if Path(plot).resolve() == out.resolve():      # a link from one to the other: the plot would replace the model
        raise ModelError(_("{plot}: the cost plot would be written over the model {path}; choose another "
                           "--plot").format(plot=shown(plot), path=shown(out)))
    for path in (out, plot):
        writable_target(path)   # a missing folder or a device fails now, not after training
    data = load_dataset(args.data)
    if ranges_overlap(settings.train_rows, (settings.test_rows,)):
        print(_("warning: the test rows {test} overlap the training rows {train}, so the test rate will be optimistic: "
                "it will not measure how well the network reads digits it has never seen").format(
            test=format_row_ranges((settings.test_rows,)), train=format_row_ranges(settings.train_rows)),
            file=sys.stderr)
    # From here a stop signal ends training after its mini-batch, and waits while the files are written.
    with stop_requests() as stop_requested:
        print(ngettext("Training {epochs} epoch on rows {rows} of {file}; Ctrl-C stops after the current "
                       "mini-batch.", "Training {epochs} epochs on rows {rows} of {file}; Ctrl-C stops after the "
                       "current mini-batch.", settings.epochs).format(
            epochs=settings.epochs, rows=format_row_ranges(settings.train_rows), file=shown(data.name)), flush=True)
        run = run_training(data, settings, on_epoch=show_progress, should_stop=stop_requested)
        if sys.stdout.isatty():
            print()     # ends the progress line
        if run.status in (NOTHING_LEARNED, DIVERGED):
            print(_("error: {message} {path} was not written.").format(message=run.message, path=shown(out)),
                  file=sys.stderr)
            return EXIT_NOTHING_LEARNED if run.status == NOTHING_LEARNED else EXIT_DIVERGED
        if run.result.stopped:
            print(ngettext("Stopped after {epochs} of {total} epoch; saving what was learned.",
                           "Stopped after {epochs} of {total} epochs; saving what was learned.",
                           settings.epochs).format(
                epochs=run.result.epochs_run, total=settings.epochs))
        save_model(run.model, out)
        print(_("Model: {path} ({seconds:.1f} s)").format(path=shown(out), seconds=run.result.seconds), flush=True)
        try:
            save_cost_plot(run.model.history, plot)
        except TrazoError as error:
            print(_("error: {message} The model was saved; only its cost plot is missing.").format(
                message=shown(error)), file=sys.stderr)
            return EXIT_PLOT_NOT_WRITTEN
    print(_("Cost plot: {path}").format(path=shown(plot)))
    print(_("Test accuracy on rows {rows}: {percent:.2f}%").format(
        rows=f"{settings.test_rows[0]}:{settings.test_rows[1]}", percent=100 * run.test.rate))
    print(_("Next, to test it and to write its report:"))
    for line in next_steps(out, args.data, settings.test_rows):
        print("  " + line)
    return EXIT_OK


def next_steps(model: Path, data: Path, test_rows: tuple[int, int]) -> list[str]:
    """The commands that test the model just trained and write its report, on the data and test rows it
    was trained with (each option left out when it is the default), quoted for a shell."""
    from core.learning.data import format_row_range
    from core.base.resources import DATA_FILE
    from core.learning.settings import BY_NAME
    from report.export import default_report_name

    same = [] if Path(data) == DATA_FILE else ["--data", data]
    if test_rows != BY_NAME["test_rows"].default:
        same += ["--rows", format_row_range(test_rows)]
    lang = current_language()
    language = [] if lang == system_language() else ["--lang", lang]
    return [shell_command("python", "main.py", "test", "--model", model, *same, *language),
            shell_command("python", "main.py", "report", "--model", model, *same, *language,
                          "--out", default_report_name(model.name, lang))]


@contextmanager
def stop_requests():
    """While inside, Ctrl-C, SIGTERM and SIGHUP ask training to stop instead of killing the process."""
    requested = []
    previous = {}
    for name in STOP_SIGNALS:
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, lambda *_: requested.append(True))
    try:
        yield lambda: bool(requested)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def show_progress(report) -> None:
    """One line per epoch: rewritten in place on a terminal, a line of its own in a file or a pipe (a log)."""
    from core.learning.evaluation import format_cost

    line = _("epoch {epoch}/{epochs}  cost {cost}  test cost {test_cost}  test accuracy {accuracy:.2f}%  "
             "elapsed {elapsed:.1f} s  ETA {remaining:.1f} s").format(
        epoch=report.epoch, epochs=report.epochs, cost=format_cost(report.train_cost),
        test_cost=format_cost(report.test_cost), accuracy=100 * report.test_accuracy, elapsed=report.elapsed,
        remaining=report.remaining)
    if sys.stdout.isatty():
        print("\r" + line, end="", flush=True)
    else:
        print(line, flush=True)


def run_report(args: argparse.Namespace) -> int:
    from core.learning.data import load_dataset
    from core.learning.model_io import load_model
    from report.content import checked_author
    from report.export import default_report_name, report_format, write_report

    out = args.out or Path(default_report_name(args.model.name, current_language()))
    report_format(out)  # a wrong extension or folder fails before the slow part
    checked_author(args.author)
    model = load_model(args.model)
    data = load_dataset(args.data)
    path = write_report(model, args.model.name, data, args.rows, current_language(), out, author=args.author)
    print(_("Report: {path}").format(path=shown(path)))
    if path.suffix.lower() == ".md":
        from report.render import images_folder

        print(_("Its images: {folder}").format(folder=shown(images_folder(path))))
    return EXIT_OK


def run_check_gradients(args: argparse.Namespace) -> int:
    """The gradient check's table; the last line is the largest relative error."""
    from core.learning.data import load_dataset
    from core.learning.gradient_check import check_method, check_model, check_summary, check_table, format_error
    from core.learning.model_io import load_model

    model = load_model(args.model)
    data = load_dataset(args.data)
    print(_("Model: {path}").format(path=shown(args.model.resolve())))
    check = check_model(model, data)
    print(textwrap.fill(check_method(check), 100))
    print()
    rows = check_table(check)
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    print()
    print(check_summary(check))
    print(_("max relative error: {error}").format(error=format_error(check.max_relative_error)))
    return EXIT_OK if check.verdict == "agrees" else EXIT_CHECK_FAILED
