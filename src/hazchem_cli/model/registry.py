"""Finding an agency by any name people use for it, and suggesting one for a typo."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from hazchem_cli.errors import UsageError
from hazchem_cli.i18n.catalogue import _
from hazchem_cli.model.records import AgencyKind, AgencyView

_PROVINCE_PREFIX = "省"


class AgencyRegistry:
    """Every agency of ``agencies.yaml``, looked up by full name, id, alias or short name.

    The short name is the full name without the leading 省, because that is how staff
    write it (应急管理厅 for 省应急管理厅).
    """

    def __init__(self, agencies: Iterable[AgencyView]) -> None:
        self.agencies: list[AgencyView] = list(agencies)
        self._by_name = {agency.name: agency for agency in self.agencies}
        self._by_key: dict[str, AgencyView] = {}
        for agency in self.agencies:
            for key in self.names_of(agency):
                self._by_key.setdefault(_fold(key), agency)

    @staticmethod
    def names_of(agency: AgencyView) -> list[str]:
        """Every string that names ``agency``, full name first."""
        names = [agency.name, agency.id, *agency.aliases]
        if agency.name.startswith(_PROVINCE_PREFIX) and len(agency.name) > 2:
            names.append(agency.name[len(_PROVINCE_PREFIX) :])
        if agency.name_en:
            names.append(agency.name_en)
        return names

    def by_name(self, name: str) -> AgencyView | None:
        """The agency whose full name is exactly ``name``, as the task file must write it."""
        return self._by_name.get(name)

    def resolve(self, text: str) -> AgencyView | None:
        """The agency ``text`` names in any accepted form, or None.

        Besides the full name, id, aliases, the name without 省 and the English name, any
        part of a name that belongs to one agency only names it (``经信``, ``消防``): that
        is how staff shorten names in speech and in chat.
        """
        exact = self._by_key.get(_fold(text))
        if exact is not None:
            return exact
        matches = self.matching(text)
        return matches[0] if len(matches) == 1 else None

    def matching(self, text: str) -> list[AgencyView]:
        """The agencies that have ``text`` inside one of their names (two characters at least)."""
        folded = _fold(text)
        if len(folded) < 2:
            return []
        return [
            agency
            for agency in self.agencies
            if any(folded in _fold(name) for name in self.names_of(agency))
        ]

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """Full names of the agencies whose names are nearest to ``text``."""
        keys = list(self._by_key)
        close = difflib.get_close_matches(_fold(text), keys, n=limit * 3, cutoff=0.5)
        if not close:
            close = [key for key in keys if _fold(text) in key or key in _fold(text)]
        names: list[str] = []
        for key in close:
            name = self._by_key[key].name
            if name not in names:
                names.append(name)
        return names[:limit]

    def groups_containing(self, agency: AgencyView) -> list[AgencyView]:
        """The groups that list ``agency`` among their members."""
        return [
            group
            for group in self.agencies
            if group.kind is AgencyKind.GROUP and agency.name in group.members
        ]


def _fold(text: str) -> str:
    return text.strip().casefold()


def one_of(names: list[str]) -> str:
    """Names to choose from (``A, B or C``), joined as the run's language joins them."""
    if len(names) < 2:
        return "".join(names)
    return _("{names} or {last}", names=_(", ").join(names[:-1]), last=names[-1])


def resolve_agencies(registry: AgencyRegistry, names: Iterable[str]) -> tuple[AgencyView, ...]:
    """The agencies named on the command line, by any accepted name, or a usage error."""
    found: list[AgencyView] = []
    for name in names:
        agency = registry.resolve(name)
        if agency is None:
            several = registry.matching(name)
            if len(several) > 1:
                shown = "、".join(match.name for match in several[:8])
                more = "…" if len(several) > 8 else ""
                raise UsageError(
                    _(
                        "agency '{name}' matches several agencies: {names}; give more of the "
                        "name, or its id",
                        name=name,
                        names=shown + more,
                    )
                )
            near = registry.suggest(name)
            if near:
                raise UsageError(
                    _(
                        "unknown agency '{name}'; did you mean {names}? hazchem agencies lists "
                        "every agency",
                        name=name,
                        names=one_of(near),
                    )
                )
            raise UsageError(
                _("unknown agency '{name}'; hazchem agencies lists every agency", name=name)
            )
        if agency not in found:
            found.append(agency)
    return tuple(found)
