"""BibTeX files into paper records: exports of Zotero, DBLP, Google Scholar and arXiv, and
`papers import FILE.bib`."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import FIXTURES, VENUES_YML, papers, write_paper

from generator import formulas
from generator.importer import read_records
from generator.index import check_list
from generator.model import PartialDate
from generator.records import Record, Skipped, UnreadableInput

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


def test_titles_with_math_and_markup_are_read_as_text_with_math_between_dollars():
    # DBLP's superscripts become the Unicode characters where they all exist, else stay math;
    # IEEE's, Scholar's and arXiv's $...$ stay; ACM's \textsuperscript is text; names decode.
    records = read_records(BIBTEX / "math-titles.bib")
    assert [(record.line, record.title) for record in records] == [
        (6, "OpenC²: An Open-Source End-to-End Hardware Compiler Development Framework for "
            "Digital Compute-in-Memory Macro"),
        (23, r"TrueSkill${}^{\mbox{TM}}$: A Bayesian Skill Rating System"),
        (34, r"$\ell_0$-Motivated Low-Rank Sparse Subspace Clustering"),
        (41, "ABY³: A Mixed Protocol Framework for Machine Learning"),
        (54, r"$\ell_1$-Regularized Generalized Least Squares"),
    ]
    assert records[0].venue == ("Design, Automation & Test in Europe Conference & Exhibition, "
                                "DATE 2025, Lyon, France, March 31 - April 2, 2025")
    assert records[2].authors == ("Maria Brbić", "Ivica Kopriva")
    for record in records:  # no markup outside math in a title, a name or a venue
        texts = [record.title, record.venue, *record.authors]
        outside = "".join(piece.raw for text in texts for piece in formulas.pieces(text)
                          if not piece.math)
        assert not set(outside) & set("\\{}"), record.key


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
        Record(title="Same key", authors=("D C",), date=PartialDate(2021), line=6, key="good"),
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
    result = papers("import", str(bib), cwd=folder.parent)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        f"added papers/{SMITH_FILE}",
        "added papers/graph-attention-networks.md",
        "added papers/gemini-a-family-of-highly-capable-multimodal.md",
        f"{bib}:2: yang_beyond_2020: venue 'Proceedings of the 29th ACM International Conference "
        "on Information & Knowledge Management' is not in venues.yml; left out",
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
    assert "tags: []\n" in (folder / "graph-attention-networks.md").read_text(encoding="utf-8")
    assert "venue" not in (folder / SMITH_FILE).read_text(encoding="utf-8")


def test_papers_import_bib_with_a_tag_writes_files_that_pass_check(folder):
    (folder / "venues.yml").write_text(VENUES_YML, encoding="utf-8")
    result = papers("import", str(BIBTEX / "zotero.bib"), "--tag", "vision",
                 cwd=folder.parent)
    assert result.stdout.splitlines()[-1] == ("4 added, 1 skipped as duplicates, "
                                              "2 skipped with problems")
    written = sorted(folder.glob("*.md"))
    assert len(written) == 4
    assert all("tags: [vision]\n" in path.read_text(encoding="utf-8") for path in written)
    check = papers("check", cwd=folder.parent)
    assert check.returncode == 0, check.stdout
    listed = {paper.slug: paper for paper in check_list(folder)[0].papers}
    gat = listed["graph-attention-networks"]
    assert gat.authors == ("Petar Veličković", *GAT_AUTHORS, "Pietro Liò", "Yoshua Bengio")
    assert (str(gat.date), gat.arxiv, gat.doi, gat.tags) == (
        "2018-02", "1710.10903", "10.48550/arXiv.1710.10903", ("vision",))
    assert gat.abstract.startswith("We present graph attention networks (GATs), which operate")
    assert "\n\nOur models reach state-of-the-art results" in gat.abstract
    smith = listed[SMITH_FILE.removesuffix(".md")]
    # The booktitle names the series by its full name, after "Proceedings of the 29th".
    assert (str(smith.venue), dict(smith.links)) == (
        "CIKM 2020", {"project": "https://dl.acm.org/doi/10.1145/3340531.3411908"})
    assert "venue: CIKM 2020\n" in (folder / SMITH_FILE).read_text(encoding="utf-8")


SPARSE_AUTHORS = ("Lin Chen", "Chidi Okafor", "Sofia Lindqvist", "Diego Ramírez")
SPARSE_TITLE = "Sparse Token Routing for Efficient Vision Transformers"


def test_al_folio_papers_bib():
    """An al-folio site's _bibliography/papers.bib: Jekyll front matter, display fields,
    starred names, abbr, link fields, file names where URLs belong, an empty doi."""
    assert read_records(BIBTEX / "al-folio.bib") == [
        Record(key="chen2024sparse", line=6, title=SPARSE_TITLE, authors=SPARSE_AUTHORS,
               date=PartialDate(2024, 6),
               venue="Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern "
                     "Recognition (CVPR)",
               arxiv="2403.01234",
               links=(("code", "https://github.com/example-lab/sparse-routing"),
                      ("project", "https://sparse-routing.github.io/"),
                      ("poster", "https://sparse-routing.github.io/static/poster.pdf"),
                      ("supplement", "https://sparse-routing.github.io/static/supplementary.pdf")),
               abstract="Vision transformers spend the same computation on every token, although "
                        "most tokens of a natural image carry little information. We route each "
                        "token through a learned gate that decides how many layers it visits, and "
                        "halve the cost of ViT-B with no loss of accuracy on ImageNet.",
               left_out=("pdf 'chen2024sparse.pdf' is not a URL (a file of the al-folio site?); "
                         "left out",)),
        Record(key="chen2024sparse-preprint", line=31, title=SPARSE_TITLE, authors=SPARSE_AUTHORS,
               date=PartialDate(2024, 3), arxiv="2403.01234"),
        Record(key="okafor2023dense", line=43,
               title="Dense Retrieval Without Labels: A Study of Synthetic Queries",
               authors=("Chidi Okafor", "Sofia Lindqvist", "Kenji Nakamura"),
               date=PartialDate(2023, 10), arxiv="2310.04567",
               abstract="Dense retrievers need labelled query-document pairs. We train one on "
                        "queries that a language model writes for each document, and match a "
                        "supervised model on four of six benchmarks."),
        Record(key="lindqvist2022video", line=58,
               title="Learning Video Representations from Narrated Lectures",
               authors=("Sofia Lindqvist", "Jonas Müller", "Lin Chen"), date=PartialDate(2022),
               venue="NeurIPS",
               links=(("project", "https://lecture-video.github.io/"),
                      ("pdf", "https://lecture-video.github.io/static/paper.pdf"),
                      ("video", "https://www.youtube.com/watch?v=lecture-video"),
                      ("slides", "https://lecture-video.github.io/static/slides.pdf"),
                      ("blog", "https://blog.example-lab.org/lecture-video")),
               abstract="Recorded lectures pair speech with slides and gestures. We learn video "
                        "representations from 20,000 hours of them without any labels."),
        Record(key="ramirez2021graph", line=76,
               title="Message Passing on Citation Graphs with Missing Features",
               authors=("Diego Ramírez", "Lin Chen", "Kenji Nakamura", "Anna Hoffmann",
                        "Wei Zhang", "Ann Lee"),
               date=PartialDate(2021, 9), venue="Physical Review E", doi="10.5555/pre.2021.034301",
               links=(("project", "https://journals.aps.org/pre/abstract/10.5555/pre.2021.034301"),),
               abstract="Citation graphs often lack the features of many of their nodes. We show "
                        "that message passing recovers them from the neighbours' features.",
               left_out=("pdf 'ramirez2021graph.pdf' is not a URL (a file of the al-folio site?); "
                         "left out",)),
        Skipped(96, "okafor2020quantization",
                "cannot read the author name 'Chen*, Lin,': trailing comma at end of name"),
    ]


@pytest.mark.parametrize("author, name", [
    ("Yuan*, Zhihang", "Zhihang Yuan"),
    ("Lee^, Yong Jae", "Yong Jae Lee"),
    ("Chen†, Wei", "Wei Chen"),
    ("Wang‡, Xin", "Xin Wang"),
    ("Nakamura§, Kenji", "Kenji Nakamura"),
    ("Hoffmann¶, Anna", "Anna Hoffmann"),
    ("Zhang¹²³, Wei", "Wei Zhang"),
    ("Einstein*†, A.", "A. Einstein"),
    ("Kai-Chieh Hsu$^*$", "Kai-Chieh Hsu"),
    ("Rubies-Royo$^{1,2}$, Vicen{\\c{c}}", "Vicenç Rubies-Royo"),
    ("Tomlin$^\\dagger$, Claire J.", "Claire J. Tomlin"),
    ("E${}^{*}$, Fei", "Fei E"),
    ("M{\\\"u}ller\\textsuperscript{1}, Jonas", "Jonas Müller"),
    ("Lee\\textsuperscript{\\dag}, Ann", "Ann Lee"),
    ("Kim\\dag, Bo", "Bo Kim"),
    ("Park\\ddag{}, Chan", "Chan Park"),
])
def test_equal_contribution_and_affiliation_marks_leave_the_name(tmp_path, author, name):
    record = only_record(tmp_path, f"@misc{{k, title = {{T}}, year = 2020, author = {{{author}}}}}")
    assert record.authors == (name,)


@pytest.mark.parametrize("fields, arxiv, venue", [
    ("journal = {arXiv preprint arXiv:2101.00001}", "2101.00001", ""),
    ("journal = {arXiv}", "", ""),
    ("journal = {ArXiv abs/2101.00001}", "2101.00001", ""),
    ("journal = {arXiv e-prints}, eprint = {2101.00001}, archivePrefix = {arXiv}", "2101.00001", ""),
    ("journal = {arXiv e-prints}, eprint = {2101.00001}", "", ""),
    ("journal = {CoRR}, volume = {abs/2101.00001}", "2101.00001", ""),
    ("journal = {Preprint}", "", ""),
    ("journal = {bioRxiv preprint}", "", ""),
    ("journal = {arXiv Mar.}, arxiv = {2101.00001}", "2101.00001", ""),
    ("journaltitle = {arXiv preprint arXiv:2101.00001}", "2101.00001", ""),
    ("journaltitle = {Journal of Machine Learning Research}", "",
     "Journal of Machine Learning Research"),
    ("journal = {Corrigenda in Neural Computation}", "", "Corrigenda in Neural Computation"),
])
def test_a_journal_that_says_preprint_gives_the_arxiv_id_and_no_venue(tmp_path, fields, arxiv,
                                                                      venue):
    record = only_record(tmp_path, f"@article{{k, title = {{T}}, author = {{A, B}}, year = 2021, "
                                   f"{fields}}}")
    assert (record.arxiv, record.venue) == (arxiv, venue)


@pytest.mark.parametrize("fields, venue", [
    ("abbr = {CVPR}", "CVPR"),
    ("abbr = {CVPR}, booktitle = {Computer Vision and Pattern Recognition}",
     "Computer Vision and Pattern Recognition"),
    ("abbr = {ICLR}, journal = {arXiv preprint arXiv:2101.00001}", "ICLR"),
    ("abbr = {arXiv}", ""),
    ("abbr = {arXiv 2024}", ""),
    ("abbr = {Preprint}", ""),
])
def test_al_folio_abbr_is_the_venue_only_when_there_is_no_other(tmp_path, fields, venue):
    record = only_record(tmp_path, f"@article{{k, title = {{T}}, author = {{A, B}}, year = 2021, "
                                   f"{fields}}}")
    assert record.venue == venue


@pytest.mark.parametrize("field, kind", [
    ("code", "code"), ("html", "project"), ("website", "project"), ("pdf", "pdf"),
    ("slides", "slides"), ("video", "video"), ("blog", "blog"), ("supp", "supplement"),
    ("poster", "poster"),
])
def test_al_folio_link_fields_give_links_when_they_are_urls(tmp_path, field, kind):
    url = "https://example.org/smith/x"
    record = only_record(tmp_path, f"@article{{k, title = {{T}}, author = {{A, B}}, year = 2021,\n"
                                   f"  {field} = {{{url}}}}}")
    assert (record.links, record.left_out) == (((kind, url),), ())
    named = only_record(tmp_path, f"@article{{k, title = {{T}}, author = {{A, B}}, year = 2021,\n"
                                  f"  {field} = {{smith2021.pdf}}}}")
    assert (named.links, named.left_out) == ((), (
        f"{field} 'smith2021.pdf' is not a URL (a file of the al-folio site?); left out",))


def test_al_folio_display_fields_are_ignored_silently(tmp_path):
    plain = only_record(tmp_path, "@article{k, title = {T}, author = {A, B}, year = 2021}")
    shown = only_record(tmp_path, "@article{k, title = {T}, author = {A, B}, year = 2021,\n"
                                  "  selected = {true}, preview = {t.gif}, bibtex_show = {true},\n"
                                  "  award = {Best paper}, award_name = {Best Paper},\n"
                                  "  altmetric = {248277}, dimensions = {true},\n"
                                  "  google_scholar_id = {qyhmnyLat1gC}, inspirehep_id = {3255},\n"
                                  "  additional_info = {. *More* [here](https://x.org)},\n"
                                  "  annotation = {* equal contribution}}")
    assert shown == plain


def test_empty_fields_are_absent_and_a_doi_url_gives_the_doi(tmp_path):
    record = only_record(tmp_path, "@article{k, title = {T}, author = {A, B}, year = 2021,\n"
                                   "  doi = {}, url = {}, month = {}, abstract = {}, arxiv = {},\n"
                                   "  pdf = {}, code = {}}")
    assert record == Record(title="T", authors=("B A",), date=PartialDate(2021), line=1, key="k")
    record = only_record(tmp_path, "@article{k, title = {T}, author = {A, B}, year = 2021,\n"
                                   "  doi = {https://doi.org/10.1145/3340531.3411908}}")
    assert record.doi == "10.1145/3340531.3411908"


def test_an_arxiv_or_doi_field_that_holds_no_id_is_reported(tmp_path):
    record = only_record(tmp_path, "@article{k, title = {T}, author = {A, B}, year = 2021,\n"
                                   "  arxiv = {see the paper}, doi = {10.1145}}")
    assert (record.arxiv, record.doi, record.left_out) == ("", "", (
        "arxiv 'see the paper' is not an arXiv id; left out", "doi '10.1145' is not a DOI; left out"))


def test_biblatex_journaltitle_and_date(tmp_path):
    record = only_record(tmp_path, "@article{k, title = {T}, author = {A, B},\n"
                                   "  journaltitle = {Neural Computation}, date = {1997-11-15}}")
    assert (record.venue, record.date) == ("Neural Computation", PartialDate(1997, 11, 15))


def test_jekyll_front_matter_is_left_out_and_lines_stay_right(tmp_path):
    assert read_text(tmp_path, "\n---\nlayout: none\nnote: mail me @ home {\n---\n"
                               "@article{k, title = {T}, author = {A, B}, year = 2021}\n"
                               "---\n@article{j, author = {A, B}, year = 2021}\n") == [
        Record(title="T", authors=("B A",), date=PartialDate(2021), line=6, key="k"),
        Skipped(8, "j", "no title"),
    ]


def test_papers_import_al_folio_then_check_strict_passes(folder):
    (folder / "venues.yml").write_text(VENUES_YML, encoding="utf-8")
    shutil.copy(BIBTEX / "al-folio.bib", folder.parent)
    result = papers("import", "al-folio.bib", "--tag", "vision", cwd=folder.parent)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        "added papers/sparse-token-routing-for-efficient-vision.md",
        "added papers/dense-retrieval-without-labels-a-study-of.md",
        "added papers/learning-video-representations-from-narrated.md",
        "added papers/message-passing-on-citation-graphs-with-missing.md",
        "al-folio.bib:6: chen2024sparse: pdf 'chen2024sparse.pdf' is not a URL (a file of the "
        "al-folio site?); left out",
        "al-folio.bib:76: ramirez2021graph: pdf 'ramirez2021graph.pdf' is not a URL (a file of the "
        "al-folio site?); left out",
        "al-folio.bib:76: ramirez2021graph: venue 'Physical Review E' is not in venues.yml; left out",
        "al-folio.bib:31: chen2024sparse-preprint: already on the list as "
        "papers/sparse-token-routing-for-efficient-vision.md",
        "al-folio.bib:96: okafor2020quantization: cannot read the author name 'Chen*, Lin,': "
        "trailing comma at end of name",
        "4 added, 1 skipped as duplicates, 1 skipped with problems",
    ]
    check = papers("check", "--strict", cwd=folder.parent)
    assert (check.returncode, check.stdout, check.stderr) == (0, "", "0 errors, 0 warnings\n")
    listed = {paper.slug: paper for paper in check_list(folder)[0].papers}
    assert dict(listed["sparse-token-routing-for-efficient-vision"].links) == {
        "code": "https://github.com/example-lab/sparse-routing",
        "project": "https://sparse-routing.github.io/",
        "poster": "https://sparse-routing.github.io/static/poster.pdf",
        "supplement": "https://sparse-routing.github.io/static/supplementary.pdf"}
    assert {slug: str(paper.venue) for slug, paper in listed.items() if paper.venue} == {
        "sparse-token-routing-for-efficient-vision": "CVPR 2024",  # the acronym in parentheses
        "learning-video-representations-from-narrated": "NeurIPS 2022"}  # al-folio's abbr


def test_a_note_alone_does_not_fail_the_import(folder):
    (folder.parent / "refs.bib").write_text("---\n---\n@article{lee2024, title = {Seeing Less},\n"
                                            "  author = {Lee*, Ann}, year = 2024,\n"
                                            "  pdf = {lee2024.pdf}}\n", encoding="utf-8")
    result = papers("import", "refs.bib", "--tag", "vision", cwd=folder.parent)
    assert (result.returncode, result.stdout.splitlines()) == (0, [
        "added papers/seeing-less.md",
        "refs.bib:3: lee2024: pdf 'lee2024.pdf' is not a URL (a file of the al-folio site?); left out",
        "1 added, 0 skipped as duplicates, 0 skipped with problems"])
    assert "  - Ann Lee\n" in (folder / "seeing-less.md").read_text(encoding="utf-8")


def test_two_entries_with_one_key_are_both_read_and_the_same_paper_is_a_duplicate(folder):
    (folder / "venues.yml").write_text(VENUES_YML, encoding="utf-8")
    (folder.parent / "refs.bib").write_text(
        "@string{cvpr = {Computer Vision and Pattern Recognition}}\n"
        "@inproceedings{lee2024, title = {Seeing Less}, author = {Lee, Ann}, year = 2024,\n"
        "  booktitle = cvpr}\n"
        "@inproceedings{lee2024, title = {Seeing More}, author = {Lee, Ann and Kim, Bo},\n"
        "  year = 2024, month = jun, booktitle = cvpr}\n"
        "@misc{lee2024,\n  title = {Seeing {L}ess}, author = {Lee, Ann}, year = 2023}\n", encoding="utf-8")
    result = papers("import", "refs.bib", "--tag", "vision", cwd=folder.parent)
    assert (result.returncode, result.stdout.splitlines()) == (0, [
        "added papers/seeing-less.md",
        "added papers/seeing-more.md",
        "refs.bib:6: lee2024: already on the list as papers/seeing-less.md",
        "2 added, 1 skipped as duplicates, 0 skipped with problems"])
    more = (folder / "seeing-more.md").read_text(encoding="utf-8")
    assert ("  - Bo Kim\n" in more and "date: 2024-06\n" in more
            and "venue: CVPR 2024\n" in more)
