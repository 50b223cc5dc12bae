"""The code the report quotes is written for the reader: no buffers or tricks, and comments that are formulas."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import io
import keyword
import re
import textwrap
import tokenize

import pytest

from core.base.i18n import translator
from core.learning.network import ACTIVATIONS, Network
from core.learning.optimizers import OPTIMIZERS, GradientDescent
from core.learning.settings import TrainingSettings
from report.content import EQUALITY_TEST, EQUALITY_TOLERANCE, code_quotes

FORBIDDEN = ("out=", "pieces", "flush", "pack", ".flat", "self.")    # buffers written in place, packed, flushed
# Words a formula may hold besides the code's own names and symbols such as x, a1, W, dz, dJ, dW1, dbL
MATH_WORDS = {"softmax", "ln", "sum", "sum_i", "sqrt", "exp", "max", "cos", "pi", "tanh", "alpha", "alpha_0", "alpha_e",
              "alpha_t", "mu", "lambda", "beta1", "beta2", "epsilon", "one_hot", "y_hat"}
SYMBOL = re.compile(r"d?[A-Za-z][0-9L]?")


def prose_words(source: str) -> list[str]:
    """The words of a function's comments and docstring that are neither its code's names nor a formula's."""
    source = textwrap.dedent(source)
    docstring = ast.get_docstring(ast.parse(source).body[0]) or ""
    comments, names = [], set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            comments.append(token.string)
        elif token.type == tokenize.NAME and not keyword.iskeyword(token.string):
            names.add(token.string)
    words = re.findall(r"[A-Za-z_][A-Za-z_0-9]*", " ".join(comments + [docstring]))
    return [word for word in words if word not in names | MATH_WORDS and not SYMBOL.fullmatch(word)]


def problems(source: str) -> list[str]:
    """What makes quoted code unfit for the reader: tricks of the fast path, and English prose."""
    found = [f"{forbidden!r}" for forbidden in FORBIDDEN if forbidden in source]
    words = prose_words(source)
    return found + ([f"prose {words}"] if words else [])


def split_functions(code: str) -> list[str]:
    """The functions of a quoted block, one source each."""
    return [ast.get_source_segment(code, node) for node in ast.parse(code).body]


def test_the_check_finds_the_tricks_and_the_prose_of_the_fast_code():
    found = problems(inspect.getsource(Network.gradients))
    assert "'out='" in found and any(problem.startswith("prose") for problem in found)
    assert "'pieces'" in problems(inspect.getsource(GradientDescent.update))
    assert problems("def f(z):\n    return z + 1      # for the mean over the batch\n") == [
        "prose ['for', 'the', 'mean', 'over', 'the', 'batch']"]
    assert problems('def f(z):\n    """z = W a + b"""\n    return z    # dz = y_hat - y\n') == []


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_every_function_the_report_may_quote_is_written_for_the_reader(optimizer, activation):
    for schedule in ("constant", "cosine"):
        for weight_decay in (0.0, 1e-3):
            settings = TrainingSettings(activation=activation, optimizer=optimizer, schedule=schedule,
                                        weight_decay=weight_decay)
            for _heading, _intro, functions in code_quotes(settings, translator("en")):
                for function in functions:
                    assert not problems(inspect.getsource(function)), (function.__name__, problems(
                        inspect.getsource(function)))


def test_what_is_quoted_follows_the_model_s_settings():
    def quoted(**values) -> list[str]:
        settings = dataclasses.replace(TrainingSettings(), **values)
        return [function.__name__ for _h, _i, functions in code_quotes(settings, translator("en"))
                for function in functions]

    assert quoted(optimizer="sgd", schedule="constant", activation="tanh") == [
        "log_softmax", "softmax", "cross_entropy", "forward", "gradients", "tanh", "tanh_derivative",
        "gradient_descent_step"]
    assert quoted(optimizer="momentum", weight_decay=1e-3)[-4:] == [
        "momentum_step", "gradient_descent_step", "with_weight_decay", "cosine_learning_rate"]


def quoted_blocks(report) -> list[str]:
    return [block.source for block in report.blocks if block.kind == "code" and block.language == "python"]


def test_the_code_of_both_reports_is_formulas_and_the_textbook_s(english_report, spanish_report):
    for report in (english_report, spanish_report):
        sources = [source for block in quoted_blocks(report) for source in split_functions(block)]
        assert len(sources) >= 8
        for source in sources:
            assert not problems(source), (source.splitlines()[0], problems(source))
        assert quoted_blocks(report) == quoted_blocks(english_report), "the same code in both languages"


def test_the_report_names_the_test_that_holds_the_training_code_equal_to_it(english_report, spanish_report):
    path, name = EQUALITY_TEST.split("::")
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    assert callable(getattr(module, name)), f"{EQUALITY_TEST} is a test"
    assert module.MOST_RELATIVE_ERROR == EQUALITY_TOLERANCE, "the report states the test's own tolerance"
    for report in (english_report, spanish_report):
        text = " ".join(block.text for block in report.blocks if block.kind == "paragraph")
        assert EQUALITY_TEST in text and f"{EQUALITY_TOLERANCE:g}" in text
