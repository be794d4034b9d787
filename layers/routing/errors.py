"""Why a route cannot be planned, in words an officer can act on.

Each names the stop, file or number at fault and what to do, in the words of
the domain: the desktop and the command line offer different ways to do it (a
list to choose from, an option), and each names its own where it reports the
message. Templates are English; ``reason`` parameters are templates of their
own (marked with ``QT_TRANSLATE_NOOP("reason", ...)``), translated like every
other Wangge error.
"""

from __future__ import annotations

from layers.errors import QT_TRANSLATE_NOOP, WanggeError


class RouteError(WanggeError):
    """Base of the route planner's errors: nothing was planned or written."""

    template = QT_TRANSLATE_NOOP("RouteError", "cannot plan the route: {reason}")


class NoStopsError(RouteError):
    """Nothing to visit: the file, the rules or the filters leave no stop."""

    template = QT_TRANSLATE_NOOP("NoStopsError", "there are no stops to visit: {reason}")


class BudgetTooSmallError(RouteError):
    """Not even the nearest stop fits the day: say how long it needs."""

    template = QT_TRANSLATE_NOOP(
        "BudgetTooSmallError",
        "a day of {budget_h:g} h reaches no stop: the nearest, {stop}, needs {needed_h:.2f} h there and back with its visit; give a longer day or a shorter time at each stop",  # noqa: E501 - one line, as lupdate extracts it
    )


class WorkingDayError(RouteError):
    """The station's working day in the project's settings is no sensible number of hours."""

    template = QT_TRANSLATE_NOOP(
        "WorkingDayError",
        "the station's working day is set to '{given}' hours; set it in the station rules to between 0.25 and {longest:g}",  # noqa: E501 - one line, as lupdate extracts it
    )


class StartOffNetworkError(RouteError):
    """The start (or end) is so far from every road that road distances from it mean nothing."""

    template = QT_TRANSLATE_NOOP(
        "StartOffNetworkError",
        "{stop} is {distance_m:.0f} m from the nearest road (at most {limit_m:.0f} m is allowed); start and end on the road network or add the missing road",  # noqa: E501 - one line, as lupdate extracts it
    )


class UnknownStopError(RouteError):
    """A start or end id that names no stop of the list."""

    template = QT_TRANSLATE_NOOP(
        "UnknownStopError", "no stop has the id '{stop}'; the ids are those in the first column"
    )


class NoPoliceOfficeError(RouteError):
    """A project plan needs a start and the project has no police office to start from."""

    template = QT_TRANSLATE_NOOP(
        "NoPoliceOfficeError",
        "{location}: no police office landmark to start from; add one (kind police_office) or choose another place to start",  # noqa: E501 - one line, as lupdate extracts it
    )


class RoadFileError(RouteError):
    """A road file that cannot serve as a road network: unreadable, no lines, no coordinate system."""

    template = QT_TRANSLATE_NOOP("RoadFileError", "{path}: cannot use it as the road network ({reason})")


class StopsFileError(RouteError):
    """A stops file (CSV) with a header or row that cannot be read."""

    template = QT_TRANSLATE_NOOP("StopsFileError", "{path}, row {row}: {reason}")


class RulesFileError(RouteError):
    """A rule set (JSON weights) with an unknown rule or a weight that is not a number."""

    template = QT_TRANSLATE_NOOP("RulesFileError", "{path}: {reason}")


class RouteNotice(WanggeError):
    """Not an error: something the officer should know about a plan that was made anyway.

    Kept as a :class:`WanggeError` so it is translated like one (the review's
    ``problems`` are carried the same way).
    """

    template = QT_TRANSLATE_NOOP("RouteNotice", "{detail}")


class StraightLineNotice(RouteNotice):
    template = QT_TRANSLATE_NOOP(
        "StraightLineNotice",
        "no road network: distances are straight lines, so the real way is longer; import the roads for a route along them",  # noqa: E501 - one line, as lupdate extracts it
    )


class DisconnectedNetworkNotice(RouteNotice):
    template = QT_TRANSLATE_NOOP(
        "DisconnectedNetworkNotice",
        "the road network falls apart into {pieces} pieces that no road joins ({detached_m:.0f} m of road outside the largest); stops on another piece than the start cannot be reached by road",  # noqa: E501 - one line, as lupdate extracts it
    )


class StopsOffNetworkNotice(RouteNotice):
    template = QT_TRANSLATE_NOOP(
        "StopsOffNetworkNotice",
        "{count} stop(s) lie more than {limit_m:.0f} m from every road and were left out, the farthest {stop} at {distance_m:.0f} m",  # noqa: E501 - one line, as lupdate extracts it
    )
