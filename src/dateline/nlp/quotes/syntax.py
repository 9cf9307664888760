"""Quote syntax from the dependency parse: sources, subjects, cues, clause spans.

This layer sees only spaCy tokens and character offsets: which noun phrase is a
cue's source, which tokens make the cue, where a reported clause begins and
ends, and which token sits at an offset. The quote passes
(:mod:`dateline.nlp.quotes.extract`, :mod:`dateline.nlp.quotes.regions`) and the
learned frames (:mod:`dateline.nlp.quotes.frames`) build on it.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_PARTICIPLE_DEPS = ("advcl", "xcomp", "conj", "acl", "dep", "pcomp")
_CUE_LEFT_DEPS = ("aux", "auxpass", "neg")
_EDGE_PUNCT = set(",.;:-\u2014\u2013 \n")


def token_chars(tokens: list[Token]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def trim_span(text: str, start: int, end: int, *, keep_closing: bool = True) -> tuple[int, int]:
    """Strip edge whitespace and punctuation; a closing quotation mark and the
    punctuation inside it stay (PolNeAR keeps them in the content)."""
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCT:
        end -= 1
    return start, end


def source_tokens(subject: Token) -> list[Token]:
    """The subject's whole noun phrase, appositions and relative clauses included
    ("Jane Roe, a spokeswoman for the ministry,"), as PolNeAR marks sources; the
    comma closing an apposition belongs to it. Resolution uses the head word."""
    tokens = sorted(subject.subtree, key=lambda t: t.i)
    for child in subject.rights:
        # "Trump, speaking to veterans in Virginia, said": the participle is
        # circumstance, not source (an apposition or relative clause stays).
        if child.dep_ == "acl" and child.tag_ in ("VBG", "VBN") and child.left_edge.i > 0 and (
            subject.doc[child.left_edge.i - 1].text == ","
        ):
            tokens = [t for t in tokens if t.i < child.left_edge.i - 1 or t.i > child.right_edge.i + 1]
        elif child.dep_ in ("prep", "npadvmod") and child.right_edge.i == tokens[-1].i and _when(child):
            # "Ukraine's ambassador to the U.S. on Sunday said": the time is the saying's
            tokens = [t for t in tokens if t.i < child.left_edge.i]
    dash = next(
        (
            i for i, t in enumerate(tokens)
            if t.text in ("--", "\u2014", "\u2013") or (t.text == "-" and i > 0 and t.whitespace_ and tokens[i - 1].whitespace_)
        ),
        None,
    )
    if dash is not None and dash > 0 and (
        all(t.is_upper or t.is_punct for t in tokens[:dash]) or tokens[dash - 1].text == ")"
    ):
        # a dateline ("WASHINGTON -- President Obama", "ORLANDO, Fla. (Reuters) - ...")
        tokens = tokens[dash + 1 :]
    while tokens and (tokens[0].is_punct or tokens[0].is_space or tokens[0].dep_ == "preconj"):
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space) and tokens[-1].text != ")":
        tokens.pop()
    if not tokens:
        return tokens
    doc = subject.doc
    after = tokens[-1].i + 1
    inner_comma = any(t.text == "," for t in tokens)
    if inner_comma and after < len(doc) and doc[after].text == ",":
        tokens.append(doc[after])
        after += 1
    if sum(t.text in _MARKS for t in tokens) % 2 and after < len(doc) and doc[after].text in _MARKS:
        tokens.append(doc[after])  # 'star of "Scandal,"': the title's closing mark
    return tokens


_MARKS = frozenset({'"', "\u201c", "\u201d", "''", "``"})


def _when(phrase: Token) -> bool:
    """A phrase that is only a date or time ("on Sunday", "Monday")."""
    words = [t for t in phrase.subtree if not (t.i == phrase.i and t.dep_ == "prep")]
    return bool(words) and all(t.ent_type_ in ("DATE", "TIME") for t in words)


_QUOTED = frozenset({"quote", "cite"})


def subject_of(verb: Token) -> Token | None:
    """The verb's subject; for a participle ("..., telling reporters") the subject
    of the verb it hangs from; for a passive, the agent ("by X")."""
    current: Token | None = verb
    for _ in range(3):
        if current is None:
            return None
        subjects = [c for c in current.children if c.dep_ in ("nsubj", "csubj")]
        if subjects:
            # '"Negotiations must happen," he said' can get two subjects: the nearest speaks.
            return min(subjects, key=lambda c: abs(c.i - current.i))  # type: ignore[union-attr]
        stranded = _stranded_subject(current) if current is verb else None
        if stranded is not None:
            return stranded
        if current.lemma_.lower() in _QUOTED:
            # "he was quoted (by local media) as saying": the one quoted speaks, not the agent
            quoted = [c for c in current.children if c.dep_ == "nsubjpass"]
            if quoted:
                return quoted[0]
        for child in current.children:
            if child.dep_ == "agent":
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return grandchild
        head = current.head
        if current.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN", "PRON") and head != current:
            clause = head
            while clause.pos_ not in ("VERB", "AUX") and clause.head != clause:
                clause = clause.head
            if current.left_edge.i > 0 and current.doc[current.left_edge.i - 1].text == "," and (
                clause.pos_ in ("VERB", "AUX") and clause.i < current.i
            ):
                # "X takes viewers through Y's campaign, which ..., noting that":
                # a participle set off by a comma goes with the clause, not the
                # nearest noun the parser hung it on
                current = clause
                continue
            # "one (of the postings) saying that ...": the noun the participle
            # modifies speaks.
            return head
        if current.dep_ == "pcomp" and head.dep_ == "prep" and head.head != head:
            # "by telling them ...", "In defending himself, Trump ...": through the
            # preposition to the verb it belongs to.
            current = head.head
        elif current.dep_ in _PARTICIPLE_DEPS and head != current:
            current = head
        else:
            return None
    return None


def _stranded_subject(verb: Token) -> Token | None:
    """A subject the parser lost: 'At a conference in Munich, Germany's foreign
    minister, Jo X, said' (hung as an apposition inside the fronted phrase: the
    outermost apposition right before the verb), or the name after an inverted
    cue that the parser did not make the subject."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.i < 2:
        return None
    if verb.i + 1 < len(verb.doc) and verb.nbor(-1).text in ("-", "\u2013", "\u2014", ","):
        after = verb.nbor(1)
        if after.pos_ == "PROPN" and after.text[:1].isupper() and after.dep_ in ("punct", "dep", "npadvmod", "dobj"):
            return after  # "... - said Putin.- The ...": the name the tokenizer glued to a dash
    node = verb.nbor(-1)
    if node.text == ",":
        node = node.nbor(-1)
    if node.dep_ == "conj" and node.pos_ == "PROPN" and node.head.dep_ == "appos" and not _coordinated(node):
        # "..., the Prime Minister of Great Britain Jo X announced": a name glued to
        # its title with no 'and', which the parser read as a second conjunct
        node = node.head
    if node.pos_ not in ("PROPN", "NOUN") or node.dep_ != "appos":
        return None
    while node.head.dep_ == "appos" and node.head.i < node.i:
        node = node.head
    holder = node.head
    if holder.dep_ != "pobj" or holder.i >= node.i:
        return None
    # the fronted phrase hangs from the verb through prepositions only ("At a
    # conference in Munich, ...")
    while holder.dep_ in ("pobj", "prep") and holder.head.i != holder.i:
        holder = holder.head
        if holder.i == verb.i:
            return node
    return None


