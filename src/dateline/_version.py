"""dateline's version, as installed (a leaf module: the pipeline records it without importing the package)."""

from importlib import metadata

try:
    __version__ = metadata.version("dateline")
except metadata.PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"
