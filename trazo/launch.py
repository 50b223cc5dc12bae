"""The one entry point of `python main.py`, the `trazo` command and `python -m trazo`: the app, or a command."""

import os
import sys

from trazo import release_interrupts

EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141   # as a shell reports a process ended by SIGPIPE


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run the command; the app loads Qt's widgets only for itself."""
    if getattr(sys, "frozen", False):
        # First thing in every entry point: in an executable frozen for Windows, a training process started
        # by the app (core/services/child_run.py) runs here instead, and ends; elsewhere this would do nothing.
        import multiprocessing

        multiprocessing.freeze_support()
    try:
        from cli.arguments import parse_arguments
        from cli.commands import preload

        args = parse_arguments(sys.argv[1:] if argv is None else argv)
        preload(args.command)
        release_interrupts()   # held since `import trazo`: an interrupted NumPy import prints a traceback
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
