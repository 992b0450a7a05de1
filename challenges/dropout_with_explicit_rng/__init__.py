"""Dropout (Hinton et al., arXiv 1207.0580) with an explicit RngState and a train/eval mode."""
