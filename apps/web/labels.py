"""Translated labels for the event vocabularies (the model choices stay in English for exports)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

KIND_LABELS = {
    "agreement": _("Agreement"),
    "forum": _("Forum"),
    "collaboration": _("Collaboration"),
    "regulation": _("Regulation"),
    "visit": _("Visit"),
    "funding": _("Funding"),
    "other": _("Other"),
}
# Bootstrap colour per kind: one glance tells signings from forums.
KIND_CLASSES = {
    "agreement": "text-bg-success",
    "forum": "text-bg-primary",
    "collaboration": "text-bg-info",
    "regulation": "text-bg-danger",
    "visit": "text-bg-warning",
    "funding": "text-bg-dark",
    "other": "text-bg-secondary",
}
STATUS_LABELS = {
    "proposed": _("Proposed"),
    "confirmed": _("Confirmed"),
    "rejected": _("Rejected"),
    "all": _("All"),
}
ROLE_LABELS = {
    "signatory": _("Signatory"),
    "organiser": _("Organiser"),
    "participant": _("Participant"),
    "regulator": _("Regulator"),
    "target": _("Target"),
    "host": _("Host"),
    "funder": _("Funder"),
    "mentioned": _("Mentioned"),
}
ACTOR_KIND_LABELS = {
    "government": _("Government"),
    "ministry": _("Ministry / agency"),
    "company": _("Company"),
    "university": _("University / research"),
    "foundation": _("Foundation / NGO"),
    "international": _("International organisation"),
    "person": _("Person"),
    "other": _("Other"),
}
# Editors' decisions kept as relevance labels (apps.tagging.models.RelevanceLabel.Decision).
DECISION_LABELS = {
    "confirm": _("Confirmed"),
    "reject_wrong": _("Rejected (wrong reading)"),
    "reject_out_of_scope": _("Rejected as out of scope"),
    "promote": _("Promoted"),
}
