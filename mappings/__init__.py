"""Teams, themes, phases, labels and Jira field mapping, loaded from one YAML file."""

from mappings.loader import MappingsError, load_mappings
from mappings.model import Mappings, Option, Phase

__all__ = ["Mappings", "MappingsError", "Option", "Phase", "load_mappings"]
