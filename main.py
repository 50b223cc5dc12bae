"""Trazo: start the app, or test, train and report from the command line.

    python main.py                 # the desktop app
    python main.py test            # test the shipped model on rows 900-999
    python main.py train           # train with the shipped model's recipe
    python main.py report --out report.pdf
    python main.py COMMAND --help  # every option; --lang es|en picks the language
"""

import sys

EXIT_INTERRUPTED = 130


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run the command; the app loads Qt's widgets only for itself."""
    try:
        from cli.arguments import parse_arguments

        args = parse_arguments(sys.argv[1:] if argv is None else argv)
        if args.command == "app":
            from gui.app import run

            return run(args.data, args.model, args.draw_model)
        from cli.commands import run_command

        return run_command(args)
    except KeyboardInterrupt:  # Ctrl-C outside training (while loading, say): stop quietly
        print(file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
