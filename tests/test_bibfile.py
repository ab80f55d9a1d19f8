"""BibTeX files into paper records: exports of Zotero, DBLP, Google Scholar and arXiv, and
`papers import FILE.bib`."""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURES, run, write_paper

from generator.importer import Record, Skipped, UnreadableInput, read_records
from generator.index import check_list
from generator.model import PartialDate

BIBTEX = FIXTURES / "bibtex"

SMITH_TITLE = ("Beyond 512 Tokens: Siamese Multi-depth Transformer-based Hierarchical Encoder "
               "for Long-Form Document Matching")
SMITH_AUTHORS = ("Liu Yang", "Mingyang Zhang", "Cheng Li", "Michael Bendersky", "Marc Najork")
SMITH_FILE = "beyond-512-tokens-siamese-multi-depth-transformer.md"
GAT_AUTHORS = ("Guillem Cucurull", "Arantxa Casanova", "Adriana Romero")
VASWANI_AUTHORS = ("Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit", "Llion Jones")

LISTED_ATTENTION = """\
title: Attention Is All You Need
authors: [Ashish Vaswani]
date: 2017-06-12
arxiv: '1706.03762'
tags: [retrieval]
abstract: Listed before the import.
"""


def read_text(tmp_path, text: str) -> list[Record | Skipped]:
    path = tmp_path / "refs.bib"
    path.write_text(text, encoding="utf-8")
    return read_records(path)


def only_record(tmp_path, text: str) -> Record:
    [record] = read_text(tmp_path, text)
    return record


def test_zotero_export():
    assert read_records(BIBTEX / "zotero.bib") == [
        Record(key="yang_beyond_2020", line=2, title=SMITH_TITLE, authors=SMITH_AUTHORS,
               date=PartialDate(2020, 10),
               venue="Proceedings of the 29th ACM International Conference on Information & "
                     "Knowledge Management",
               doi="10.1145/3340531.3411908",
               links=(("project", "https://dl.acm.org/doi/10.1145/3340531.3411908"),),
               abstract="Semantic matching between long documents is hard for Transformer "
                        "models, whose cost grows with the square of the input length. We "
                        "propose a hierarchical encoder that matches documents of up to 2048 "
                        "tokens and improves on BERT-based baselines by 5% on two benchmarks."),
        Record(key="yang_beyond_2020-1", line=21, title=SMITH_TITLE, authors=SMITH_AUTHORS,
               date=PartialDate(2020, 4), arxiv="2004.12297", doi="10.48550/arXiv.2004.12297",
               abstract="The preprint of the CIKM paper."),
        Record(key="velickovic_graph_2018", line=36, title="Graph Attention Networks",
               authors=("Petar Veličković", *GAT_AUTHORS, "Pietro Liò", "Yoshua Bengio"),
               date=PartialDate(2018, 2), arxiv="1710.10903", doi="10.48550/arXiv.1710.10903",
               abstract="We present graph attention networks (GATs), which operate on "
                        "graph-structured data and attend over the features of a node's "
                        "neighbourhood.\n\nOur models reach state-of-the-art results on the "
                        "Cora, Citeseer and Pubmed citation networks and on a protein-protein "
                        "interaction dataset."),
        Record(key="vaswani_attention_2017", line=54, title="Attention is All you Need",
               authors=(*VASWANI_AUTHORS, "Aidan N Gomez", "Łukasz Kaiser", "Illia Polosukhin"),
               date=PartialDate(2017), venue="Advances in Neural Information Processing Systems",
               links=(("pdf", "https://proceedings.neurips.cc/paper_files/paper/2017/file/"
                              "3f5ee243547dee91fbd053c1c4a845aa-Paper.pdf"),)),
        Record(key="gemini_team_google_gemini_2023", line=65,
               title="Gemini: A Family of Highly Capable Multimodal Models",
               authors=("Gemini Team, Google", "Rohan Anil", "Sebastian Borgeaud"),
               date=PartialDate(2023, 12),
               links=(("pdf", "https://storage.googleapis.com/deepmind-media/gemini/"
                              "gemini_1_report.pdf"),),
               abstract="This report introduces a new family of multimodal models, Gemini, that "
                        "exhibit remarkable capabilities across image, audio, video, and text "
                        "understanding."),
        Skipped(76, "radford_language_nodate", "no year"),
        Skipped(82, "noauthor_introducing_2024", "no author"),
    ]


