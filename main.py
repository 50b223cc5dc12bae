"""Trazo: start the app, or test, train and report from the command line.

    python main.py                 # the desktop app
    python main.py test            # test the shipped model on rows 900-999
    python main.py train           # train with the shipped model's recipe
    python main.py report --out report.pdf
    python main.py COMMAND --help  # every option; --lang es|en picks the language
"""

import signal
import sys

EXIT_INTERRUPTED = 130


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run the command; the app loads Qt's widgets only for itself."""
    try:
        with interrupts_held() as interrupted:  # Ctrl-C inside NumPy's import would become an ImportError
            from cli.arguments import parse_arguments
            from cli.commands import preload

            args = parse_arguments(sys.argv[1:] if argv is None else argv)
            preload(args.command)
        if interrupted:
            raise KeyboardInterrupt
        if args.command == "app":
            from gui.app import run

            return run(args.data, args.model, args.draw_model)
        from cli.commands import run_command

        return run_command(args)
    except KeyboardInterrupt:  # Ctrl-C outside training (while loading, say): stop quietly
        print(file=sys.stderr)
        return EXIT_INTERRUPTED


class interrupts_held:
    """While inside, Ctrl-C is noted instead of raised; the list it gives is non-empty if it came."""

    def __enter__(self) -> list:
        self.noted: list = []
        self.previous = signal.signal(signal.SIGINT, lambda *_: self.noted.append(True))
        return self.noted

    def __exit__(self, *exception) -> None:
        signal.signal(signal.SIGINT, self.previous)


if __name__ == "__main__":
    sys.exit(main())
