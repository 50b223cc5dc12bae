"""What the Teach panel says, in the user's language: after adding, exporting, teaching and reverting."""

from __future__ import annotations

from core.base.i18n import _, ngettext

DRAWING_MODEL, CURRENT_MODEL = "drawing", "current"   # which model reads the drawings, and Teach teaches


def panel_message(kind: str, values: list, count: int, problem: str | None) -> str:
    """The panel's message of `kind` (with its `values`), for a collection of `count` digits."""
    text = ""
    if kind == "empty":
        text = _("Draw a digit first.")
    elif kind == "added":
        text = ngettext("Added as a {digit}: {count} digit of yours. Press Teach when the reader should learn "
                        "it.", "Added as a {digit}: {count} digits of yours. Press Teach when the reader should "
                        "learn them.", count).format(digit=values[0], count=count)
    elif kind == "exported":
        text = _("Your digits are in {name}.").format(name=values[0])
    elif kind == "teaching":
        text = ngettext("Teaching the reader your {count} digit...", "Teaching the reader your {count} digits...",
                        count).format(count=count)
    elif kind == "taught":
        taught, which = values
        text = (_("The drawing reader learned your digits.") if which == DRAWING_MODEL else _(
            "The current model learned your digits; it is unsaved now (File > Save model as...).")) + " "
        text += _("Your digits: {before} read right before, {after} now. Test rows 900-999: {test_before} before, "
                  "{test_after} now.").format(before=_percent(taught.yours_before),
                                              after=_percent(taught.yours_after),
                                              test_before=_percent(taught.test_before),
                                              test_after=_percent(taught.test_after))
    elif kind == "failed":
        text = _("Teaching failed; the reader stays as it was.")
    elif kind == "reverted":
        text = _("The shipped drawing reader reads again.")
    elif kind == "unusable":
        text = _("Your digits cannot be kept: {problem}. Adding, changing and teaching digits are off; "
                 "exporting them still works.").format(problem=problem)
    return text


def _percent(fraction: float) -> str:
    return f"{100 * fraction:.0f}%"
