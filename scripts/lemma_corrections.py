"""The lemma corrections of ``data/backbone/lemmas.json`` (``verbs``), rebuilt from the
spaCy model's own verb index, and a check of the lexicons against the corrected parse.

The rule lemmatizer strips an ending and takes the first stem its index knows, so
"hoped" is "hop" although hop's past is "hopped": every verb in -e whose stem is a
verb that doubles its last consonant (hope/hop, wage/wag, stage/stag, rate/rat).

Run: python scripts/lemma_corrections.py [--write]   (--write rewrites the verbs table;
without it, prints the forms that differ from the file and the lexicon verbs whose
regular forms still come back as another lemma).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "dateline" / "data"
# a stem that doubles its last consonant before -ed / -ing: hop -> hopped
_DOUBLING = re.compile(r"(?:^|[^aeiou])[aeiou][^aeiouwxy]$")


def _lemmatize(nlp, form: str, tag: str, pos: str = "VERB") -> str:  # type: ignore[no-untyped-def]
    from spacy.tokens import Doc

    doc = Doc(nlp.vocab, words=[form])
    doc[0].tag_, doc[0].pos_ = tag, pos
    return str(nlp.get_pipe("lemmatizer")(doc)[0].lemma_)


def verb_corrections(nlp) -> dict[str, str]:  # type: ignore[no-untyped-def]
    verbs = set(nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")["verb"])
    out: dict[str, str] = {}
    for verb in sorted(verbs):
        stem = verb[:-1]
        if not re.fullmatch(r"[a-z]+[^aeiouwxy]e", verb) or stem not in verbs or not _DOUBLING.search(stem):
            continue
        for form, tag in ((verb + "d", "VBD"), (verb + "d", "VBN"), (stem + "ing", "VBG"), (verb + "s", "VBZ")):
            if _lemmatize(nlp, form, tag) != verb:
                out[form] = verb
    return out


def _lexicon_verbs() -> set[str]:
    words: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key != "about":
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and re.fullmatch(r"[a-z]{3,}", value):
            words.add(value)

    for path in [*sorted((DATA / "events").glob("*.json")), *sorted((DATA / "quotes").glob("*.json"))]:
        if not any(part in path.name for part in ("typer", "model", "classifier", "filter")):
            walk(json.loads(path.read_text(encoding="utf-8")))
    return words


def main() -> None:
    from dateline.backbone import load_spacy
    from dateline.config import Config

    nlp = load_spacy(Config().spacy_model)
    path = DATA / "backbone" / "lemmas.json"
    table = json.loads(path.read_text(encoding="utf-8"))
    built = verb_corrections(nlp)
    if "--write" in sys.argv:
        table["verbs"] = dict(sorted(built.items()))
        path.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
        print(f"{len(built)} verb forms written to {path}")
        return
    for form in sorted(set(built) ^ set(table["verbs"])):
        print(f"table differs: {form} -> {built.get(form)} (file: {table['verbs'].get(form)})")
    # the lexicons' verbs, through the parse with the corrections applied
    known = set(nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")["verb"])
    for word in sorted(_lexicon_verbs() & known):
        forms = {word + "d", word[:-1] + "ing", word + "s"} if word.endswith("e") else {word + "ed", word + "ing", word + "s"}
        for form in sorted(forms):
            doc = nlp(f"They {form} it.")
            token = doc[1]
            if token.tag_.startswith("VB") and token.lemma_ != word and token.lemma_ + "e" == word:
                print(f"lexicon verb {word}: {form} -> {token.lemma_}")


if __name__ == "__main__":
    main()
