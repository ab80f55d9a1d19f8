"""Addresses: of the site's pages and files, and of a paper elsewhere (arXiv, PDF, DOI)."""

from __future__ import annotations

from generator.model import Paper


def paper_path(paper: Paper) -> str:
    """The paper's page, relative to the site root."""
    return f"papers/{paper.slug}/"


def tag_path(slug: str) -> str:
    """A tag's page, relative to the site root; its feeds and BibTeX file sit inside it."""
    return f"tags/{slug}/"


def absolute(site_url: str, path: str) -> str:
    """A path of the site as a full URL, under site_url (which may be a sub-path)."""
    return site_url.rstrip("/") + "/" + path


def arxiv_url(paper: Paper) -> str:
    """The arXiv abstract page, or '' for a paper without an arXiv id."""
    return f"https://arxiv.org/abs/{paper.arxiv}" if paper.arxiv else ""


def pdf_url(paper: Paper) -> str:
    """The paper's `pdf` link, else arXiv's PDF, else ''."""
    arxiv_pdf = f"https://arxiv.org/pdf/{paper.arxiv}" if paper.arxiv else ""
    return dict(paper.links).get("pdf", arxiv_pdf)


def doi_url(paper: Paper) -> str:
    """The DOI as a doi.org address, or ''."""
    return f"https://doi.org/{paper.doi}" if paper.doi else ""
