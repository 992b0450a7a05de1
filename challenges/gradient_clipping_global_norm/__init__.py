"""Gradient norm clipping (Pascanu, Mikolov & Bengio, arXiv 1211.5063): only ClippedGradients step."""
