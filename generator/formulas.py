"""Math in titles, abstracts and notes: `$...$`, `\\(...\\)`, `$$...$$` and `\\[...\\]`.

Pages show it as MathML, made at build time (every current browser draws it, screen readers
read it, and no script or network is needed); plain-text outputs (a page's <title>, meta
tags, feeds, exports, search records) carry a readable Unicode form of it. A dollar sign
opens inline math only before a non-space and closes it only after one, not before a digit,
as Pandoc reads TeX math: "costs $5 and $10" is text. Math that cannot be converted shows as
its source text (and `papers check` warns of it).

MathML comes from latex2mathml, is read back as XML and kept only when every element and
attribute is one of the allow-list below: it is written again from that tree, so nothing a
paper file holds reaches a page as markup.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from xml.etree import ElementTree

from markupsafe import Markup, escape

_NS = "{http://www.w3.org/1998/Math/MathML}"
ELEMENTS = frozenset(
    "math mrow mi mn mo ms mtext mspace msup msub msubsup mfrac msqrt mroot mover munder "
    "munderover mtable mtr mtd mstyle mpadded mphantom menclose".split())
ATTRIBUTES = frozenset(
    "display mathvariant stretchy fence separator accent accentunder displaystyle "
    "scriptlevel linethickness columnalign columnspacing rowspacing columnlines rowlines "
    "lspace rspace width height depth notation form movablelimits largeop minsize maxsize "
    "symmetric".split())


@dataclass(frozen=True)
class Piece:
    """A stretch of a text: math (its LaTeX, between its delimiters in `raw`) or not."""

    raw: str
    source: str = ""
    math: bool = False
    display: bool = False


def pieces(text: str) -> list[Piece]:
    """The text cut into its math and the text between."""
    found: list[Piece] = []
    start = at = 0
    while at < len(text):
        math = _math_at(text, at)
        if math is None:
            at += 2 if text[at] == "\\" else 1  # an escaped character (\$) is text
            continue
        if start < at:
            found.append(Piece(text[start:at]))
        found.append(math)
        at = start = at + len(math.raw)
    if start < len(text):
        found.append(Piece(text[start:]))
    return found


def _math_at(text: str, at: int) -> Piece | None:
    for opener, closer, display in (("$$", "$$", True), ("\\(", "\\)", False),
                                    ("\\[", "\\]", True)):
        if text.startswith(opener, at):
            end = text.find(closer, at + 2)
            if end > at + 2:
                return Piece(text[at:end + 2], text[at + 2:end], True, display)
            return None
    if text[at] == "$" and at + 1 < len(text) and not text[at + 1].isspace():
        end = at + 1
        while (end := text.find("$", end + 1)) != -1 and text[end - 1] == "\\":
            pass
        if end != -1 and not text[end - 1].isspace() and not text[end + 1:end + 2].isdigit():
            return Piece(text[at:end + 1], text[at + 1:end], True, False)
    return None


def has_math(text: str) -> bool:
    return ("$" in text or "\\" in text) and any(piece.math for piece in pieces(text))


@functools.cache
def _tree(source: str, display: bool) -> ElementTree.Element | None:
    """The MathML of a formula, or None when it cannot be converted or holds anything but
    the allow-listed elements and attributes, or a command latex2mathml does not know."""
    # Loaded when a text first has math: most lists' checks and builds never need it.
    from latex2mathml.converter import convert

    try:
        root = ElementTree.fromstring(convert(source, display="block" if display else "inline"))
    except Exception:  # latex2mathml raises many kinds of error on broken LaTeX
        return None
    for element in root.iter():
        if (element.tag.removeprefix(_NS) not in ELEMENTS
                or not set(element.attrib) <= ATTRIBUTES
                or element.tag != f"{_NS}mtext" and "\\" in (element.text or "")):
            return None
    return root


def unconvertible(text: str) -> list[str]:
    """The math of a text that cannot be shown as math, as written (delimiters and all)."""
    return [piece.raw for piece in pieces(text) if piece.math and
            _tree(piece.source, piece.display) is None] if has_math(text) else []


def html(text: str) -> Markup:
    """The text as HTML: escaped, its math as MathML (or as its source where it has none)."""
    if not has_math(text):
        return escape(text)
    shown = []
    for piece in pieces(text):
        tree = _tree(piece.source, piece.display) if piece.math else None
        shown.append(escape(piece.raw) if tree is None else _markup(tree))
    return Markup("").join(shown)


# Elements whose children are a row (not a base and its script, say): a function's name
# there gets the thin spaces TeX gives it ("n log n", not "nlogn").
_ROWS = frozenset("math mrow mstyle mtd msqrt mpadded mphantom menclose".split())
_THIN_SPACE = Markup('<mspace width="0.1667em"></mspace>')


def _markup(element: ElementTree.Element) -> Markup:
    """A MathML tree written as HTML, every text and attribute value escaped. Capital Greek
    letters stand upright, as TeX sets them."""
    tag = element.tag.removeprefix(_NS)
    attributes = dict(element.attrib)
    text = element.text or ""
    if tag == "mi" and len(text) == 1 and "Α" <= text <= "Ω":
        attributes.setdefault("mathvariant", "normal")
    written = Markup("").join(Markup(' {}="{}"').format(name, value)
                              for name, value in sorted(attributes.items()))
    inner = Markup("").join((_spaced(child) if tag in _ROWS else _markup(child))
                            + escape(child.tail or "") for child in element)
    return Markup("<{0}{1}>{2}{3}</{0}>").format(tag, written, escape(text), inner)


def _spaced(element: ElementTree.Element) -> Markup:
    name = element.tag == f"{_NS}mi" and len((element.text or "").strip()) > 1
    return _THIN_SPACE + _markup(element) + _THIN_SPACE if name else _markup(element)


def plain(text: str) -> str:
    """The text with its math in a readable Unicode form: 'ΣΔ modulators', 'O(n log n)'."""
    if not has_math(text):
        return text
    shown = []
    for piece in pieces(text):
        tree = _tree(piece.source, piece.display) if piece.math else None
        shown.append(piece.raw if tree is None else _text(tree))
    return "".join(shown)


_SUPERSCRIPTS = dict(zip("0123456789+-−=()abcdefghijklmnoprstuvwxyz",
                         "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ", strict=True))
_SUBSCRIPTS = dict(zip("0123456789+-−=()aehijklmnoprstuvx",
                       "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))


def _text(element: ElementTree.Element) -> str:
    """A MathML element as text: its characters, with scripts as Unicode scripts where
    every character has one (else ^(...) and _(...)), fractions as a/b, roots as √(...)."""
    tag = element.tag.removeprefix(_NS)
    parts = [_text(child) for child in element]
    if tag in ("mi", "mn", "mo", "mtext", "ms"):
        word = (element.text or "").strip()
        return f" {word} " if tag == "mi" and len(word) > 1 else word  # log, sin, max
    if tag in ("msup", "msub", "msubsup") and parts:
        marks = {"msup": "^", "msub": "_", "msubsup": "_^"}[tag]
        return parts[0] + "".join(script(part.strip(), mark)
                                  for part, mark in zip(parts[1:], marks, strict=False))
    if tag == "mfrac" and len(parts) == 2:
        return f"{_grouped(parts[0])}/{_grouped(parts[1])}"
    if tag == "msqrt":
        return f"√({''.join(parts).strip()})"
    if tag == "mroot" and len(parts) == 2:
        return f"{script(parts[1].strip(), '^')}√({parts[0].strip()})"
    joined = "".join(parts)
    return " ".join(joined.split()) if tag == "math" else joined


def script(text: str, mark: str) -> str:
    """A superscript (mark ^) or subscript (_) as Unicode where every character has one:
    '³', 'ᵏ'; else as ^(text) or _(text)."""
    table = _SUPERSCRIPTS if mark == "^" else _SUBSCRIPTS
    if text and all(character in table for character in text):
        return "".join(table[character] for character in text)
    return f"{mark}{_grouped(text)}"


def _grouped(text: str) -> str:
    text = text.strip()
    return text if len(text) == 1 or text.isalnum() else f"({text})"
