"""The reports read at a glance: HTML marks need no emoji font, banners name and link failures."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from html import unescape
from html.parser import HTMLParser

import pytest

from conformance.report import html, markdown, view
from conformance.run.outcome import Failure, RunOutcome, Status

# Blocks whose code points render as pictographs (or select an emoji presentation): an empty box
# where no emoji font is installed. Category So catches the rest (dingbats, arrows as symbols, ...).
PICTOGRAPHIC_BLOCKS = (
    (0x200D, 0x200D),  # zero-width joiner, which glues emoji sequences
    (0x2300, 0x23FF),  # miscellaneous technical (the old skip mark)
    (0x2600, 0x27BF),  # miscellaneous symbols and dingbats
    (0x2B00, 0x2BFF),  # miscellaneous symbols and arrows
    (0xFE00, 0xFE0F),  # variation selectors (emoji presentation)
    (0x1F000, 0x1FAFF),  # the emoji planes' blocks
    (0xE0020, 0xE007F),  # tag characters (flag sequences)
)


def pictographic(text: str) -> list[str]:
    """Every code point of `text` that needs an emoji or symbol font, as U+XXXX names."""
    return [
        f"U+{ord(char):04X}"
        for char in text
        if unicodedata.category(char) == "So"
        or any(low <= ord(char) <= high for low, high in PICTOGRAPHIC_BLOCKS)
    ]


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    links: list[str] = field(default_factory=list)  # in-page targets inside, without '#'
    text: str = ""  # the visible text inside

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class Page(HTMLParser):
    """Elements by id, the matrix cells, the banner and the failure entries with their links."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link"})

    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: dict[str, Element] = {}
        self.cells: list[Element] = []
        self.banners: list[Element] = []
        self.failures: list[Element] = []
        self._open: list[Element] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        if "id" in element.attrs:
            assert element.attrs["id"] not in self.ids, f"duplicate id {element.attrs['id']}"
            self.ids[element.attrs["id"]] = element
        href = element.attrs.get("href", "")
        if tag == "a" and href.startswith("#"):
            for outer in self._open:
                outer.links.append(href[1:])
        if tag == "td" and "cell" in element.classes:
            self.cells.append(element)
        if "verdict" in element.classes:
            self.banners.append(element)
        if "failure" in element.classes:
            self.failures.append(element)
        if tag not in self.VOID:
            self._open.append(element)

    def handle_data(self, data: str) -> None:
        for outer in self._open:
            outer.text += data

    def handle_endtag(self, tag: str) -> None:
        while self._open and self._open.pop().tag != tag:
            pass


def page_of(outcome: RunOutcome) -> Page:
    return Page(html.render(outcome))


def failed_cells(page: Page) -> list[Element]:
    return [cell for cell in page.cells if cell.classes & {"failed", "warning"}]


@pytest.fixture
def busy(outcome: RunOutcome) -> RunOutcome:
    """The hand-built run plus a second failure in one cell and one in the run column."""
    verdicts = {verdict.rule.id: verdict for verdict in outcome.verdicts}
    dim3 = verdicts["DIM-3"]
    dim3.failures.append(replace(dim3.failures[0], message="one more, same cell"))
    verdicts["LIFE-3"].failures.append(
        Failure(rule="LIFE-3", operation="lifecycle", message="the task never finished")
    )
    return outcome


def test_the_check_finds_emoji_and_symbols() -> None:
    for symbol in view.SYMBOLS.values():
        assert pictographic(symbol), symbol
    assert pictographic("ok \u2714\ufe0f") == ["U+2714", "U+FE0F"]
    assert pictographic("DIM-3 \u00b7 1024 \u00d7 768, caf\u00e9 \u2026 \u2013") == []


@pytest.mark.parametrize("run", ["outcome", "compared", "busy"])
def test_the_page_has_no_emoji_or_pictographic_code_point(
    run: str, request: pytest.FixtureRequest
) -> None:
    text = html.render(request.getfixturevalue(run))
    assert pictographic(text) == [] and pictographic(unescape(text)) == []
    for state in view.Cell:  # every mark is still there, drawn by the page's CSS
        assert f'class="mark {state.value}"' in text
        assert f".mark.{state.value}::before" in html.STYLE


def test_the_banner_names_and_links_every_failing_rule(busy: RunOutcome) -> None:
    page = page_of(busy)
    [banner] = page.banners
    failing = [verdict.rule.id for verdict in view.failing(busy)]
    assert failing == ["DIM-3", "LIFE-3", "IMG-2"]
    assert banner.links == [f"fail-{rule}" for rule in failing]
    assert "Failing: DIM-3 (MUST), LIFE-3 (MUST), IMG-2 (SHOULD)" in banner.text
    for rule in failing:
        section = page.ids[f"fail-{rule}"]
        assert section.tag == "section"


def test_every_failed_cell_links_to_its_first_failure_and_back(busy: RunOutcome) -> None:
    page = page_of(busy)
    cells = failed_cells(page)
    # DIM-3 on createQuantumArtwork, IMG-2 on createImageGeneration, LIFE-3 in the run column.
    assert len(cells) == 3
    entries = {entry.attrs["id"]: entry for entry in page.failures}
    assert len(entries) == sum(len(v.failures) for v in busy.verdicts) == 4
    for cell in cells:
        [target] = cell.links
        assert target in entries, f"{cell.attrs} links to {target}, which is no failure"
        assert entries[target].links == [cell.attrs["id"]]  # and the failure links back
    assert {cell.links[0] for cell in cells} == {
        "failure-DIM-3-1",
        "failure-IMG-2-1",
        "failure-LIFE-3-1",
    }
    second = entries["failure-DIM-3-2"]  # the second failure in a cell links back to that cell
    assert second.links == entries["failure-DIM-3-1"].links
    assert page.ids[second.links[0]].tag == "td"


def test_cells_that_did_not_fail_link_nowhere(busy: RunOutcome) -> None:
    page = page_of(busy)
    quiet = [cell for cell in page.cells if cell not in failed_cells(page)]
    assert quiet and all(not cell.links and "id" not in cell.attrs for cell in quiet)
    states = {verdict.status for verdict in busy.verdicts}
    assert states == {Status.PASSED, Status.FAILED, Status.SKIPPED}


def test_markdown_banner_names_failing_rules_linked_to_anchored_failures(busy: RunOutcome) -> None:
    text = markdown.render(busy)
    head, failures = text.split("## Failures", 1)
    banner = "- Failing: [DIM-3](#fail-DIM-3) (MUST), [LIFE-3](#fail-LIFE-3) (MUST), "
    assert banner + "[IMG-2](#fail-IMG-2) (SHOULD)" in head
    for rule in ("DIM-3", "LIFE-3", "IMG-2"):
        anchor = f'<a id="fail-{rule}"></a>\n\n### '
        assert anchor in failures and failures.index(anchor) < failures.index(f" {rule} (")
