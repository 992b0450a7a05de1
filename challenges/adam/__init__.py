"""Adam (Kingma & Ba, arXiv 1412.6980) as AdamModelState -> AdamModelState."""
