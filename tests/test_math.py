"""Math in titles, abstracts and notes (tests/fixtures/math): MathML on pages, cards, lists
and search results; a Unicode form in every plain-text output; LaTeX in BibTeX; dollars that
are not math stay text; math that cannot be converted is a warning and shows as written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import REPO, build, make_project, papers, search_for, serving, site_handler
from playwright.sync_api import expect

from generator import formulas

MATH_LIST = REPO / "tests" / "fixtures" / "math"
DELTA_SIGMA = "Reducing Complexity and Power of Digital Multibit Error-Feedback ΔΣ Modulators"
RADIX = "Pipelined Radix-2ᵏ Feedforward FFT Architectures"
ABSTRACT = ("We reduce the cost of ΣΔ modulators with an O(n log n) search over ℓ₁-bounded "
            "coefficients.")


@pytest.mark.parametrize(("text", "unicode"), [
    (r"$O(n \log n)$", "O(n log n)"),
    (r"$\Delta$$\Sigma$ Modulators", "ΔΣ Modulators"),
    (r"$\ell_1$", "ℓ₁"),
    (r"Radix-2\({}^{\mbox{k}}\)", "Radix-2ᵏ"),
    (r"\(\mathrm{\mu}\)m", "μm"),
    (r"$$\frac{a+b}{2}$$", "(a+b)/2"),
    (r"\[x^{(n)}\]", "x⁽ⁿ⁾"),
    (r"$10^{-3}$", "10⁻³"),
    ("costs $5 and $10", "costs $5 and $10"),
    ("a $ b $ c", "a $ b $ c"),
])
def test_the_unicode_form_of_math(text, unicode):
    assert formulas.plain(text) == unicode


def test_dollars_that_are_not_math_stay_text_in_html():
    assert str(formulas.html("costs $5 and $10 <b>")) == "costs $5 and $10 &lt;b&gt;"


def test_math_latex2mathml_cannot_read_shows_as_written_and_escaped():
    text = r"bad $\frac{1}{$ and $\text{<script>x</script>}$"
    assert formulas.unconvertible(text) == [r"$\frac{1}{$", r"$\text{<script>x</script>}$"]
    assert str(formulas.html(text)) == r"bad $\frac{1}{$ and $\text{&lt;script&gt;x&lt;/script&gt;}$"


@pytest.fixture(scope="module")
def math_site(tmp_path_factory) -> Path:
    return build(make_project(tmp_path_factory.mktemp("math"), MATH_LIST))


def page(site: Path, slug: str) -> str:
    return (site / "papers" / slug / "index.html").read_text(encoding="utf-8")


def test_papers_check_warns_of_math_it_cannot_show_at_its_line(tmp_path):
    project = make_project(tmp_path, MATH_LIST)
    checked = papers("check", cwd=project)
    assert checked.returncode == 0, checked.stderr
    warnings = [line for line in (checked.stdout + checked.stderr).splitlines() if "warning:" in line]
    end = "is not math the site can show (it shows it as written): check its LaTeX"
    assert warnings == [
        rf"papers/delta-sigma-modulators.md:11: warning: 'notes': $\frac{{1}}{{$ {end}",
        rf"papers/hostile-math.md:2: warning: 'title': $\text{{<script>alert(1)</script>}}$ {end}",
        rf"papers/hostile-math.md:2: warning: 'title': $\unknowncommand{{x}}$ {end}",
        rf"papers/hostile-math.md:8: warning: 'notes': \(\text{{<img src=x onerror=alert(1)>}}\) {end}",
    ]


def test_a_paper_page_shows_math_and_its_plain_text_parts_the_unicode_form(math_site):
    html = page(math_site, "delta-sigma-modulators")
    heading = re.search(r"<h1>(.*?)</h1>", html)[1]
    assert heading.startswith("Reducing Complexity") and heading.count("<math") == 2
    assert '<mi mathvariant="normal">Δ</mi>' in heading and '<mi mathvariant="normal">Σ</mi>' in heading
    assert f"<title>{DELTA_SIGMA} - " in html
    assert f'<meta name="citation_title" content="{DELTA_SIGMA}">' in html
    assert f'<meta property="og:title" content="{DELTA_SIGMA}">' in html
    assert f'<meta name="citation_abstract" content="{ABSTRACT}">' in html
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html)[1])
    assert ld["headline"] == DELTA_SIGMA
    abstract = re.search(r'<div class="ps-abstract">(.*?)</div>', html, re.S)[1]
    assert abstract.count("<math") == 3 and "<mi>log</mi>" in abstract
    # The notes: dollars of prices stay text, code keeps its dollars, display math is a block.
    assert "costs $5 and $10 per run" in html
    assert "<code>$x$ in code</code>" in html
    assert '<math display="block">' in html
    assert r"Broken on purpose: $\frac{1}{$ and that is all." in html
    # BibTeX keeps the LaTeX, braced.
    assert r"title = {Reducing Complexity and Power of Digital Multibit Error-Feedback" in html
    assert r"{$\Delta$}{$\Sigma$} Modulators}" in html


def test_math_that_cannot_be_converted_shows_as_written_with_nothing_unescaped(math_site):
    html = page(math_site, "hostile-math")
    assert (r"<h1>A title with $\text{&lt;script&gt;alert(1)&lt;/script&gt;}$ and "
            r"$\unknowncommand{x}$ inside</h1>") in html
    assert r"Notes with \(\text{&lt;img src=x onerror=alert(1)&gt;}\)" in html
    assert "<script>alert" not in html and "<img src=x" not in html


def test_feeds_exports_and_bibtex_carry_math_as_each_should(math_site):
    titles = {item["title"] for item in json.loads(
        (math_site / "feed.json").read_text(encoding="utf-8"))["items"]}
    assert {DELTA_SIGMA, RADIX} <= titles
    listed = {paper["slug"]: paper for paper in json.loads(
        (math_site / "papers.json").read_text(encoding="utf-8"))["papers"]}
    assert listed["delta-sigma-modulators"]["title"] == DELTA_SIGMA
    assert listed["delta-sigma-modulators"]["abstract"] == ABSTRACT
    assert listed["radix-fft"]["abstract"] == "A family of e² designs that use μm-scale memories."
    csl = {item["title"] for item in json.loads(
        (math_site / "papers.csl.json").read_text(encoding="utf-8"))}
    assert {DELTA_SIGMA, RADIX} <= csl
    card_data = json.loads((math_site / "papers" / "delta-sigma-modulators" / "paper.json")
                           .read_text(encoding="utf-8"))
    assert card_data["abstract"] == ABSTRACT
    [paragraph] = card_data["abstract_html"]
    assert paragraph.startswith("We reduce the cost of <math") and paragraph.count("<math") == 3
    plain_data = json.loads((math_site / "papers" / "hostile-math" / "paper.json")
                            .read_text(encoding="utf-8"))
    assert "abstract_html" not in plain_data  # no math: the text is all
    bib = (math_site / "papers.bib").read_text(encoding="utf-8")
    assert r"title = {Pipelined {Radix-2}{\({}^{\mbox{k}}\)} Feedforward {FFT} Architectures}" in bib


def test_cards_the_browse_view_and_search_results_show_math(math_site, tab):
    with serving(site_handler(math_site)) as url:
        tab.goto(url + "tags/hardware/")
        card_title = tab.locator(".ps-card__title", has_text="Reducing Complexity")
        expect(card_title.locator("math")).to_have_count(2)
        card = tab.locator(".ps-card", has=card_title)
        card.get_by_text("Abstract").click()  # the toggle shows the abstract's math as math
        expect(card.locator(".ps-abstract math")).to_have_count(3)
        expect(card.locator(".ps-abstract")).to_contain_text("We reduce the cost of")
        tab.goto(url)
        expect(tab.locator("#ps-browse[data-ready]")).to_have_count(1)
        browse_title = tab.locator(".ps-browse .ps-card__title", has_text="Pipelined")
        expect(browse_title.locator("math msup")).to_have_count(1)
        box = browse_title.locator("math").bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0  # Chromium draws it
        tab.locator(".ps-browse__search").fill("ΔΣ modulators")  # found by its Unicode form
        expect(tab.locator(".ps-browse .ps-card__title")).to_have_count(1)
        tab.keyboard.press("Escape")
        tab.locator("body").click()
        tab.keyboard.press("/")
        search_for(tab, "modulators")
        result = tab.locator(".ps-search__result", has_text="Reducing Complexity")
        expect(result.locator(".ps-search__title math")).to_have_count(2)
        expect(result.locator(".ps-search__excerpt")).to_contain_text("ΣΔ modulators")
