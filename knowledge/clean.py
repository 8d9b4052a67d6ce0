"""Cleaning of web-capture noise, line by line and paragraph by paragraph.

The shipped sources are captures of web articles. What they carry besides the article:

- glossary pop-ups inlined mid-sentence: ``strategic alignment Meaning ● Strategic Alignment
  for SMBs: Dynamically adapting ... environments. is not just a corporate buzzword``; the
  definition goes, the sentence reads on;
- image alt-text paragraphs ("This image presents…", "A magnified visual of…", "Geometric
  shapes depict…"): recognised by what they talk about (images, shapes, colours, symbols),
  not by their first words;
- "Skip to main content", the "References" list and the trailing "Explore" link list;
- "●" where the page had a colon or a dash, and, in one capture, gaps where a glossary link
  was stripped with its words ("investments like ● directly supports"), marked here with "…"
  so the sentence stays readable without inventing the missing words.

The functions are pure and small so that each rule is tested on real lines from the corpus.
"""

from __future__ import annotations

import re

_GLOSSARY_POPUP = re.compile(r"\s+Meaning ● .*?\.(?=\s|$)")

_NOISE_LINES = frozenset({"skip to main content"})

# Words an image description uses to talk about the picture rather than the business.
# Strong cues name the act of depicting ("image", "depicts", "symbolising", "composition");
# weak ones name what pictures show (colours, shapes, a desk). Stems match at a word start,
# words match whole.
_STRONG_STEMS = (
    "image",
    "imagery",
    "visual",
    "photo",
    "composition",
    "depict",
    "portray",
    "illustrat",
    "symboli",
    "showcas",
    "evok",
    "embod",
    "aesthetic",
    "abstract",
    "geometric",
    "sculpture",
    "mosaic",
    "kaleidoscope",
    "close-up",
    "emblem",
    "graphic",
    "crystal ball",
    "lego",
    "brings to mind",
    "alludes",
)
_WEAK_WORDS = (
    "picture",
    "symbol",
    "lens",
    "lines",
    "shapes",
    "sphere",
    "spheres",
    "cubes",
    "objects",
    "background",
    "backdrop",
    "accent",
    "accents",
    "palette",
    "metallic",
    "glossy",
    "polished",
    "curvature",
    "sleek",
    "smooth",
    "lighting",
    "setup",
    "desk",
    "arrangement",
    "the scene",
    "the view",
)
_STRONG = re.compile(
    r"\b(" + "|".join(re.escape(s) for s in _STRONG_STEMS) + r")", flags=re.IGNORECASE
)
# Colours count once, however many are named: "red and black" describes a brand as often as
# a picture.
_COLOURS = re.compile(r"\b(red|black|white|silver|cream|dark|golden|blue)\b", flags=re.IGNORECASE)
_WEAK = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in _WEAK_WORDS) + r")\b", flags=re.IGNORECASE
)
# In the shipped captures real paragraphs score 2 at most (one strong cue, or "lines" and a
# colour) and the alt texts 3 or more (most 6 or more).
_IMAGE_DESCRIPTION_SCORE = 3

# A "●" left where a glossary link and its words were stripped: after a word that cannot end
# a phrase ("investments like ● directly supports").
_STRAY_BULLET_GAP = re.compile(r"\b(like|the|a|an|of|every|such as|to|for|with|and|or) ● (?=[a-z])")
# A sentence that starts in lower case lost its first words ("boost sales. demands a holistic"),
# unless the full stop ends an abbreviation ("e.g. a", "vs. them").
_HEADLESS_SENTENCE = re.compile(r"(\S+)([.!?]) (?=[a-z])")
_ABBREVIATIONS = frozenset({"e.g", "i.e", "etc", "vs", "approx", "cf", "fig", "no", "incl", "esp"})
# Word pairs that cannot occur in English prose: the noun between them was stripped
# ("a culture where every is directly linked", "the of aligning", "definition of in the age").
_MISSING_WORD = re.compile(
    r"\b(?:(the|every|a|an) (is|are|of|in|can|that|to)"
    r"|(if|where|when) (is|are|can)"
    r"|(of) (in|is|are))(?![\w-])"
)


