"""Document types: the sections a kind of request must carry, declared in rules/*.yaml.

The structure stage matches headings against these; the rules name sections by key.
"""

from __future__ import annotations

from dataclasses import field

from antragscheck.spec import ByIdentity, Spec, record

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
        return type_index(self).specs.get(key) if key else None

    def section_name(self, key: str | None) -> str:
        """How a section is named to the clerk: "3.1 Anlass"; "Dokument" for the whole."""
        if key is None:
            return "Dokument"
        return type_index(self).names.get(key, key)

    def order(self, key: str | None) -> int:
        """Position of a section in the declared order; document-wide (None) first."""
        if key is None:
            return -1
        index = type_index(self)
        return index.order.get(key, index.count)

    def children(self, key: str) -> list[str]:
        return list(type_index(self).children.get(key, ()))


class TypeIndex:
    """What the stages look up in a document type, by section key: each declared
    section (the first with its key), its position, its children; the keys a request
    must carry and those that may stay empty.  Built once per document type
    (`type_index`), not scanned for every request."""

    __slots__ = ("children", "count", "names", "optional", "order", "required", "specs")

    def __init__(self, doc_type: DocumentType) -> None:
        sections = doc_type.sections
        self.count = len(sections)
        self.specs: dict[str, SectionSpec] = {}
        self.order: dict[str, int] = {}
        self.children: dict[str, tuple[str, ...]] = {}
        for position, section in enumerate(sections):
            self.specs.setdefault(section.key, section)
            self.order.setdefault(section.key, position)
            if section.parent is not None:
                self.children[section.parent] = (
                    *self.children.get(section.parent, ()),
                    section.key,
                )
        self.names = {key: spec.display for key, spec in self.specs.items()}
        self.required = tuple(s.key for s in sections if s.required)
        self.optional = frozenset(s.key for s in sections if s.may_be_empty)


# Document types of the rule sets a long-running service loaded: at most 64.
_indexes: ByIdentity[TypeIndex] = ByIdentity(TypeIndex, 64)


def type_index(doc_type: DocumentType) -> TypeIndex:
    """The index of `doc_type`, kept per document type object (document types are
    frozen, and so are their sections once loaded)."""
    return _indexes(doc_type)
