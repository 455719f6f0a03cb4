"""Controlled vocabularies: the closed sets of values that fields may take.

Each vocabulary is a :class:`str`-valued :class:`enum.Enum`, so a member compares
equal to its JSON text (``Theme.GLOBAL_SOUTH == "global-south"``) and sorts by it.
"""

from __future__ import annotations

import enum

__all__ = [
    "POST_KIND_WIKIDATA",
    "THEME_DESCRIPTIONS",
    "VOCABULARIES",
    "Confidence",
    "EventKind",
    "InstrumentKind",
    "Modality",
    "OrganizationKind",
    "PostKind",
    "Precision",
    "Qualifier",
    "Role",
    "SpeechAct",
    "Theme",
]


class _Vocabulary(str, enum.Enum):
    """A vocabulary term whose value is its JSON text."""

    def __str__(self) -> str:
        return str(self.value)


class Precision(_Vocabulary):
    """How much of a :class:`~aigovernance.PartialDate` is known."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


class Qualifier(_Vocabulary):
    """How a :class:`~aigovernance.Quantity` relates to its stated value.

    ``more than 80`` is ``Qualifier.MORE_THAN`` with value 80: the count is at least 81.
    """

    EXACT = "exact"
    ABOUT = "about"
    AT_LEAST = "at-least"
    MORE_THAN = "more-than"
    FEWER_THAN = "fewer-than"
    UP_TO = "up-to"


class Confidence(_Vocabulary):
    """How strongly a piece of evidence supports its claim."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class OrganizationKind(_Vocabulary):
    """What sort of body an :class:`~aigovernance.Organization` is."""

    INTERGOVERNMENTAL = "intergovernmental"
    UN_ORGAN = "un-organ"
    GOVERNMENT_BODY = "government-body"
    PARTY_ORGAN = "party-organ"
    FORUM = "forum"
    NONGOVERNMENTAL = "nongovernmental"
    OTHER = "other"


class PostKind(_Vocabulary):
    """What sort of office a :class:`~aigovernance.Post` is, whatever its local title.

    A "Foreign Minister", a "Minister of Foreign Affairs" and a "Secretary of State for
    Foreign Affairs" are all :attr:`MINISTER_OF_FOREIGN_AFFAIRS`; a president who is head
    of state is :attr:`HEAD_OF_STATE`. :data:`POST_KIND_WIKIDATA` gives the Wikidata
    position of a kind where there is one.
    """

    HEAD_OF_STATE = "head-of-state"
    HEAD_OF_GOVERNMENT = "head-of-government"
    DEPUTY_HEAD_OF_GOVERNMENT = "deputy-head-of-government"
    MINISTER_OF_FOREIGN_AFFAIRS = "minister-of-foreign-affairs"
    MINISTER = "minister"
    HEAD_OF_ORGANIZATION = "head-of-organization"
    DEPUTY_HEAD_OF_ORGANIZATION = "deputy-head-of-organization"
    PARTY_OFFICE = "party-office"
    OTHER = "other"


POST_KIND_WIKIDATA: dict[PostKind, str] = {
    PostKind.HEAD_OF_STATE: "Q48352",
    PostKind.HEAD_OF_GOVERNMENT: "Q2285706",
    PostKind.MINISTER_OF_FOREIGN_AFFAIRS: "Q7330070",
    PostKind.MINISTER: "Q83307",
}
"""The Wikidata position (``Q`` id) of each post kind that has one; the others are absent."""


class EventKind(_Vocabulary):
    """What sort of gathering an :class:`~aigovernance.Event` is."""

    HIGH_LEVEL_MEETING = "high-level-meeting"
    BILATERAL_MEETING = "bilateral-meeting"
    MINISTERIAL_MEETING = "ministerial-meeting"
    SECURITY_COUNCIL_MEETING = "security-council-meeting"
    GENERAL_ASSEMBLY_MEETING = "general-assembly-meeting"
    SUMMIT = "summit"
    CONFERENCE = "conference"
    FORUM = "forum"
    OTHER = "other"


class Role(_Vocabulary):
    """The part an actor played in an event (see :class:`~aigovernance.Participation`)."""

    HOST = "host"
    CO_HOST = "co-host"
    CHAIR = "chair"
    SPEAKER = "speaker"
    ATTENDEE = "attendee"
    COUNTERPART = "counterpart"


class SpeechAct(_Vocabulary):
    """How a :class:`~aigovernance.Statement` was made, as the source reports it.

    ``adopted`` and ``agreed`` are for outcomes: a text a meeting adopted or its
    participants agreed, whose speakers are those who adopted or agreed it.
    """

    SAID = "said"
    POINTED_OUT = "pointed-out"
    STRESSED = "stressed"
    ANNOUNCED = "announced"
    PROPOSED = "proposed"
    CALLED_FOR = "called-for"
    EXPRESSED_VIEW = "expressed-view"
    ADOPTED = "adopted"
    AGREED = "agreed"


class Modality(_Vocabulary):
    """The force of a :class:`~aigovernance.Commitment`."""

    COMMITS_TO = "commits-to"
    WILL = "will"
    ADHERES_TO = "adheres-to"
    CALLS_ON = "calls-on"
    SUPPORTS = "supports"