def strip_glossary_popups(line: str) -> str:
    """Return the line without inlined glossary definitions (`term Meaning ● definition.`),
    keeping the term so the sentence reads on."""
    return _GLOSSARY_POPUP.sub("", line)


def is_noise_line(line: str) -> bool:
    """Return True for page chrome that is never content ("Skip to main content")."""
    return line.strip().lower() in _NOISE_LINES


def image_description_score(paragraph: str) -> int:
    """Return how strongly the paragraph talks about a picture: 2 per distinct strong cue
    ("image", "depicts", "symbolising"), 1 per distinct weak cue (shapes, a desk), 1 for
    naming colours."""
    strong = {m.group(1).lower() for m in _STRONG.finditer(paragraph)}
    weak = {m.group(1).lower() for m in _WEAK.finditer(paragraph)}
    colour = 1 if _COLOURS.search(paragraph) else 0
    return 2 * len(strong) + len(weak) + colour


def is_image_description(paragraph: str) -> bool:
    """Return True when the paragraph describes a picture (alt text) rather than the
    business, judged by what it talks about, not by its first words."""
    return image_description_score(paragraph) >= _IMAGE_DESCRIPTION_SCORE


def mark_gaps(text: str) -> str:
    """Return the text with "…" where the capture dropped words, so a broken sentence reads
    as visibly incomplete instead of as nonsense; no word is invented."""
    text = _STRAY_BULLET_GAP.sub(lambda m: f"{m.group(1)} … ", text)
    text = _HEADLESS_SENTENCE.sub(_mark_headless, text)

    def _insert(match: re.Match[str]) -> str:
        words = [w for w in match.groups() if w]
        return f"{words[0]} … {words[1]}"

    return _MISSING_WORD.sub(_insert, text)


def _mark_headless(match: re.Match[str]) -> str:
    word, stop = match.group(1), match.group(2)
    if stop == "." and word.lower().lstrip("(") in _ABBREVIATIONS:
        return match.group(0)
    return f"{word}{stop} … "


def normalise_bullets(text: str) -> str:
    """Return the text with the capture's "●" separators as readable punctuation: a dash
    inside a line, a colon at the end of a caption ("Key Takeaways for SMBs ●")."""
    text = re.sub(r"\s*●\s*$", ":", text)
    text = re.sub(r"^\s*●\s*", "", text)
    return re.sub(r"\s*●\s*", " — ", text)


def clean_line(line: str) -> str:
    """Return one line of a source with pop-ups removed, gaps marked and bullets made
    readable; whitespace is collapsed."""
    line = strip_glossary_popups(line)
    line = mark_gaps(line)
    line = normalise_bullets(line)
    return re.sub(r"\s+", " ", line).strip()


def strip_trailing_explore(lines: list[str]) -> list[str]:
    """Return the lines without the page's trailing "Explore" block (a heading followed only
    by links to other articles)."""
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].strip().lower() == "explore":
            rest = [ln.strip() for ln in lines[i + 1 :] if ln.strip()]
            if all(len(ln) < 120 and ln.endswith("?") for ln in rest):
                return lines[:i]
            break
    return lines


def strip_references(lines: list[str]) -> list[str]:
    """Return the lines without "References" headings and the bibliography items under them
    (bibliographies are not guidance; "Reflection", which follows, is kept)."""
    kept: list[str] = []
    in_references = False
    for line in lines:
        stripped = line.strip()
        if stripped.lower() == "references":
            in_references = True
            continue
        if in_references:
            if not stripped or stripped.startswith(("-", "•", "*")):
                continue
            in_references = False
        kept.append(line)
    return kept
