"""What the app and the command line do with the maths: a training run (in a child process too), Teach,
the user's digits, the comparison of runs, grading, looking inside a network. May import all of the core."""