def test_dblp_export():
    assert read_records(BIBTEX / "dblp.bib") == [
        Record(key="DBLP:conf/cikm/YangZLBN20", line=1, title=SMITH_TITLE, authors=SMITH_AUTHORS,
               date=PartialDate(2020),
               venue="CIKM '20: The 29th ACM International Conference on Information and "
                     "Knowledge Management, Virtual Event, Ireland, October 19-23, 2020",
               doi="10.1145/3340531.3411908"),
        Record(key="DBLP:journals/corr/abs-1710-10903", line=26, title="Graph Attention Networks",
               authors=("Petar Velickovic", *GAT_AUTHORS, "Pietro Liò", "Yoshua Bengio"),
               date=PartialDate(2017), arxiv="1710.10903"),
        Record(key="DBLP:journals/neco/HochreiterS97", line=45, title="Long Short-Term Memory",
               authors=("Sepp Hochreiter", "Jürgen Schmidhuber"), date=PartialDate(1997),
               venue="Neural Comput.", doi="10.1162/NECO.1997.9.8.1735"),
        Record(key="DBLP:journals/tbd/JohnsonDJ21", line=61,
               title="Billion-Scale Similarity Search with GPUs",
               authors=("Jeff Johnson", "Matthijs Douze", "Hervé Jégou"), date=PartialDate(2021),
               venue="IEEE Trans. Big Data", doi="10.1109/TBDATA.2019.2921572"),
        Record(key="DBLP:journals/corr/abs-1301-3781", line=78,
               title="Efficient Estimation of Word Representations in Vector Space",
               authors=("Tomás Mikolov", "Kai Chen", "Greg Corrado", "Jeffrey Dean"),
               date=PartialDate(2013), arxiv="1301.3781"),
    ]


def test_google_scholar_export():
    assert read_records(BIBTEX / "scholar.bib") == [
        Record(key="velivckovic2017graph", line=8, title="Graph attention networks",
               authors=("Petar Veličković", *GAT_AUTHORS, "Pietro Lio", "Yoshua Bengio"),
               date=PartialDate(2017), arxiv="1710.10903"),
        Record(key="devlin2019bert", line=15,
               title="BERT: Pre-training of deep bidirectional transformers for language "
                     "understanding",
               authors=("Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"),
               date=PartialDate(2019),
               venue="Proceedings of the 2019 Conference of the North American Chapter of the "
                     "Association for Computational Linguistics: Human Language Technologies, "
                     "Volume 1 (Long and Short Papers)"),
        Record(key="hochreiter1997long", line=23, title="Long short-term memory",
               authors=("Sepp Hochreiter", "Jürgen Schmidhuber"), date=PartialDate(1997),
               venue="Neural computation"),
        Record(key="achiam2023gpt", line=34, title="Gpt-4 technical report",
               authors=("Josh Achiam", "Steven Adler", "Sandhini Agarwal", "Lama Ahmad",
                        "Ilge Akkaya", "Florencia Leoni Aleman", "Diogo Almeida",
                        "Janko Altenschmidt", "Sam Altman", "Shyamal Anadkat"),
               date=PartialDate(2023), arxiv="2303.08774"),
        Record(key="jegou2010product", line=41,
               title="Product quantization for nearest neighbor search",
               authors=("Hervé Jégou", "Matthijs Douze", "Cordelia Schmid"),
               date=PartialDate(2010),
               venue="IEEE transactions on pattern analysis and machine intelligence"),
    ]


