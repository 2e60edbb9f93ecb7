"""Document types: the sections a kind of request must carry, declared in rules/*.yaml.

The structure stage matches headings against these; the rules name sections by key.
"""

from __future__ import annotations

from dataclasses import field

from antragscheck.spec import Spec, record

# -- document types -------------------------------------------------------------------


@record
class SectionSpec(Spec):
    """A section a document type declares: key, number, title, aliases."""

    key: str = field(metadata={"pattern": r"^[a-z][a-z0-9_]*$"})
    number: str = field(metadata={"pattern": r"^\d+(\.\d+)*$"})
    title: str
    aliases: list[str] = field(default_factory=list)
    parent: str | None = None
    required: bool = True
    # The heading must stand, but the section may stay empty (e.g. 4 Stellenvermerke):
    # a content control there still showing its placeholder is not an error.
    may_be_empty: bool = False
    description: str = ""

    @property
    def display(self) -> str:
        return f"{self.number} {self.title}"


@record
class DocumentType(Spec):
    """A kind of request and the sections it must carry."""

    id: str = field(metadata={"pattern": r"^[a-z][a-z0-9_-]*$"})
    name: str
    title_keywords: list[str] = field(default_factory=list)
    sections: list[SectionSpec]

    def __post_init__(self) -> None:
        keys = [s.key for s in self.sections]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise ValueError(f"Abschnittsschlüssel doppelt: {', '.join(duplicates)}")
        for section in self.sections:
            if section.parent is not None and section.parent not in keys:
                raise ValueError(
                    f"Abschnitt {section.key}: übergeordneter Abschnitt {section.parent!r} "
                    "ist nicht deklariert"
                )

    def spec(self, key: str | None) -> SectionSpec | None:
        return next((s for s in self.sections if s.key == key), None) if key else None

    def section_name(self, key: str | None) -> str:
        """How a section is named to the clerk: "3.1 Anlass"; "Dokument" for the whole."""
        if key is None:
            return "Dokument"
        spec = self.spec(key)
        return spec.display if spec else key

    def order(self, key: str | None) -> int:
        """Position of a section in the declared order; document-wide (None) first."""
        if key is None:
            return -1
        for index, section in enumerate(self.sections):
            if section.key == key:
                return index
        return len(self.sections)

    def children(self, key: str) -> list[str]:
        return [s.key for s in self.sections if s.parent == key]
