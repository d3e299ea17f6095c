"""What a policy file yields before it reaches raw.policy_*: documents and their measures."""

from __future__ import annotations

from dataclasses import dataclass, field


class PolicyFileRejected(ValueError):
    """The whole file is quarantined; the message is the reason."""


@dataclass(frozen=True)
class PolicyMeasure:
    measure_no: str  # unique in its document: "3" (running numbering) or "2.1" (per section)
    text: str
    section_no: int | None = None
    section_title: str | None = None


@dataclass(frozen=True)
class PolicyDocument:
    """One document as read. Dates stay text here: staging types them."""

    title: str | None
    issuer: str | None
    doc_number: str | None
    written_on: str | None
    published_on: str | None
    measures: tuple[PolicyMeasure, ...]
    has_metadata: bool = True
    index_no: str | None = None
    topic: str | None = None
    policy_key: str | None = None  # registries only
    jurisdiction_code: str | None = None  # registries only; pages resolve it from the issuer
    jurisdiction_level: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class RejectedEntry:
    """A registry entry refused on its own; the file's other entries still load."""

    row_number: int  # 1-based position of the entry in `policies`
    reason: str
    raw: str


@dataclass
class ParsedPolicyFile:
    format: str  # html | json | yaml
    encoding: str
    documents: list[PolicyDocument]
    rejected: list[RejectedEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
