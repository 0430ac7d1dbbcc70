"""Teams, themes, phases, labels and Jira field mapping, loaded from one YAML file."""

from mappings.loader import MappingsError, load_mappings
from mappings.model import MUNICIPAL_ZONE, Mappings, Option, Phase

__all__ = ["MUNICIPAL_ZONE", "Mappings", "MappingsError", "Option", "Phase", "load_mappings"]
