"""typed-ai-rustlings: the command that walks a learner through the course, verdict by verdict."""
