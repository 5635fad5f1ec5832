"""The ZIP radius in the facet index: which programs have a session that needs travel
offered at none of the sites near the student, from a record of where each session is
offered, read once per index (facet_index.py)."""

from collections import defaultdict
from dataclasses import dataclass
from itertools import chain

from .bitsets import bits
from .conditions import travel_sessions
from .models import LabSession


@dataclass(frozen=True)
class Reach:
    """Where the sessions that need travel (conditions.travel_sessions) of the indexed
    programs are offered, so the ZIP radius takes away the programs out of reach with a
    few set operations instead of a query over every session (60,000 of them at 100,000
    listings). The rule is conditions.out_of_reach's: a program is out of reach when one
    of those sessions is offered at no site near the student (a session with no site
    included); programs/tests/test_facet_index.py holds the two to the same programs.

    A program's sessions are numbered 0, 1... (by id), and "layer" j holds every program's
    session j: for each site, the positions of the programs whose session j is offered
    there. The sites near the student then give one set per layer, and a program is in
    reach when each of its layers' sets has it. All in positions, so no session is looked
    up one by one. Only the deepest layers' few sites are looked up when a program has many
    sessions."""

    # for each layer: site id -> the positions of the programs whose session of that layer
    # is offered there
    layers: tuple[dict[int, tuple[int, ...]], ...]
    # needs[j]: the programs with more than j such sessions (needs[0]: with any)
    needs: tuple[int, ...]

    def out_of_reach(self, near_site_ids) -> int:
        """The programs with a session offered at none of `near_site_ids`."""
        near, near_set = list(near_site_ids), None
        out = 0
        for at_site, needs in zip(self.layers, self.needs, strict=True):
            sites = near
            if len(at_site) < len(near):
                # A deep layer (the sessions of the few programs with many) has few sites:
                # look up those, not every near site.
                near_set = set(near) if near_set is None else near_set
                sites = at_site.keys() & near_set
            # The positions offered at the near sites, gathered without a Python loop.
            offered = bits(chain.from_iterable(filter(None, map(at_site.get, sites))))
            out |= needs & ~offered
        return out


def read(index) -> Reach:
    """Two queries: the sessions that need travel of the programs of the facet `index`
    (facet_index.FacetIndex), and the sites offering them."""
    layer_of, count = {}, defaultdict(int)  # session id -> (layer, position); position -> n
    sessions = travel_sessions().order_by("pk").values_list("pk", "program_id")
    for pk, program_id in sessions.iterator(chunk_size=5000):
        position = index.position_of(program_id)
        if position >= 0:  # a draft's sessions are not indexed
            layer_of[pk] = (count[position], position)
            count[position] += 1
    depth = max(count.values(), default=0)
    layers = [defaultdict(list) for _ in range(depth)]  # layer -> site -> positions
    offered = LabSession.sites.through.objects.filter(labsession__in=travel_sessions())
    for session_id, site_id in (
        offered.order_by().values_list("labsession_id", "site_id").iterator(chunk_size=5000)
    ):
        if (found := layer_of.get(session_id)) is not None:
            layers[found[0]][site_id].append(found[1])
    with_depth = defaultdict(list)  # n -> the programs with n such sessions
    for position, n in count.items():
        with_depth[n].append(position)
    needs, deeper = [], 0
    for n in range(depth, 0, -1):
        deeper |= bits(with_depth.get(n, ()))  # the programs with n or more
        needs.append(deeper)
    return Reach(
        tuple({site: tuple(found) for site, found in layer.items()} for layer in layers),
        tuple(reversed(needs)),
    )
