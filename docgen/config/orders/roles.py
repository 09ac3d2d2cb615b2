"""Committee roles of appointment orders: their rank, their family, and the checks.

Rank orders the lines of a committee (chair, vice-chairs, members, secretary,
assistant secretaries); family is "board" (คณะกรรมการ), "team" (คณะทำงาน) or
None (fits either).  A committee has exactly one chair, at most one secretary,
roles of one family, in rank order (spec §12 item 7, check 21).

>>> ROLES["กรรมการและเลขานุการ"]
(3, 'board')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docgen.config.loader import Problem, YamlDocument

if TYPE_CHECKING:
    from docgen.config.orders.schema import Committee

# Role -> (rank, family).  Rank orders the lines of a committee; family is
# "board" (คณะกรรมการ), "team" (คณะทำงาน) or None (fits either).
ROLES: dict[str, tuple[int, str | None]] = {
    "ประธานกรรมการ": (0, "board"),
    "ประธาน": (0, None),
    "ประธานคณะทำงาน": (0, "team"),
    "หัวหน้าคณะทำงาน": (0, "team"),
    "รองประธานกรรมการ": (1, "board"),
    "รองประธาน": (1, None),
    "รองประธานคณะทำงาน": (1, "team"),
    "รองหัวหน้าคณะทำงาน": (1, "team"),
    "กรรมการ": (2, "board"),
    "คณะทำงาน": (2, "team"),
    "กรรมการและเลขานุการ": (3, "board"),
    "คณะทำงานและเลขานุการ": (3, "team"),
    "กรรมการและผู้ช่วยเลขานุการ": (4, "board"),
    "คณะทำงานและผู้ช่วยเลขานุการ": (4, "team"),
}
RANK_NAMES = ("chair", "vice-chair", "member", "secretary", "assistant secretary")
FAMILY_NAMES = {"board": "คณะกรรมการ", "team": "คณะทำงาน"}


def family_of(committees: list[Committee]) -> set[str]:
    """The role families ("board", "team") the committees use."""
    return {ROLES[m.role][1] for c in committees for m in c.members if ROLES[m.role][1]}


def check_committees(doc: YamlDocument, committees: list[Committee]) -> list[Problem]:
    """Chair, order and family of the roles of each committee, placed at the role's line."""
    problems: list[Problem] = []
    for c_index, committee in enumerate(committees):
        loc = ("committees", c_index, "members")
        chairs = [i for i, m in enumerate(committee.members) if ROLES[m.role][0] == 0]
        if not chairs:
            problems.append(doc.problem(loc, "a committee needs exactly one chair "
                                        "(ประธานกรรมการ, ประธาน, ประธานคณะทำงาน or หัวหน้าคณะทำงาน); it has none",
                                        at_key=True))
        for extra in chairs[1:]:
            first = committee.members[chairs[0]].role
            problems.append(doc.problem((*loc, extra, "role"), f"a committee has exactly one chair; "
                                        f"members[{chairs[0]}] is already {first}"))
        secretaries = [i for i, m in enumerate(committee.members) if ROLES[m.role][0] == 3]
        for extra in secretaries[1:]:
            first = committee.members[secretaries[0]].role
            problems.append(doc.problem((*loc, extra, "role"), f"a committee has one secretary; "
                                        f"members[{secretaries[0]}] is already {first}"))
        family, family_at = None, None
        highest = 0
        for m_index, member in enumerate(committee.members):
            rank, member_family = ROLES[member.role]
            if member_family and family and member_family != family:
                problems.append(doc.problem((*loc, m_index, "role"),
                                            f"{member.role} is a {FAMILY_NAMES[member_family]} role, but "
                                            f"members[{family_at}] is a {FAMILY_NAMES[family]} role; "
                                            "use one family per committee"))
            elif member_family and not family:
                family, family_at = member_family, m_index
            if rank < highest and m_index not in chairs[1:]:
                before = next(m for m in committee.members[:m_index] if ROLES[m.role][0] == highest)
                tail = " (the secretary lines come last)" if highest >= 3 else ""
                problems.append(doc.problem((*loc, m_index, "role"),
                                            f"{member.role} ({RANK_NAMES[rank]}) comes after {before.role} "
                                            f"({RANK_NAMES[highest]}): list the chair, vice-chairs, members, "
                                            f"secretary, assistant secretaries in that order{tail}"))
            highest = max(highest, rank)
    return problems
