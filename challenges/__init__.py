"""The paper-to-python track: one folder a paper, each a typed boundary for one claim."""
