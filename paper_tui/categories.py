"""arXiv's category names (https://arxiv.org/category_taxonomy): checking and spelling what users type."""

from __future__ import annotations

import re

from paper_tui.text import sanitize

__all__ = ["KNOWN_CATEGORIES", "CategoryError", "arxiv_category", "closest_categories", "known_category"]

_CATEGORY_SYNTAX = re.compile(r"[a-z\-]+(\.[A-Za-z\-]+)?")


class CategoryError(ValueError):
    """A name that cannot be an arXiv category; ``str()`` is one line saying why."""


# arXiv's category taxonomy (https://arxiv.org/category_taxonomy): archives and their subject classes.
_TAXONOMY = {
    "cs": "AI AR CC CE CG CL CR CV CY DB DC DL DM DS ET FL GL GR GT HC IR IT LG LO MA MM MS NA NE NI "
    "OH OS PF PL RO SC SD SE SI SY",
    "econ": "EM GN TH",
    "eess": "AS IV SP SY",
    "math": "AC AG AP AT CA CO CT CV DG DS FA GM GN GR GT HO IT KT LO MG MP NA NT OA OC PR QA RA RT SG SP ST",
    "astro-ph": "CO EP GA HE IM SR",
    "cond-mat": "dis-nn mes-hall mtrl-sci other quant-gas soft stat-mech str-el supr-con",
    "nlin": "AO CD CG PS SI",
    "physics": "acc-ph ao-ph app-ph atm-clus atom-ph bio-ph chem-ph class-ph comp-ph data-an ed-ph "
    "flu-dyn gen-ph geo-ph hist-ph ins-det med-ph optics plasm-ph pop-ph soc-ph space-ph",
    "q-bio": "BM CB GN MN NC OT PE QM SC TO",
    "q-fin": "CP EC GN MF PM PR RM ST TR",
    "stat": "AP CO ME ML OT TH",
    "gr-qc": "",
    "hep-ex": "",
    "hep-lat": "",
    "hep-ph": "",
    "hep-th": "",
    "math-ph": "",
    "nucl-ex": "",
    "nucl-th": "",
    "quant-ph": "",
}
#: Known category (and archive) names, keyed by their lower-case spelling.
KNOWN_CATEGORIES: dict[str, str] = {
    name.lower(): name
    for archive, classes in _TAXONOMY.items()
    for name in (archive, *(f"{archive}.{c}" for c in classes.split()))
}


def arxiv_category(name: str) -> str:
    """The canonical spelling of an arXiv category (``CS.cl`` -> ``cs.CL``); CategoryError when malformed."""
    name = name.strip()
    known = KNOWN_CATEGORIES.get(name.lower())
    if known:
        return known
    if not _CATEGORY_SYNTAX.fullmatch(name):
        shown = sanitize(name, max_len=60)
        raise CategoryError(f"unknown category {shown!r}: arXiv category names look like cs.CL or math.AG")
    return name


def closest_categories(name: str, count: int = 3) -> list[str]:
    """The known categories spelt most like ``name`` (``cs.LGG`` -> ``cs.LG``, ...), best first."""
    import difflib

    found = difflib.get_close_matches(name.strip().lower(), list(KNOWN_CATEGORIES), n=count, cutoff=0.6)
    return [KNOWN_CATEGORIES[key] for key in found]


def known_category(name: str) -> str:
    """The canonical spelling of a category in arXiv's taxonomy; CategoryError (naming the closest known
    names) for any other, so that a typo is said before anything is requested."""
    known = KNOWN_CATEGORIES.get(name.strip().lower())
    if known:
        return known
    closest = closest_categories(name)
    hint = f"closest: {', '.join(closest)}" if closest else "the list: https://arxiv.org/category_taxonomy"
    raise CategoryError(
        f"unknown category {sanitize(name.strip(), max_len=60)}: not an arXiv category ({hint}); "
        "nothing was requested"
    )
