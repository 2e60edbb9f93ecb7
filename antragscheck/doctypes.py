"""Document types: the sections a kind of request must carry, declared in rules/*.yaml.

The structure stage matches headings against these; the rules name sections by key.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)


# -- document types -------------------------------------------------------------------


class SectionSpec(Spec):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    number: str = Field(pattern=r"^\d+(\.\d+)*$")
    title: str
    aliases: list[str] = Field(default_factory=list)
    parent: str | None = None
    required: bool = True
    # The heading must stand, but the section may stay empty (e.g. 4 Stellenvermerke):
    # a content control there still showing its placeholder is not an error.
    may_be_empty: bool = False
    description: str = ""

    @property
    def display(self) -> str:
        return f"{self.number} {self.title}"


class DocumentType(Spec):
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    name: str
    title_keywords: list[str] = Field(default_factory=list)
    sections: list[SectionSpec]

    @model_validator(mode="after")
    def _sections_consistent(self) -> DocumentType:
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
        return self

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
