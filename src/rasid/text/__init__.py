"""Text stage: cleaning, normalisation, sentences, language, numbers."""
