"""RMSNorm (Zhang & Sennrich, arXiv 1910.07467): Hidden -> Hidden, re-scaling but not re-centring."""
