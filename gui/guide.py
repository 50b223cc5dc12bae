"""Help > How to use Trazo: a short guide to training, testing, drawing, reading photos and the report."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from core.base.i18n import N_, _

GUIDE = N_("""<h2>How to use Trazo</h2>
<h3>1. Train</h3>
<p>The <b>Train</b> tab holds every training setting. <b>Assignment recipe</b> fills in what the assignment
asks for: 784-200-10, softmax and cross-entropy, and plain gradient descent w = w - α dJ/dw with a constant
learning rate, on rows 0-899. <b>Shipped recipe</b> fills in the recipe of the model that comes with Trazo.
Press <b>Train</b>: the cost and the test accuracy are plotted after every epoch, and <b>Stop</b> ends the run
after the current mini-batch. Each run that gives a model is listed below the plots; check two or more
and press <b>Compare...</b> to see their costs over each other and their settings side by side. The trained model replaces the current one in the Test and Draw tabs; save it
with <b>File &gt; Save model as...</b>. A field the other settings make irrelevant (momentum without the
momentum optimiser) is greyed out, and a value that cannot be read is marked in red with the reason.</p>
<h3>2. Test</h3>
<p>The <b>Test</b> tab tests the current model on the test rows (900-999 by default) and shows its
recognition rate, the digits it got wrong (click one to see its ten probabilities), the confusion matrix with
each digit's accuracy beside it, and a confidence threshold: answers less sure than it count as "not sure", and
the plot shows how many are answered (the coverage) and how many of those are right. <b>Load model...</b> opens
another model file.</p>
<h3>3. Draw</h3>
<p>On the <b>Draw</b> tab, draw one digit with the left mouse button; the network reads it as you draw. The
28x28 image is what the network sees, reduced the way MNIST's digits were made. Right-click, Delete or Escape
clears the canvas. <b>Test digit</b> puts a digit of the test rows on the canvas.</p>
<p><b>Read with</b> chooses between two readers. The <b>drawing model</b> comes with Trazo: it learned from
thousands of rows and from digits redrawn with this canvas's pen, so it reads mouse drawings well; it is not the
assignment's model. The <b>current model</b> is the one of the Train and Test tabs: the model you trained or
opened.</p>
<p>When a digit is read wrong, click its right digit (or press its key on the canvas): the drawing joins
<b>your digits</b>, kept in your data folder. <b>Teach</b> fine-tunes the reader you read with on them, and says
how that reader read your digits and the test rows 900-999 before and after. A taught drawing model is saved
beside your digits and reads from then on; <b>Revert</b> brings back the shipped one. A taught current model
becomes a new, unsaved model, as after a run: save it with <b>File &gt; Save model as...</b>, or open the model
file again to forget it. Teaching changes its weights with a few steps of Adam on your digits, so it is no longer
a model trained only as the assignment asks.</p>
<h3>4. Inside</h3>
<p>The <b>Inside</b> tab looks inside the current model, or inside the run under way while one trains: the
weights of each first-layer unit as a 28x28 tile (red positive, blue negative), histograms of the weights now and
at the start, one digit (a data row, the mistake last clicked in the Test tab, or your drawing) layer by layer,
where clicking a unit shows its z = w·a + b, the gradient norm of each layer per epoch, and <b>Check the
gradients</b>, which compares back-propagation with finite differences.</p>
<h3>5. The report</h3>
<p><b>File &gt; Export report...</b> writes the assignment report (PDF, HTML or Markdown, in Spanish or
English): the method, the cost function and the weight update with their code, the recognition rate, the
cost per epoch, the confusion matrix and the misclassified digits. <b>File &gt; Export cost plot...</b> writes
the cost per epoch as an image and as a CSV table.</p>
<h3>The command line</h3>
<p><code>python main.py train --recipe assignment --out my-model.npz</code> trains,
<code>python main.py test --model my-model.npz</code> prints the recognition rate,
<code>python main.py check-gradients --model my-model.npz</code> checks back-propagation, and
<code>python main.py report --model my-model.npz --out report.pdf</code> writes the report.
<code>--help</code> after any command lists its options.</p>""")
PHOTOS = N_("""<h3>Photos of digits on paper, and numbers</h3>
<p><b>File &gt; Open image...</b> (a PNG or JPEG photo), a photo dropped on the <b>Draw</b> tab, or one pasted
there with Ctrl+V is read digit by digit from left to right: each digit gets a box and its reading on the photo,
and the whole number is shown in large type. Click a digit to see its 28x28 form and its probabilities; if it was
read wrong, its right digit's button adds it to your digits, as with a drawing. <b>Clear</b> returns to the
canvas. A good photo: dark ink on plain paper, one number on one line filling most of the photo, even light,
the digits a little apart. <b>A number</b> makes the canvas wider: write a number of a few digits, and it is
read the same way each time a stroke ends. <code>python main.py read photo.jpg</code> reads photos from the
command line.</p>""")
CHECKING = N_("""<h3>Model files side by side, and the test rows checked</h3>
<p><b>File &gt; Compare model files...</b> opens several saved models side by side: their costs over each other,
their settings with the differences first, and their rates on the test rows and on rows they never trained on,
tested now. The Test tab says whether the model reads the test rows as if it had trained on them, judged by
what it does, whatever its file says; <code>python main.py grade FOLDER</code> does the same for every model
file of a folder, one row each. The report's first page names its author (a name and a student ID, typed in
<b>File &gt; Export report...</b> or given with <code>--author</code>) and says that Trazo wrote it.</p>""")

CLASSROOM = N_("""<h3>In class, on a projector</h3>
<p><b>View &gt; Zoom in</b> (Ctrl++), <b>Zoom out</b> (Ctrl+-) and <b>Reset zoom</b> (Ctrl+0) make every text,
plot, digit and weight tile larger or smaller, from 70% to 200%; Trazo remembers the zoom. <b>View &gt; Full
screen</b> (F11) gives the window the whole screen. A run is too fast to talk over: choose a <b>Pace</b> of 1, 2
or 5 epochs a second under the Train tab's plots, or press <b>Pause</b> (F6) and then <b>Step</b> (F7) for one
epoch at a time; the plots and the Inside tab follow every epoch. <b>Resume</b> goes on, and <b>Stop</b> works
while paused too. A right click on a plot offers pyqtgraph's own view options and its export.</p>""")


def show_guide(parent: QWidget | None) -> None:
    dialog = QDialog(parent, objectName="guideDialog")
    dialog.setWindowTitle(_("How to use Trazo"))
    layout = QVBoxLayout(dialog)
    text = QTextBrowser(objectName="guideText")
    text.setHtml(_(GUIDE) + _(PHOTOS) + _(CHECKING) + _(CLASSROOM))
    layout.addWidget(text)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(640, 560)
    dialog.exec()
