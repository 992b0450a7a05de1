"""Softmax temperature (Hinton et al., arXiv 1503.02531) and top-k (Fan et al., arXiv 1805.04833)."""
