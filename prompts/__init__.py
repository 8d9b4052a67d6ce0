"""What the bot says and asks: the interview question bank, answer prompt templates, and the
root of the project's error hierarchy (errors carry the sentence a user reads).

`prompts` imports nothing from the rest of the project, so every layer may import from it.
"""