class InstrumentKind(_Vocabulary):
    """What sort of document an :class:`~aigovernance.Instrument` is."""

    RESOLUTION = "resolution"
    PRESIDENTIAL_STATEMENT = "presidential-statement"
    INITIATIVE = "initiative"
    ACTION_PLAN = "action-plan"
    DECLARATION = "declaration"
    RECOMMENDATION = "recommendation"
    COMPACT = "compact"
    STATEMENT = "statement"
    OTHER = "other"


class Theme(_Vocabulary):
    """The subjects that governance texts address.

    The vocabulary joins the ethics themes of principle documents (privacy, fairness,
    transparency, ...) with the governance-process themes of diplomatic texts (capacity
    building, the digital divide, multilateralism, ...), so that principle sets from both
    traditions can be aligned. :data:`aigovernance.THEME_DESCRIPTIONS` says what each
    theme covers.
    """

    ACCOUNTABILITY = "accountability"
    CAPACITY_BUILDING = "capacity-building"
    DATA_GOVERNANCE = "data-governance"
    DEVELOPMENT = "development"
    DIGITAL_DIVIDE = "digital-divide"
    ETHICS = "ethics"
    FAIRNESS = "fairness"
    GLOBAL_SOUTH = "global-south"
    HUMAN_OVERSIGHT = "human-oversight"
    HUMAN_RIGHTS = "human-rights"
    INCLUSIVENESS = "inclusiveness"
    INFRASTRUCTURE = "infrastructure"
    INSTITUTIONS = "institutions"
    INTERNATIONAL_COOPERATION = "international-cooperation"
    LITERACY = "literacy"
    MULTILATERALISM = "multilateralism"
    MULTISTAKEHOLDER_GOVERNANCE = "multistakeholder-governance"
    PRIVACY = "privacy"
    PROFESSIONAL_RESPONSIBILITY = "professional-responsibility"
    SAFETY = "safety"
    SOVEREIGNTY = "sovereignty"
    STANDARDS = "standards"
    SUSTAINABILITY = "sustainability"
    TRACEABILITY = "traceability"
    TRANSPARENCY = "transparency"
    UN_CENTRALITY = "un-centrality"
    WELL_BEING = "well-being"


THEME_DESCRIPTIONS: dict[Theme, str] = {
    Theme.ACCOUNTABILITY: "Answerability for AI outcomes; liability, audit, redress.",
    Theme.CAPACITY_BUILDING: "Helping countries gain the skills, means and institutions for AI.",
    Theme.DATA_GOVERNANCE: "Data security, quality and diversity; data sharing and corpora.",
    Theme.DEVELOPMENT: "AI serving economic and social development and people's livelihoods.",
    Theme.DIGITAL_DIVIDE: "Unequal access to digital and AI technology.",
    Theme.ETHICS: "Ethical values and norms for AI; avoiding ill-use and abuse.",
    Theme.FAIRNESS: "Fairness and non-discrimination; equal rights, opportunities and rules.",
    Theme.GLOBAL_SOUTH: "The interests and participation of developing countries.",
    Theme.HUMAN_OVERSIGHT: "Human control of technology; AI remaining under human determination.",
    Theme.HUMAN_RIGHTS: "Human rights, democratic values and the rule of law.",
    Theme.INCLUSIVENESS: "Openness and universal benefit; no one and no country left behind.",
    Theme.INFRASTRUCTURE: "Digital and AI infrastructure and its connectivity.",
    Theme.INSTITUTIONS: "Institutional mechanisms and frameworks for governing AI.",
    Theme.INTERNATIONAL_COOPERATION: "Cooperation and mutual help between countries on AI.",
    Theme.LITERACY: "AI awareness, literacy, education and talent.",
    Theme.MULTILATERALISM: "Multilateral processes with universal participation of all countries.",
    Theme.MULTISTAKEHOLDER_GOVERNANCE: "Governance that involves many kinds of stakeholders.",
    Theme.PRIVACY: "Privacy and the protection of personal data.",
    Theme.PROFESSIONAL_RESPONSIBILITY: "Duties of those who design, build and deploy AI.",
    Theme.SAFETY: "Safety, security, robustness and controllability of AI systems.",
    Theme.SOVEREIGNTY: "Sovereign equality of states in AI governance.",
    Theme.STANDARDS: "Technical standards and norms.",
    Theme.SUSTAINABILITY: "Environmental sustainability: green, low-carbon, resource-saving AI.",
    Theme.TRACEABILITY: "AI that can be monitored and traced.",
    Theme.TRANSPARENCY: "Transparency and explainability of AI systems.",
    Theme.UN_CENTRALITY: "The central role of the United Nations in AI governance.",
    Theme.WELL_BEING: "Human well-being, inclusive growth and the benefit of people.",
}
"""What each :class:`Theme` covers, in one sentence."""


VOCABULARIES: tuple[type[enum.Enum], ...] = (
    Precision,
    Qualifier,
    Confidence,
    OrganizationKind,
    PostKind,
    EventKind,
    Role,
    SpeechAct,
    Modality,
    InstrumentKind,
    Theme,
)
"""Every controlled vocabulary of the model."""
