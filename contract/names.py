"""The spec's names that code refers to, as typed constants that the spec is checked against."""

from __future__ import annotations

from enum import StrEnum


class OperationId(StrEnum):
    """Every operation of `paths`, by its operationId."""

    CREATE_QUANTUM = "createQuantumArtwork"
    CREATE_PHOTO_PILOT = "createPhotoPilotArtwork"
    CREATE_SELENA_VARIETE = "createSelenaVarieteArtwork"
    CREATE_IMAGE_GENERATION = "createImageGeneration"
    GET_ARTWORK_V2 = "getArtworkV2"
    GET_ARTWORK_V1 = "getArtworkV1"
    LIST_ARTWORKS = "listArtworks"
    ROTATE_WEBHOOK_SECRET = "rotateWebhookSecret"


TASK_OPERATIONS = (
    OperationId.CREATE_QUANTUM,
    OperationId.CREATE_PHOTO_PILOT,
    OperationId.CREATE_SELENA_VARIETE,
)
"""The operations that create an Artwork task (E1-E3)."""

POLL_OPERATIONS = (OperationId.GET_ARTWORK_V2, OperationId.GET_ARTWORK_V1)
"""The operations that read one Artwork by id (E5, E6)."""

WEBHOOK = "artworkCompleted"
"""The one entry of `webhooks`: the delivery of a terminal Artwork."""

WEBHOOK_FIELD = "webhook"
"""The request field that names where `WEBHOOK` is delivered (a public-url field of E1-E3)."""
