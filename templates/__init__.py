"""The report's templates, stylesheet and script, installed as the package ``aligner.templates``."""
