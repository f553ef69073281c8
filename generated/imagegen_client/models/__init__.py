"""Contains all the data models used in inputs/outputs"""

from .artwork_status import ArtworkStatus
from .artwork_type import ArtworkType
from .aspect_ratio import AspectRatio
from .color_tone import ColorTone
from .error import Error
from .generated_image import GeneratedImage
from .image_generation_request import ImageGenerationRequest
from .image_generation_response import ImageGenerationResponse
from .image_guidance import ImageGuidance
from .image_model import ImageModel
from .image_size_preset import ImageSizePreset
from .lifecycle_invariants import LifecycleInvariants
from .output_format import OutputFormat
from .photo_pilot_artwork import PhotoPilotArtwork
from .photo_pilot_parameters import PhotoPilotParameters
from .photo_pilot_request import PhotoPilotRequest
from .processing_mode import ProcessingMode
from .prompt_mode import PromptMode
from .quantum_artwork import QuantumArtwork
from .quantum_parameters import QuantumParameters
from .quantum_request import QuantumRequest
from .quantum_style import QuantumStyle
from .selena_variete_artwork import SelenaVarieteArtwork
from .selena_variete_aspect_ratio import SelenaVarieteAspectRatio
from .selena_variete_model import SelenaVarieteModel
from .selena_variete_parameters import SelenaVarieteParameters
from .selena_variete_request import SelenaVarieteRequest
from .selena_variete_style import SelenaVarieteStyle
from .unknown_artwork import UnknownArtwork
from .unknown_artwork_parameters import UnknownArtworkParameters
from .webhook_secret import WebhookSecret

__all__ = (
    "ArtworkStatus",
    "ArtworkType",
    "AspectRatio",
    "ColorTone",
    "Error",
    "GeneratedImage",
    "ImageGenerationRequest",
    "ImageGenerationResponse",
    "ImageGuidance",
    "ImageModel",
    "ImageSizePreset",
    "LifecycleInvariants",
    "OutputFormat",
    "PhotoPilotArtwork",
    "PhotoPilotParameters",
    "PhotoPilotRequest",
    "ProcessingMode",
    "PromptMode",
    "QuantumArtwork",
    "QuantumParameters",
    "QuantumRequest",
    "QuantumStyle",
    "SelenaVarieteArtwork",
    "SelenaVarieteAspectRatio",
    "SelenaVarieteModel",
    "SelenaVarieteParameters",
    "SelenaVarieteRequest",
    "SelenaVarieteStyle",
    "UnknownArtwork",
    "UnknownArtworkParameters",
    "WebhookSecret",
)
