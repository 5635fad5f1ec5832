"""Blocks of facts a page can place in its Markdown body with a marker paragraph.

A marker is a paragraph holding only ``[[name]]``. When the page is shown, the marker is
replaced by the partial ``careers/blocks.html#<name>``, filled with the current records (see
`careers.selectors`). Each block brings its own level-2 heading, whose id is the block's name,
so links such as ``.../certification-and-licensure/#licensing-states`` keep working whatever
the curators write around it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    name: str
    title: str
    description: str

    @property
    def anchor(self) -> str:
        return self.name


BLOCKS = {
    block.name: block
    for block in [
        Block("duties", "Everyday duties", "The duties records, each with its source."),
        Block("work-settings", "Where the work happens", "The work settings records."),
        Block(
            "salary-figures",
            "Pay figures and their sources",
            "A chart of the sourced salary figures with a table of the same numbers; figures "
            "with no traceable source follow apart, as a claim, never in the chart.",
        ),
        Block(
            "specialties",
            "Specialty areas",
            "The specialty areas, each with the credential it leads to.",
        ),
        Block(
            "certification-routes",
            "Routes to MLT certification",
            "The ASCP and AMT routes, with a link to the eligibility checker.",
        ),
        Block(
            "licensing-states",
            "States that license laboratory personnel",
            "The licensing states; disputed ones are marked.",
        ),
        Block(
            "program-checklist",
            "Checklist: what to ask an online program",
            "The checklist items, each linking to a directory filter.",
        ),
        Block("self-check", "Self-check", "The self-check form and its result."),
    ]
}
