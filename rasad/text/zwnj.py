"""ZWNJ restoration. Placeholder until the lexicon-based restorer lands (branch zwnj)."""


def restore_zwnj(text: str) -> str:
    return text
