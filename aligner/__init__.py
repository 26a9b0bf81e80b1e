"""aligner: audit a translation against its original, sentence by sentence."""

__version__ = "0.1.0"
