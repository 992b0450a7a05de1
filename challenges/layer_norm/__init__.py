"""Layer normalization (Ba, Kiros & Hinton, arXiv 1607.06450) as Hidden -> Hidden."""
