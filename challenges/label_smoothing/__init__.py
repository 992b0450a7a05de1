"""Label smoothing (Szegedy et al., arXiv 1512.00567, section 7): the target is a Distribution."""
