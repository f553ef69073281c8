"""A client library for accessing Image Generation API"""

from .artworks import TERMINAL_STATUSES, Artwork, is_terminal, parse_artwork, unwrap
from .client import AsyncAuthenticatedClient, AuthenticatedClient, Client, __version__
from .downloads import download_results, download_results_async
from .errors import (
    ApiError,
    ArtworkCanceledError,
    ArtworkFailedError,
    ArtworkTimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    ImagegenError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnexpectedStatus,
    UnsupportedMediaTypeError,
    WebhookSignatureError,
    WebhookTimestampError,
    WebhookVerificationError,
)
from .generation import (
    Failure,
    Generation,
    TaskRequest,
    generate,
    generate_async,
    generate_many,
    generate_many_async,
)
from .models.photo_pilot_artwork import PhotoPilotArtwork
from .models.quantum_artwork import QuantumArtwork
from .models.selena_variete_artwork import SelenaVarieteArtwork
from .models.unknown_artwork import UnknownArtwork
from .pacing import Pacer
from .pages import iter_artworks, iter_artworks_async
from .resources import AsyncPage, Page
from .retry import RetryPolicy
from .transport import DEFAULT_TIMEOUT
from .waiting import PollSchedule, wait_for_artwork, wait_for_artwork_async
from .webhooks import WebhookVerifier, verify_webhook

__all__ = (
    "DEFAULT_TIMEOUT",
    "__version__",
    "TERMINAL_STATUSES",
    "ApiError",
    "Artwork",
    "ArtworkCanceledError",
    "ArtworkFailedError",
    "ArtworkTimeoutError",
    "AsyncAuthenticatedClient",
    "AuthenticatedClient",
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "ConfigurationError",
    "ConflictError",
    "Failure",
    "Generation",
    "ImagegenError",
    "NotFoundError",
    "AsyncPage",
    "Pacer",
    "Page",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "PhotoPilotArtwork",
    "PollSchedule",
    "QuantumArtwork",
    "RateLimitError",
    "RetryPolicy",
    "SelenaVarieteArtwork",
    "ServerError",
    "TaskRequest",
    "UnexpectedStatus",
    "UnknownArtwork",
    "UnsupportedMediaTypeError",
    "WebhookSignatureError",
    "WebhookTimestampError",
    "WebhookVerificationError",
    "WebhookVerifier",
    "download_results",
    "download_results_async",
    "generate",
    "generate_async",
    "generate_many",
    "generate_many_async",
    "is_terminal",
    "iter_artworks",
    "iter_artworks_async",
    "parse_artwork",
    "unwrap",
    "verify_webhook",
    "wait_for_artwork",
    "wait_for_artwork_async",
)
