"""Scaled dot-product attention (Vaswani et al., arXiv 1706.03762) with typed roles."""
