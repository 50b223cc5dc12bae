"""What the READMEs link to is in the repository."""

from __future__ import annotations

import re

import pytest

from tests.core.samples import ROOT

DOCUMENTS = ["README.md", "README.es.md"]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")     # a Markdown link's target, without its anchor


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_file_a_document_links_to_exists(document):
    path = ROOT / document
    targets = [target for target in LINK.findall(path.read_text(encoding="utf-8"))
               if not re.match(r"[a-z]+:", target)]        # not http:, mailto:, ...
    assert targets, "the pattern finds the document's links"
    missing = [target for target in targets if not (path.parent / target).exists()]
    assert not missing, f"{document} links to files that are not there: {missing}"
