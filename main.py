"""Trazo: start the app, or test, train and report from the command line.

    python main.py                 # the desktop app
    python main.py test            # test the shipped model on rows 900-999
    python main.py train           # train with the shipped model's recipe
    python main.py report --out report.pdf
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

from core.resources import DATA_FILE as DEFAULT_DATA
from core.resources import DRAW_MODEL_FILE as DEFAULT_DRAW_MODEL
from core.resources import MODEL_FILE as DEFAULT_MODEL

ROOT = Path(__file__).resolve().parent
EXIT_BAD_INPUT = 2


def argument_type(parse):
    """An argparse type from one of core's parsers: its DataError becomes argparse's usage error."""
    def convert(text: str):
        from core.errors import DataError

        try:
            return parse(text)
        except DataError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return convert


def build_parser() -> argparse.ArgumentParser:
    from core.data import parse_row_range, parse_row_ranges
    from core.training import TrainingSettings

    row_range, row_ranges = argument_type(parse_row_range), argument_type(parse_row_ranges)
    defaults = TrainingSettings()
    parser = argparse.ArgumentParser(prog="main.py", description="Trazo: a neural network that reads handwritten digits.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    app = commands.add_parser("app", help="start the desktop app (the default)")
    app.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="model file (default: %(default)s)")
    app.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data file (default: %(default)s)")
    app.add_argument("--draw-model", type=Path, default=DEFAULT_DRAW_MODEL,
                     help="the Draw tab's model for mouse drawings (default: resources/draw-model.npz)")

    test = commands.add_parser("test", help="test a model and print its recognition rate")
    test.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="model file (default: resources/model.npz)")
    test.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data file (default: resources/mnist.txt)")
    test.add_argument("--rows", type=row_range, default=defaults.test_rows, help="rows to test, START:END (default: 900:1000)")

    train = commands.add_parser("train", help="train a model and save it")
    train.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data file (default: resources/mnist.txt)")
    train.add_argument("--rows", type=row_ranges, default=defaults.train_rows,
                       help="training rows, START:END or several separated by commas (default: 0:900)")
    train.add_argument("--test-rows", type=row_range, default=defaults.test_rows, help="test rows (default: 900:1000)")
    train.add_argument("--hidden", type=int, nargs="+", default=list(defaults.hidden), help="hidden layer sizes (default: %(default)s)")
    train.add_argument("--activation", choices=["relu", "sigmoid", "tanh"], default=defaults.activation)
    train.add_argument("--initialisation", choices=["he", "xavier"], default=defaults.initialisation)
    train.add_argument("--optimizer", choices=["sgd", "momentum", "adam"], default=defaults.optimizer)
    train.add_argument("--learning-rate", type=float, default=defaults.learning_rate, help="(default: %(default)s)")
    train.add_argument("--momentum", type=float, default=defaults.momentum, help="(default: %(default)s)")
    train.add_argument("--schedule", choices=["constant", "cosine"], default=defaults.schedule)
    train.add_argument("--epochs", type=int, default=defaults.epochs, help="(default: %(default)s)")
    train.add_argument("--batch-size", type=int, default=defaults.batch_size, help="0 = full batch (default: %(default)s)")
    train.add_argument("--weight-decay", type=float, default=defaults.weight_decay, help="(default: %(default)s)")
    train.add_argument("--augment", action=argparse.BooleanOptionalAction, default=defaults.augment, help="random distortions of the training digits")
    train.add_argument("--thickness", type=float, default=defaults.thickness,
                       help="augmentation: strokes up to this many pixels thicker or thinner (default: %(default)s)")
    train.add_argument("--seed", type=int, default=defaults.seed, help="(default: %(default)s)")
    train.add_argument("--out", type=Path, default=ROOT / "model.npz", help="model file to write (default: ./model.npz)")
    train.add_argument("--plot", type=Path, help="PNG of the cost per epoch (default: beside the model)")

    report = commands.add_parser("report", help="write the assignment report (.pdf, .html or .md)")
    report.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="model file (default: resources/model.npz)")
    report.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data file (default: resources/mnist.txt)")
    report.add_argument("--rows", type=row_range, default=defaults.test_rows, help="test rows (default: 900:1000)")
    report.add_argument("--lang", choices=["en", "es"], default="en", help="language (default: en)")
    report.add_argument("--out", type=Path, required=True, help="report file; its extension picks the format")
    return parser


def run_test(args) -> int:
    from core.data import load_dataset
    from core.evaluation import evaluate, format_rate
    from core.model_io import load_model

    model = load_model(args.model)
    pixels, labels = load_dataset(args.data).rows(args.rows)
    result = evaluate(model.network, pixels, labels, first_row=args.rows[0])
    print(f"Model: {args.model.name}: {model.summary()}")
    print(format_rate(result))
    if len(result.misclassified):
        print(f"Misclassified ({len(result.misclassified)}):")
        for index in result.misclassified:
            print(f"  row {result.first_row + index}: true {result.labels[index]}, "
                  f"predicted {result.predictions[index]} ({100 * result.confidence(index):.0f}%)")
    print("Confusion matrix (rows: true class, columns: predicted class):")
    print("     " + "".join(f"{digit:>4}" for digit in range(10)))
    for digit, counts in enumerate(result.confusion):
        print(f"  {digit}: " + "".join(f"{count:>4}" for count in counts))
    return 0


def run_train(args) -> int:
    from core.data import load_dataset
    from core.errors import TrainingError
    from core.evaluation import evaluate
    from core.model_io import model_from_training, save_model
    from core.plots import save_cost_plot
    from core.training import TrainingSettings, train

    settings = TrainingSettings(
        hidden=tuple(args.hidden), activation=args.activation, initialisation=args.initialisation,
        optimizer=args.optimizer, learning_rate=args.learning_rate, momentum=args.momentum,
        schedule=args.schedule, epochs=args.epochs, batch_size=args.batch_size,
        weight_decay=args.weight_decay, augment=args.augment, thickness=args.thickness, seed=args.seed,
        train_rows=args.rows, test_rows=args.test_rows,
    ).validate()
    data = load_dataset(args.data)
    interrupted = []
    previous_handler = signal.signal(signal.SIGINT, lambda *_: interrupted.append(True))
    started = time.perf_counter()
    try:
        result = train(data, settings, on_epoch=show_progress, should_stop=lambda: bool(interrupted))
    except TrainingError as error:
        print(file=sys.stderr)
        print(f"error: {error}", file=sys.stderr)
        result = error.result
    finally:
        signal.signal(signal.SIGINT, previous_handler)
    print()
    if interrupted:
        print(f"Stopped after {result.epochs_run} epochs; saving what was learned.")
    test = evaluate(result.network, *data.rows(settings.test_rows))
    model = model_from_training(result, test.rate)
    save_model(model, args.out)
    plot = args.plot or args.out.with_suffix(".png")
    if len(result.history):
        save_cost_plot(result.history, plot)
        print(f"Cost plot: {plot}")
    print(f"Model: {args.out} ({time.perf_counter() - started:.1f} s)")
    print(f"Test accuracy on rows {settings.test_rows[0]}:{settings.test_rows[1]}: {100 * test.rate:.2f}%")
    return 0


def show_progress(report) -> None:
    remaining = report.elapsed / report.epoch * (report.epochs - report.epoch)
    line = (f"epoch {report.epoch}/{report.epochs}  cost {report.train_cost:.4f}  "
            f"test cost {report.test_cost:.4f}  test accuracy {100 * report.test_accuracy:.2f}%  "
            f"elapsed {report.elapsed:.1f} s  ETA {remaining:.1f} s")
    print("\r" + line, end="", flush=True)


def run_report(args) -> int:
    from core.data import load_dataset
    from core.model_io import load_model
    from gui.report_pdf import report_format, write_report

    report_format(args.out)  # a wrong extension or folder fails before the slow part
    model = load_model(args.model)
    data = load_dataset(args.data)
    path = write_report(model, args.model.name, data, args.rows, args.lang, args.out)
    print(f"Report: {path}")
    return 0


def run_app(args) -> int:
    from gui.app import run  # Qt loads only for the app, after a check that there is a display

    return run(args.data, args.model, args.draw_model)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        args = build_parser().parse_args(["app", *(argv or sys.argv[1:])])
    from core.errors import TrazoError

    commands = {"app": run_app, "test": run_test, "train": run_train, "report": run_report}
    try:
        return commands[args.command](args)
    except TrazoError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
