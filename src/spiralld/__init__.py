"""spiralld: publish encyclopedia profile pages as linked data."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("spiralld")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
