"""The assignment's maths: the data file, the network and its readable twin (textbook), the optimisers,
training, testing, the gradient check, the settings and model files. Imports only core.base."""
