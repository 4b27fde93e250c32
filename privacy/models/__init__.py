"""Models of the privacy officer's registers: confidentiality incidents, communications made without
consent, access requests, legal holds and destruction runs (A-2.1 as amended by Law 25)."""

from privacy.models.communications import Communication, LegalBasis
from privacy.models.incidents import Detector, Incident, IncidentStatus
from privacy.models.requests import AccessRequest, Decision, RequesterCapacity, RequestStatus
from privacy.models.retention import DestructionItem, DestructionRun, ItemStatus, LegalHold, RunStatus

__all__ = [
    "AccessRequest",
    "Communication",
    "Decision",
    "DestructionItem",
    "DestructionRun",
    "Detector",
    "Incident",
    "IncidentStatus",
    "ItemStatus",
    "LegalBasis",
    "LegalHold",
    "RequestStatus",
    "RequesterCapacity",
    "RunStatus",
]
