"""A cited paper is found in the index however the council writes its reference."""

from __future__ import annotations

import pytest

from antragscheck.ris.match import compatible, reference_key
from antragscheck.ris.records import CouncilPaper, MemoryIndex


@pytest.mark.parametrize(
    ("cited", "indexed"),
    [
        ("GRDrs. 234/2021", "GRDrs 234/2021"),
        ("GRDrs 234/2021", "234/2021"),
        ("Gemeinderatsdrucksache 234/2021", "GRDrs 234/2021"),
        ("Vorlage Nr. 2023/187", "2023/187"),
        ("Vorlage Nr. 2023/187", "VO/2023/0187"),
        ("Drucksache 145/2023", "DrS/2023/145"),
        ("Drs. 0866/2012", "Drucksache 866/2012"),
        ("Sitzungsvorlage Nr. 14-20 / V 06995", "14-20 / V 06995"),
        ("Haushaltsantrag Nr. 800/2017", "Antrag 800/2017"),
    ],
)
def test_notations_of_one_paper_match(cited: str, indexed: str) -> None:
    assert reference_key(cited) == reference_key(indexed)
    assert compatible(cited, indexed)
    index = MemoryIndex([CouncilPaper(reference=indexed)])
    assert [p.reference for p in index.find(cited)] == [indexed]


@pytest.mark.parametrize(
    ("cited", "indexed"),
    [
        ("GRDrs 234/2021", "GRDrs 235/2021"),
        ("GRDrs 234/2021", "GRDrs 234/2020"),
        ("GRDrs 234/2021", "Antrag 234/2021"),  # a faction's motion, not the paper
        ("Vorlage 2023/187", "2023/1870"),
    ],
)
def test_other_papers_do_not_match(cited: str, indexed: str) -> None:
    assert MemoryIndex([CouncilPaper(reference=indexed)]).find(cited) == []


def test_a_reference_without_number_has_no_key() -> None:
    assert reference_key("Gemeinderatsdrucksache") is None
    assert MemoryIndex([CouncilPaper(reference="GRDrs 1/2021")]).find("GRDrs") == []
