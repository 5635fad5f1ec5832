"""Typo tolerance: words are corrected against the directory's vocabulary by trigram
similarity (the same measure as PostgreSQL's pg_trgm)."""

from programs.search import similar_words, trigrams

VOCABULARY = frozenset({"laboratory", "technology", "technician", "dayton", "valley", "college"})


def test_trigrams_match_pg_trgm_padding():
    assert trigrams("Cat") == {"  c", " ca", "cat", "at "}


def test_similar_words_corrects_typos_and_leaves_out_unrelated_words():
    assert similar_words("laboratroy", VOCABULARY)[0] == "laboratory"
    assert similar_words("Daytn", VOCABULARY) == ["dayton"]
    assert similar_words("colege", VOCABULARY) == ["college"]
    assert "technology" in similar_words("technolgy", VOCABULARY)
    assert similar_words("zebra", VOCABULARY) == []
