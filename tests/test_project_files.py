"""What a school needs to adopt the project: the licence, how to cite it, what changed, one version."""

from __future__ import annotations

import re
import subprocess

from packaging.version import Version

from core.base.version import version
from tests.core.samples import ROOT


def test_the_licence_is_mit_held_by_the_trazo_authors():
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License\n\nCopyright (c) 2026 The Trazo authors\n")
    assert "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND" in licence
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'license = "MIT"' in pyproject and 'license-files = ["LICENSE"]' in pyproject


def cff_fields(text: str) -> dict[str, str]:
    """The top-level `key: value` lines of a CITATION.cff (enough for its scalars, without a YAML parser)."""
    return {key: value.strip().strip('"') for key, value in re.findall(r"^([a-z-]+):[ ]*(.*)$", text, re.M)}


def test_the_citation_file_is_cff_1_2_0_with_this_version():
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    fields = cff_fields(text)
    assert fields["cff-version"] == "1.2.0" and fields["type"] == "software" and fields["license"] == "MIT"
    assert fields["version"] == version(), "CITATION.cff says the version pyproject.toml gives"
    assert {"message", "title", "authors"} <= set(fields), "the fields CFF 1.2.0 requires"
    assert '  - name: "The Trazo authors"' in text
    assert "\t" not in text, "YAML indents with spaces"


def test_the_changelog_has_a_section_for_this_version_and_keeps_a_changelogs_form():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", text, re.M)
    assert releases[0] == ("Unreleased", "") or releases[0][0] == version()
    dated = [(name, day) for name, day in releases if day]
    assert dated and dated[0][0] == version(), "the newest release is the version pyproject.toml gives"
    assert all(Version(name) for name, _day in dated) and [day for _name, day in dated] == sorted(
        (day for _name, day in dated), reverse=True)
    sections = set(re.findall(r"^### (.+)$", text, re.M))
    assert {"Added", "Changed"} <= sections


def test_the_version_is_written_in_pyproject_only():
    """Besides pyproject.toml, only the citation and the changelog name the version, and tests above hold them
    to it; no code or test carries a copy."""
    Version(version())
    tracked = subprocess.run(["git", "ls-files", "*.py", "*.toml", "*.cfg", "*.desktop", "*.j2"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.split()
    copies = [name for name in tracked if name != "pyproject.toml"
              and re.search(rf"""["']{re.escape(version())}["']""", (ROOT / name).read_text(encoding="utf-8"))]
    assert not copies, f"a copy of the version in {copies}"
