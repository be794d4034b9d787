"""Words for codes and fields, in the language the user chose.

Vocabulary members carry their Chinese word (``Grade.RED.zh == "红色"``) and
fields their Chinese title (``title_zh``), because those are also written into
the project file for QGIS users. English words are derived here. The words
follow the translation installed in the application (:mod:`maps.language`), and
the map legend, the tables and the cards all ask :func:`term` and
:func:`field_title`, so they always agree with each other and with every other
translated text.
"""

from __future__ import annotations

from layers.schema import layer_schema
from layers.vocabulary import Vocabulary
from maps.language import CHINESE, ENGLISH, current_language

__all__ = ["CHINESE", "ENGLISH", "current_language", "field_title", "layer_title", "term"]

ENGLISH_TERMS = {
    "due_soon": "Due soon",
    "never": "Never visited",
    "visited": "Visited in cycle",
    "overdue": "Overdue",
    "anti_fraud": "Anti-fraud publicity",
    "dispute_followup": "Dispute follow-up",
    "key_person": "Key-person check",
    "security": "Security check",
    "not_home": "Not at home",
    "gps": "GPS",
    "police_office": "Police office",
    "village_committee": "Village committee",
    "left_behind_child": "Left-behind child",
    "mental_illness": "Mental illness",
    "community_correction": "Community correction",
    "elderly_alone": "Elderly living alone",
    "community_officer": "Community officer",
    "main": "Main road",
    "lane": "Lane",
    "track": "Dirt track",
    "dispute_red": "Red dispute open",
    "dispute_orange": "Orange dispute open",
    "dispute_yellow": "Yellow dispute open",
    "dispute_green": "Green dispute open",
    "followup_overdue": "Follow-up overdue",
    "followup_due": "Follow-up falling due",
    "key_person_overdue": "Key person overdue",
    "never_visited": "Never visited",
    "picked": "Picked on the map",
}
"""English words where the code, spaced and capitalised, would read badly."""

ENGLISH_TITLES = {
    "house_no": "House no.",
    "head_name": "Head of household",
    "members": "Members",
    "phone": "Phone",
    "id_number": "ID number",
    "address": "Address",
    "grid_id": "Grid",
    "key_person": "Key person",
    "anti_fraud_app": "Anti-fraud app",
    "camera": "Camera",
    "located_by": "Located by",
    "household_id": "Household",
    "visited_at": "Visited at",
    "officer": "Officer",
    "purpose": "Purpose",
    "outcome": "Outcome",
    "dispute_id": "Dispute",
    "app_installed": "App installed",
    "camera_installed": "Camera installed",
    "loss_prevented_yuan": "Loss prevented (yuan)",
    "notes": "Notes",
    "reported_at": "Reported at",
    "grade": "Grade",
    "status": "Status",
    "level": "Mediation level",
    "kind": "Kind",
    "parties": "Parties",
    "party_households": "Other parties' households",
    "summary": "Summary",
    "mediator": "Mediator",
    "agreement_signed": "Agreement signed",
    "resolved_at": "Resolved at",
    "followup_due": "Follow-up due",
    "followed_up_at": "Followed up at",
    "code": "Code",
    "name": "Name",
    "auxiliary": "Auxiliary",
    "visit_cycle_days": "Visit cycle (days)",
    "version": "Version",
    "last_visit": "Last visit",
    "recency": "Visit recency",
}

DERIVED_TITLES_ZH = {"last_visit": "最近走访", "recency": "走访状态"}
"""Titles of columns the review derives (they are not stored fields)."""


def layer_title(layer: str, language: str | None = None) -> str:
    """A layer's name for people: "住户" in Chinese, its table name in English (what GIS tools show)."""
    return layer_schema(layer).title_zh if (language or current_language()) == CHINESE else layer


def term(member: Vocabulary, language: str | None = None) -> str:
    """The word for a vocabulary member: ``term(Grade.RED)`` is "红色" in Chinese, "Red" in English.

    ``language`` (:data:`CHINESE` or :data:`ENGLISH`) defaults to the application's.
    """
    if (language or current_language()) == CHINESE:
        return member.zh
    return ENGLISH_TERMS.get(member.value, member.value.replace("_", " ").capitalize())


def field_title(layer: str, name: str, language: str | None = None) -> str:
    """The column title of field ``name`` of ``layer`` (derived review columns included).

    ``language`` (:data:`CHINESE` or :data:`ENGLISH`) defaults to the application's.
    """
    if (language or current_language()) == CHINESE:
        if name in DERIVED_TITLES_ZH:
            return DERIVED_TITLES_ZH[name]
        return layer_schema(layer).field(name).title_zh
    return ENGLISH_TITLES.get(name, name.replace("_", " ").capitalize())
