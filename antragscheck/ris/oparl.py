"""The OParl objects antragscheck reads (spec 1.0 and 1.1), as pydantic models.

Only what the index needs is declared; everything else a server sends (files,
locations, persons, vendor extensions such as "stuttgart:aktenzeichen") is ignored.
Every field but `id` is optional, because real systems leave out what the spec calls
mandatory, and a value of the wrong shape in a field we do not need must not cost the
object: such fields are validated leniently (`_lenient`), a bad date becomes None.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _urls(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _date(value: Any) -> dt.date | None:
    """An OParl date ("2021-03-25"), or the day of a date-time as written with its own
    offset ("2021-03-25T17:00:00+01:00" is the 25th, whatever UTC says)."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


Text = Annotated[str | None, BeforeValidator(_text)]
Urls = Annotated[list[str], BeforeValidator(_urls)]
Day = Annotated[dt.date | None, BeforeValidator(_date)]
Flag = Annotated[bool | None, BeforeValidator(_bool)]


class OParlObject(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    id: str = Field(min_length=1)
    type: Text = None
    deleted: Flag = None
    modified: Text = None
    web: Text = None

    def is_a(self, kind: str) -> bool:
        """The object's type is `kind` ("Paper"), in any OParl version's namespace."""
        return (self.type or "").rstrip("/").rsplit("/", 1)[-1] == kind


class System(OParlObject):
    oparl_version: Text = Field(default=None, alias="oparlVersion")
    name: Text = None
    body: Text = None  # URL of the list of bodies


class Body(OParlObject):
    name: Text = None
    short_name: Text = Field(default=None, alias="shortName")
    paper: Text = None  # URL of the paper list
    meeting: Text = None
    organization: Text = None


class Organization(OParlObject):
    name: Text = None
    short_name: Text = Field(default=None, alias="shortName")


class Consultation(OParlObject):
    paper: Text = None
    agenda_item: Text = Field(default=None, alias="agendaItem")
    meeting: Text = None
    organization: Urls = Field(default_factory=list)
    authoritative: Flag = None
    role: Text = None


class AgendaItem(OParlObject):
    meeting: Text = None
    number: Text = None
    name: Text = None
    consultation: Text = None
    result: Text = None


def _objects(value: Any) -> list[Any]:
    """Embedded objects with an id; anything else in the list is dropped."""
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, dict) and isinstance(v.get("id"), str)]


class Paper(OParlObject):
    body: Text = None
    name: Text = None
    reference: Text = None
    date: Day = None
    paper_type: Text = Field(default=None, alias="paperType")
    consultation: Annotated[list[Consultation], BeforeValidator(_objects)] = Field(
        default_factory=list
    )


class Meeting(OParlObject):
    name: Text = None
    start: Text = None
    cancelled: Flag = None
    organization: Urls = Field(default_factory=list)
    agenda_item: Annotated[list[AgendaItem], BeforeValidator(_objects)] = Field(
        default_factory=list, alias="agendaItem"
    )

    @property
    def day(self) -> dt.date | None:
        return _date(self.start)


class Page(BaseModel):
    """One page of an external object list: the objects (still raw, each validated on
    its own so that one broken object costs only itself) and the link to the next."""

    model_config = ConfigDict(extra="ignore")

    data: list[Any] = Field(default_factory=list)
    next: str | None = None
    total: int | None = None

    @classmethod
    def of(cls, raw: Any) -> Page:
        if not isinstance(raw, dict) or not isinstance(raw.get("data"), list):
            raise ValueError("keine OParl-Objektliste (es fehlt „data“)")
        links = raw.get("links")
        pagination = raw.get("pagination")
        following = links.get("next") if isinstance(links, dict) else None
        total = pagination.get("totalElements") if isinstance(pagination, dict) else None
        return cls(
            data=raw["data"],
            next=following if isinstance(following, str) and following else None,
            total=total if isinstance(total, int) and total >= 0 else None,
        )
