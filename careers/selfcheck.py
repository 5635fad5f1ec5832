"""The 'Is this career for you?' self-check: an honest reading of a person's answers.

No score and no pitch: the result names the parts of the job the person said do not suit
them, what each means in practice, and one next step that fits what they told us.
"""

from dataclasses import dataclass, field
from enum import StrEnum, nonmember


class Answer(StrEnum):
    YES = "yes"
    UNSURE = "unsure"
    NO = "no"

    @classmethod
    def choices(cls):
        return [(cls.YES, "Yes"), (cls.UNSURE, "Not sure"), (cls.NO, "No")]


class Verdict(StrEnum):
    # Templates compare against members (`Verdict.GOOD_MATCH`): do not call the class.
    do_not_call_in_templates = nonmember(True)

    # Every answer was yes.
    GOOD_MATCH = "good_match"
    # No "no", but some "not sure": find those out first.
    FIND_OUT = "find_out"
    # At least one "no", but fewer than half of the answers.
    SOME_CONCERNS = "some_concerns"
    # Half or more of the answers were "no".
    POOR_MATCH = "poor_match"


@dataclass
class Result:
    verdict: Verdict
    answered: int
    total: int
    yes: list = field(default_factory=list)
    unsure: list = field(default_factory=list)
    no: list = field(default_factory=list)


def assess(answers, total: int) -> Result:
    """`answers`: (statement, Answer) pairs for the statements the person answered."""
    yes = [s for s, a in answers if a == Answer.YES]
    unsure = [s for s, a in answers if a == Answer.UNSURE]
    no = [s for s, a in answers if a == Answer.NO]
    answered = len(yes) + len(unsure) + len(no)
    if no and 2 * len(no) >= answered:
        verdict = Verdict.POOR_MATCH
    elif no:
        verdict = Verdict.SOME_CONCERNS
    elif unsure:
        verdict = Verdict.FIND_OUT
    else:
        verdict = Verdict.GOOD_MATCH
    return Result(verdict, answered, total, yes, unsure, no)