def test_arxiv_export():
    assert read_records(BIBTEX / "arxiv.bib") == [
        Record(key="yang2020beyond512tokenssiamese", line=1, title=SMITH_TITLE,
               authors=SMITH_AUTHORS, date=PartialDate(2020), arxiv="2004.12297"),
        Record(key="vaswani2023attentionneed", line=11, title="Attention Is All You Need",
               authors=(*VASWANI_AUTHORS, "Aidan N. Gomez", "Lukasz Kaiser", "Illia Polosukhin"),
               date=PartialDate(2023), arxiv="1706.03762"),
        Record(key="douze2025faisslibrary", line=21, title="The Faiss library",
               authors=("Matthijs Douze", "Alexandr Guzhva", "Chengqi Deng", "Jeff Johnson",
                        "Gergely Szilvasy", "Pierre-Emmanuel Mazaré", "Maria Lomeli",
                        "Lucas Hosseini", "Hervé Jégou"),
               date=PartialDate(2025), arxiv="2401.08281"),
        Record(key="maldacena1997largenlimit", line=31,
               title="The Large N Limit of Superconformal Field Theories and Supergravity",
               authors=("Juan M. Maldacena",), date=PartialDate(1997), arxiv="hep-th/9711200"),
    ]


def test_latex_in_titles_becomes_unicode_on_one_line(tmp_path):
    record = only_record(tmp_path, r"""@article{k, author = {A, B}, year = 2020,
        title = {{\"U}ber die {G}r{\"o}{\ss}e von {BERT} \& {GPT}: {\'e}t{\'e}, \"{o}l,
                 {\v{c}}a\v{s}, $O(n^2)$ \emph{fast}}}""")
    assert record.title == "Über die Größe von BERT & GPT: été, öl, čaš, $O(n^2)$ fast"


@pytest.mark.parametrize("author, names", [
    (r"M{\"u}ller, J{\"o}rg and Knuth, Donald E.", ["Jörg Müller", "Donald E. Knuth"]),
    ("van der Berg, Jr., Jan", ["Jan van der Berg Jr."]),
    ("Ludwig van Beethoven and Jean-Paul Sartre", ["Ludwig van Beethoven", "Jean-Paul Sartre"]),
    ("{Association for Computing Machinery, Inc.} and {OpenAI}",
     ["Association for Computing Machinery, Inc.", "OpenAI"]),
    ("Smith, Ann and others", ["Ann Smith"]),
])
def test_author_names_become_first_last(tmp_path, author, names):
    record = only_record(tmp_path, f"@misc{{k, title = {{T}}, year = 2020, author = {{{author}}}}}")
    assert record.authors == tuple(names)


def test_abstract_keeps_paragraphs_and_joins_lines(tmp_path):
    record = only_record(tmp_path, "@misc{k, title = {T}, author = {A, B}, year = 2020,\n"
                                   "  abstract = {It costs 50% less\n    than before.\n\n"
                                   "  It is {\\'e}l{\\'e}gant,\n\n\n  and \\emph{short}.}}")
    assert record.abstract == "It costs 50% less than before.\n\nIt is élégant,\n\nand short."


@pytest.mark.parametrize("fields, date", [
    ("year = 2021, month = 3", PartialDate(2021, 3)),
    ("year = 2021, month = mar", PartialDate(2021, 3)),
    ("year = {2021}, month = {March}", PartialDate(2021, 3)),
    ("year = {2021}, month = {3}", PartialDate(2021, 3)),
    ("year = {2021}, month = {Spring}", PartialDate(2021)),
    ("year = 2020, month = jan, date = {2021-05-04}", PartialDate(2021, 5, 4)),
    ("date = {2021-05}", PartialDate(2021, 5)),
    ("date = {2021-05-04/2021-05-06}", PartialDate(2021, 5, 4)),
    ("year = 2021, month = feb, date = {2021-02-30}", PartialDate(2021, 2)),
])
def test_dates_from_year_month_or_date(tmp_path, fields, date):
    record = only_record(tmp_path, f"@misc{{k, title = {{T}}, author = {{A, B}}, {fields}}}")
    assert record.date == date


