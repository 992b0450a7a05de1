"""He initialisation (He et al., arXiv 1502.01852) with Xavier as the contrast: FanIn is not FanOut."""