def cue_tokens(verb: Token, subject: Token | None) -> list[Token]:
    """The cue verb with its auxiliaries, negation and particles ("has not said",
    "also said", "pointed out")."""
    tokens = [verb]
    lower = subject.i if subject is not None and subject.i < verb.i else -1
    for child in verb.lefts:
        if child.i > lower and (
            child.dep_ in _CUE_LEFT_DEPS or (child.dep_ == "advmod" and child.i == verb.i - 1)
        ):
            tokens.append(child)
    for child in verb.rights:
        if child.dep_ == "prt":
            tokens.append(child)
    tokens.sort(key=lambda t: t.i)
    # Keep the cue contiguous: drop left material separated from the verb by
    # something that is not part of the cue.
    contiguous = [verb]
    chosen = {t.i for t in tokens}
    i = verb.i - 1
    while i in chosen:
        contiguous.insert(0, verb.doc[i])
        i -= 1
    i = verb.i + 1
    while i in chosen:
        contiguous.append(verb.doc[i])
        i += 1
    return contiguous


def has_subject(token: Token) -> bool:
    return any(c.dep_ in _SUBJECT_DEPS for c in token.children)


def lemma_in(token: Token, words: frozenset[str]) -> bool:
    return token.lemma_.lower() in words


def word_count(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


def in_subtree(token: Token, root: Token) -> bool:
    return root.left_edge.i <= token.i <= root.right_edge.i


def clause_chars(comp: Token) -> tuple[int, int]:
    """A reported clause without what merely follows it: a coordinated clause
    with a subject of its own ("A and B has it at ..."), or a trailing
    adverbial or participle set off by a comma or dash ("..., while another
    says ...", "..., implying that ..."). "that A and that B" stays whole."""
    tokens = sorted(comp.subtree, key=lambda t: t.i)
    cut: int | None = None
    for child in comp.rights:
        before = comp.doc[child.left_edge.i - 1] if child.left_edge.i > 0 else None
        set_off = before is not None and before.text in (",", "-", "--", ";")
        if child.dep_ == "conj":
            has_mark = any(c.dep_ == "mark" for c in child.children)
            if has_subject(child) and not has_mark:
                cut = _cut_before(child)
                break
        elif child.dep_ in ("advcl", "parataxis") and set_off and (
            has_subject(child) or any(c.dep_ == "mark" for c in child.children)
        ):
            # A full clause ("..., while another says ...") is not the report;
            # a bare participle ("..., igniting a building") still is.
            cut = before.i if before is not None else child.left_edge.i
            break
        elif child.dep_ == "prep" and set_off and child.lower_ in ("compared", "unlike", "despite"):
            cut = before.i if before is not None else child.left_edge.i
            break
    if cut is not None:
        tokens = [t for t in tokens if t.i < cut]
    return token_chars(tokens) if tokens else subtree_chars(comp)


def _cut_before(conj: Token) -> int:
    """Index where a coordinated clause begins, its conjunction and comma included."""
    i = conj.left_edge.i
    doc = conj.doc
    while i > 0 and (doc[i - 1].dep_ == "cc" or doc[i - 1].text in (",", "-", "--", ";")):
        i -= 1
    return i


def subtree_chars(root: Token) -> tuple[int, int]:
    return token_chars(list(root.subtree))


def overlaps_tokens(spans: list[tuple[int, int]], tokens: list[Token]) -> bool:
    for token in tokens:
        for start, end in spans:
            if token.idx < end and start < token.idx + len(token.text):
                return True
    return False


def _starts(doc: Doc) -> list[int]:
    starts: list[int] | None = doc.user_data.get("dateline_token_starts")
    if starts is None or len(starts) != len(doc):
        starts = [t.idx for t in doc]
        doc.user_data["dateline_token_starts"] = starts
    return starts


def token_at_or_after(doc: Doc, offset: int) -> Token | None:
    i = bisect.bisect_left(_starts(doc), offset)
    while i < len(doc) and doc[i].is_space:
        i += 1
    return doc[i] if i < len(doc) else None


def parenthetical(
    verb: Token, subject: Token | None, text: str
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The two pieces around a cue set off by commas inside the reported
    sentence ("A, X said, B"), or None when the verb is not such a cue."""
    if verb.dep_ != "parataxis" or subject is None or not subject.i < verb.i < verb.head.i:
        return None
    doc = verb.doc
    words = [c.right_edge.i for c in verb.rights if not c.is_punct] + [verb.i]
    first, last = subject.left_edge.i - 1, max(words) + 1
    sent = verb.sent
    if first <= sent.start or last >= sent.end - 1:
        return None
    if doc[first].text not in (",", "\u2014", "--") or doc[last].text not in (",", "\u2014", "--"):
        return None
    return (doc[sent.start].idx, doc[first].idx), (doc[last].idx + 1, doc[sent.end - 1].idx + len(doc[sent.end - 1].text))


def token_index_at(doc: Doc, offset: int) -> int | None:
    """Index of the token holding the character at ``offset``."""
    i = bisect.bisect_right(_starts(doc), offset) - 1
    return i if 0 <= i < len(doc) and offset < doc[i].idx + len(doc[i].text) else None


def token_before(doc: Doc, offset: int) -> Token | None:
    i = bisect.bisect_left(_starts(doc), offset) - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return doc[i] if i >= 0 else None


def _coordinated(conj: Token) -> bool:
    """A conjunct joined by a word or a comma ('A and B', 'A, B'), not glued to it."""
    head = conj.head
    between = conj.doc[head.i + 1 : conj.left_edge.i]
    return any(t.dep_ == "cc" or t.text in (",", ";", "&") for t in between) or any(
        c.dep_ == "cc" for c in head.children
    )
