__version__ = "0.1.0"

# Bump whenever a stage's output changes: the store replaces derived rows of
# documents processed by an older pipeline version on re-ingest.
PIPELINE_VERSION = "0.1.0"