def test_a_month_macro_and_a_string_macro_resolve(tmp_path):
    record = only_record(tmp_path, "@string{icml = {International Conference on Machine "
                                   "Learning}}\n@inproceedings{k, title = {T}, author = {A, B},\n"
                                   "  year = 2021, month = jul, booktitle = icml}")
    assert (record.date, record.venue) == (PartialDate(2021, 7),
                                           "International Conference on Machine Learning")


@pytest.mark.parametrize("url, fields", [
    ("https://arxiv.org/abs/2004.12297", {"arxiv": "2004.12297"}),
    ("http://arxiv.org/pdf/2004.12297v2.pdf", {"arxiv": "2004.12297"}),
    ("https://doi.org/10.1145/3340531.3411908", {"doi": "10.1145/3340531.3411908"}),
    ("https://example.org/smith/paper.PDF",
     {"links": (("pdf", "https://example.org/smith/paper.PDF"),)}),
    ("https://github.com/google-research/smith",
     {"links": (("project", "https://github.com/google-research/smith"),)}),
    (r"https://example.org/~yang/a\_b\%20c",
     {"links": (("project", "https://example.org/~yang/a_b%20c"),)}),
    ("ftp://example.org/paper.pdf", {}),
    ("https://example.org/a paper.pdf", {}),
    ("www.example.org", {}),
])
def test_url_gives_an_id_or_a_link(tmp_path, url, fields):
    record = only_record(tmp_path, f"@misc{{k, title = {{T}}, author = {{A, B}}, year = 2020, "
                                   f"url = {{{url}}}}}")
    assert record == Record(title="T", authors=("B A",), date=PartialDate(2020), line=1, key="k",
                            **fields)


def test_ids_given_in_fields_win_over_the_url(tmp_path):
    record = only_record(tmp_path, "@misc{k, title = {T}, author = {A, B}, year = 2020,\n"
                                   "  eprint = {1706.03762v5}, archivePrefix = {arXiv},\n"
                                   "  url = {https://arxiv.org/abs/2004.12297}}\n")
    assert record.arxiv == "1706.03762"


def test_an_eprint_of_another_archive_is_no_arxiv_id(tmp_path):
    record = only_record(tmp_path, "@misc{k, title = {T}, author = {A, B}, year = 2020,\n"
                                   "  eprint = {2004.12297}, eprinttype = {hal}}\n")
    assert record.arxiv == ""


def test_entries_without_title_authors_or_year_are_reported_by_key_and_line(tmp_path):
    assert read_text(tmp_path, "@comment{Exported by hand}\n\n"
                               "@misc{nothing,\n  note = {Only a note}\n}\n"
                               "@article{smith2020,\n  title = {T},\n  author = {},\n"
                               "  year = {n.d.}\n}\n"
                               "@article{untitled, author = {A, B}, year = 2020}\n") == [
        Skipped(3, "nothing", "no title, author, year"),
        Skipped(6, "smith2020", "no author, year"),
        Skipped(11, "untitled", "no title"),
    ]


def test_blocks_the_parser_cannot_read_are_reported_and_the_rest_is_read(tmp_path):
    assert read_text(tmp_path, "@article{broken,\n  title = {No closing brace,\n"
                               "  author = {A, B},\n\n"
                               "@article{good, title = {Good}, author = {A, B}, year = 2020}\n"
                               "@article{good, title = {Same key}, author = {C, D}, year = 2021}\n"
                               "@article{twice, title = {T}, title = {U}, author = {A, B}, "
                               "year = 2020}\n"
                               "@article{commas, title = {T}, author = {Doe, J, K, L}, "
                               "year = 2020}\n") == [
        Skipped(1, "broken", "not valid BibTeX"),
        Record(title="Good", authors=("B A",), date=PartialDate(2020), line=5, key="good"),
        Skipped(6, "good", "same key as the entry at line 5"),
        Skipped(7, "twice", "title given twice"),
        Skipped(8, "commas", "cannot read the author name 'Doe, J, K, L': too many commas"),
    ]


