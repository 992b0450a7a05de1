"""tiny_ml: a typed tiny language model, from text to a falling loss, in pure Python."""
