"""Route planning for an officer's day and week: which households, in what order, along which roads.

One job per module: :mod:`~layers.routing.network` (road graph, snapping,
distances), :mod:`~layers.routing.solver` (OR-Tools chooses, fast_tsp orders),
:mod:`~layers.routing.targets` (the station's rules), :mod:`~layers.routing.plan`
(the plan the map, the sheet and the CLI show), :mod:`~layers.routing.roads`
(road files and the project's roads), :mod:`~layers.routing.stops_file` (CSV
lists of stops), :mod:`~layers.routing.gpx` (the route for a phone). No Qt here.
"""