@pytest.mark.parametrize("content, reason", [
    ("@article{k, title = {M\xfcller}, author = {A, B}, year = 2020}".encode("latin-1"),
     "cannot read it as UTF-8 text"),
    (b"@string{acl = {ACL}}\n@comment{nothing else}\n", "no BibTeX entries in it"),
    (b"Reading list\n\nTo add: the SMITH paper (ask yang@example.org)\n",
     re.escape("neither BibTeX (@article{...}) nor a Hugging Face daily papers JSON")),
])
def test_a_file_that_is_not_bibtex_is_unreadable(tmp_path, content, reason):
    path = tmp_path / "refs.bib"
    path.write_bytes(content)
    with pytest.raises(UnreadableInput, match=f"^{re.escape(str(path))}: {reason}"):
        read_records(path)


def test_papers_import_bib_writes_new_papers_and_reports_the_rest(folder):
    listed = write_paper(folder, "attention-is-all-you-need.md", LISTED_ATTENTION)
    before = listed.read_bytes()
    bib = BIBTEX / "zotero.bib"
    result = run("papers", "import", str(bib), cwd=folder.parent)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        f"added papers/{SMITH_FILE}",
        "added papers/graph-attention-networks.md",
        "added papers/gemini-a-family-of-highly-capable-multimodal.md",
        f"{bib}:21: yang_beyond_2020-1: already on the list as papers/{SMITH_FILE}",
        f"{bib}:54: vaswani_attention_2017: already on the list as "
        "papers/attention-is-all-you-need.md",
        f"{bib}:76: radford_language_nodate: no year",
        f"{bib}:82: noauthor_introducing_2024: no author",
        "3 added, 2 skipped as duplicates, 2 skipped with problems",
    ]
    assert listed.read_bytes() == before
    assert sorted(path.name for path in folder.glob("*.md")) == [
        "attention-is-all-you-need.md", SMITH_FILE,
        "gemini-a-family-of-highly-capable-multimodal.md", "graph-attention-networks.md"]
    assert "tags: []\n" in (folder / "graph-attention-networks.md").read_text()


def test_papers_import_bib_with_a_tag_writes_files_that_pass_check(folder):
    result = run("papers", "import", str(BIBTEX / "zotero.bib"), "--tag", "vision",
                 cwd=folder.parent)
    assert result.stdout.splitlines()[-1] == ("4 added, 1 skipped as duplicates, "
                                              "2 skipped with problems")
    written = sorted(folder.glob("*.md"))
    assert len(written) == 4
    assert all("tags: [vision]\n" in path.read_text() for path in written)
    check = run("papers", "check", cwd=folder.parent)
    assert check.returncode == 0, check.stdout
    papers = {paper.slug: paper for paper in check_list(folder)[0].papers}
    gat = papers["graph-attention-networks"]
    assert gat.authors == ("Petar Veličković", *GAT_AUTHORS, "Pietro Liò", "Yoshua Bengio")
    assert (str(gat.date), gat.arxiv, gat.doi, gat.tags) == (
        "2018-02", "1710.10903", "10.48550/arXiv.1710.10903", ("vision",))
    assert gat.abstract.startswith("We present graph attention networks (GATs), which operate")
    assert "\n\nOur models reach state-of-the-art results" in gat.abstract
    smith = papers[SMITH_FILE.removesuffix(".md")]
    assert (smith.venue, dict(smith.links)) == (
        "Proceedings of the 29th ACM International Conference on Information & Knowledge "
        "Management", {"project": "https://dl.acm.org/doi/10.1145/3340531.3411908"})
