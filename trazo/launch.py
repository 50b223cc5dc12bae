"""The one entry point of `python main.py`, the `trazo` command and `python -m trazo`: the app, or a command."""

import os
import signal
import sys

EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141   # as a shell reports a process ended by SIGPIPE


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
        if args.command == "install-desktop":
            from trazo.desktop import install

            return install()
        from cli.commands import run_command

        return run_command(args)
    except KeyboardInterrupt:  # Ctrl-C outside training (while loading, say): stop quietly
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the output went to a pipe that closed (`trazo test | head`): nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


class interrupts_held:
    """While inside, Ctrl-C is noted instead of raised; the list it gives is non-empty if it came."""

    def __enter__(self) -> list:
        self.noted: list = []
        self.previous = signal.signal(signal.SIGINT, lambda *_: self.noted.append(True))
        return self.noted

    def __exit__(self, *exception) -> None:
        signal.signal(signal.SIGINT, self.previous)
