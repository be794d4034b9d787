"""Travel distances between stops: along a road network, or in straight lines when there is none.

A :class:`RoadNetwork` is a graph built from road centre lines in metres (UTM
48N): lines are noded where they cross or share a vertex, every straight piece
of a line becomes an edge weighted by its length. A stop is snapped to the
nearest point of the nearest road segment (projected onto it, the segment split
there), so a household halfway down a 300 m lane is 150 m from either end, not
at the end nearest to it. Distances are shortest paths over the graph
(:func:`scipy.sparse.csgraph.dijkstra`, run once from each stop), and each leg's
path is kept so it can be drawn and exported.

:class:`StraightLines` offers the same interface where the project has no roads;
its :attr:`TravelMatrix.straight_line` flag lets the plan and the user know.

Examples
--------
>>> from shapely import LineString
>>> roads = RoadNetwork.from_lines([LineString([(0, 0), (100, 0)]), LineString([(50, 0), (50, 80)])])
>>> travel = roads.travel_matrix(np.array([[0.0, 0.0], [50.0, 80.0]]))
>>> float(travel.metres[0, 1]), travel.path(0, 1).length
(130.0, 130.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

import numpy as np
import shapely
from shapely import LineString

from layers.feedback import Feedback

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

NODE_PRECISION_M = 0.001
"""Vertices closer than a millimetre are one node: lines drawn to a shared vertex meet there."""
JOIN_WITHIN_M = 20.0
"""A road end this close to another road is joined to it: digitised lanes often stop a few metres short."""
MIN_EDGE_M = 1e-6
"""A sparse graph takes a zero weight for a missing edge, so coincident nodes are joined by this instead."""


@dataclass(frozen=True)
class TravelMatrix:
    """Distances between stops in metres, how each stop meets the network, and the legs' paths.

    ``metres[i, j]`` is ``inf`` where no road joins stop ``i`` to stop ``j``.
    ``snap_m[i]`` is how far stop ``i`` lies from the road it was snapped to and
    ``piece[i]`` the connected piece of the network that road belongs to.
    """

    metres: np.ndarray
    snap_m: np.ndarray
    piece: np.ndarray
    straight_line: bool
    _nodes_xy: np.ndarray
    _stop_node: np.ndarray
    _predecessors: np.ndarray | None

    def path(self, origin: int, destination: int) -> LineString:
        """The way from stop ``origin`` to stop ``destination`` in metres (a two-point line if straight)."""
        if self._predecessors is None:
            return LineString(self._nodes_xy[[origin, destination]])
        target = self._stop_node[destination]
        start = self._stop_node[origin]
        predecessors = self._predecessors[origin]
        nodes = [target]
        while nodes[-1] != start:
            previous = predecessors[nodes[-1]]
            if previous < 0:
                raise ValueError(f"no road joins stop {origin} to stop {destination}")
            nodes.append(previous)
        if len(nodes) == 1:
            nodes.append(start)
        return LineString(self._nodes_xy[nodes[::-1]])


class TravelNetwork(Protocol):
    """What the planner needs of a network: a travel matrix between points in metres."""

    straight_line: bool

    def travel_matrix(self, points_xy: np.ndarray, feedback: Feedback | None = None) -> TravelMatrix: ...


class StraightLines:
    """Distances as the crow flies, for a project without roads; the plan says so."""

    straight_line = True

    def travel_matrix(self, points_xy: np.ndarray, feedback: Feedback | None = None) -> TravelMatrix:
        points_xy = np.asarray(points_xy, dtype=float).reshape(-1, 2)
        metres = np.hypot(*(points_xy[:, None, :] - points_xy[None, :, :]).transpose(2, 0, 1))
        count = len(points_xy)
        return TravelMatrix(
            metres=metres,
            snap_m=np.zeros(count),
            piece=np.zeros(count, dtype=int),
            straight_line=True,
            _nodes_xy=points_xy,
            _stop_node=np.arange(count),
            _predecessors=None,
        )


@dataclass(frozen=True)
class Pieces:
    """The connected pieces of a road network: the largest first, by road length."""

    lengths_m: tuple[float, ...]

    @property
    def count(self) -> int:
        return len(self.lengths_m)

    @property
    def detached_m(self) -> float:
        """Road length outside the largest piece: a gap in the data, or a road that really leads nowhere."""
        return float(sum(self.lengths_m[1:]))


class RoadNetwork:
    """A road graph in metres: nodes at vertices and crossings, one edge per straight segment."""

    straight_line = False

    def __init__(self, nodes_xy: np.ndarray, edge_from: np.ndarray, edge_to: np.ndarray) -> None:
        self.nodes_xy = np.asarray(nodes_xy, dtype=float)
        self.edge_from = np.asarray(edge_from, dtype=np.int64)
        self.edge_to = np.asarray(edge_to, dtype=np.int64)
        self.edge_m = np.hypot(*(self.nodes_xy[self.edge_to] - self.nodes_xy[self.edge_from]).T)

    @classmethod
    def from_lines(cls, lines, join_within_m: float = JOIN_WITHIN_M, feedback: Feedback | None = None) -> RoadNetwork:
        """The network of LineStrings (or MultiLineStrings) in metres, noded where they cross or touch.

        Crossings are treated as junctions: village roads meet at grade. A road
        end that stops short of another road by at most ``join_within_m`` is
        joined to it, as a lane digitised a few metres off the main road is in
        truth joined to it; a longer gap, or one between two dead ends, is left
        and reported as a separate piece.
        """
        feedback = feedback or Feedback()
        parts = shapely.get_parts(np.asarray(lines, dtype=object))
        parts = parts[shapely.get_type_id(parts) == shapely.GeometryType.LINESTRING.value]
        parts = parts[~shapely.is_empty(parts)]
        feedback.raise_if_canceled()
        if len(parts) == 0:
            return cls(np.empty((0, 2)), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))
        noded = shapely.get_parts(shapely.node(shapely.multilinestrings(parts)))
        feedback.set_progress(50)
        coords, line_of = shapely.get_coordinates(noded, return_index=True)
        keys = np.round(coords / NODE_PRECISION_M).astype(np.int64)
        unique_keys, node_of = np.unique(keys, axis=0, return_inverse=True)
        node_of = node_of.ravel()
        same_line = line_of[1:] == line_of[:-1]
        edge_from, edge_to = node_of[:-1][same_line], node_of[1:][same_line]
        distinct = edge_from != edge_to
        network = cls(unique_keys * NODE_PRECISION_M, edge_from[distinct], edge_to[distinct])
        feedback.set_progress(80)
        if join_within_m > 0:
            network = network._with_dangles_joined(join_within_m)
        feedback.set_progress(100)
        return network

    def _with_dangles_joined(self, within_m: float) -> RoadNetwork:
        """This network with each dead end joined to the nearest other road within ``within_m``."""
        degree = np.bincount(np.concatenate([self.edge_from, self.edge_to]), minlength=len(self.nodes_xy))
        dangles = np.flatnonzero(degree == 1)
        if len(dangles) == 0:
            return self
        dangle_index, segment = self._segments.query(
            shapely.points(self.nodes_xy[dangles]), predicate="dwithin", distance=within_m
        )
        node = dangles[dangle_index]
        own = (self.edge_from[segment] == node) | (self.edge_to[segment] == node)
        node, segment = node[~own], segment[~own]
        if len(node) == 0:
            return self
        _, snapped_xy, gap_m, along = self._project(self.nodes_xy[node], segment)
        # two dead ends facing each other are kept apart: a gully or a wall is usually between them
        foot_node = np.where(along <= 0.0, self.edge_from[segment], np.where(along >= 1.0, self.edge_to[segment], -1))
        onto_road = ~np.isin(foot_node, dangles)
        node, segment, snapped_xy, gap_m, along = (
            node[onto_road],
            segment[onto_road],
            snapped_xy[onto_road],
            gap_m[onto_road],
            along[onto_road],
        )
        if len(node) == 0:
            return self
        nearest = np.lexsort((gap_m, node))
        first = np.ones(len(nearest), dtype=bool)
        first[1:] = node[nearest][1:] != node[nearest][:-1]
        chosen = nearest[first]
        nodes_xy, edge_from, edge_to, joined_at = self._split_at(segment[chosen], snapped_xy[chosen], along[chosen])
        return RoadNetwork(nodes_xy, np.concatenate([edge_from, node[chosen]]), np.concatenate([edge_to, joined_at]))

    # -- the graph as a whole --------------------------------------------------------

    @property
    def is_empty(self) -> bool:
        return len(self.edge_m) == 0

    @cached_property
    def _segments(self) -> shapely.STRtree:
        return shapely.STRtree(shapely.linestrings(self._segment_coords()))

    def _segment_coords(self) -> np.ndarray:
        return np.stack([self.nodes_xy[self.edge_from], self.nodes_xy[self.edge_to]], axis=1)

    @cached_property
    def _node_piece(self) -> np.ndarray:
        from scipy.sparse.csgraph import connected_components  # SciPy loads when roads are first routed

        graph = _undirected_graph(self.edge_from, self.edge_to, self.edge_m, len(self.nodes_xy))
        _, labels = connected_components(graph, directed=False)
        return labels

    @cached_property
    def pieces(self) -> Pieces:
        """The connected pieces, so a gap in the road data is reported rather than silently routed around."""
        if self.is_empty:
            return Pieces(())
        lengths = np.bincount(self._node_piece[self.edge_from], weights=self.edge_m)
        return Pieces(tuple(float(length) for length in sorted(lengths[lengths > 0], reverse=True)))

    # -- stops on the graph ----------------------------------------------------------

    def travel_matrix(self, points_xy: np.ndarray, feedback: Feedback | None = None) -> TravelMatrix:
        """Road distances between ``points_xy`` (metres), each snapped to its nearest road segment."""
        feedback = feedback or Feedback()
        points_xy = np.asarray(points_xy, dtype=float).reshape(-1, 2)
        if self.is_empty:
            raise ValueError("the road network has no roads")
        segment, snapped_xy, snap_m, along = self._snap(points_xy)
        feedback.set_progress(20)
        feedback.raise_if_canceled()
        nodes_xy, edge_from, edge_to, stop_node = self._split_at(segment, snapped_xy, along)
        edge_m = np.hypot(*(nodes_xy[edge_to] - nodes_xy[edge_from]).T)
        from scipy.sparse.csgraph import dijkstra

        graph = _undirected_graph(edge_from, edge_to, edge_m, len(nodes_xy))
        sources, source_row = np.unique(stop_node, return_inverse=True)
        distances, predecessors = dijkstra(graph, directed=False, indices=sources, return_predecessors=True)
        feedback.set_progress(90)
        source_row = source_row.ravel()
        metres = distances[source_row][:, stop_node]
        metres = np.minimum(metres, metres.T)  # the same way both ways, to the last float bit
        return TravelMatrix(
            metres=metres,
            snap_m=snap_m,
            piece=self._node_piece[self.edge_from[segment]],
            straight_line=False,
            _nodes_xy=nodes_xy,
            _stop_node=stop_node,
            _predecessors=predecessors[source_row],
        )

    def _snap(self, points_xy: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Nearest segment of each point, the point projected onto it, the distance and where along (0-1)."""
        (point_index, segment_index), _ = self._segments.query_nearest(
            shapely.points(points_xy), return_distance=True, all_matches=False
        )
        segment = np.empty(len(points_xy), dtype=np.int64)
        segment[point_index] = segment_index
        return self._project(points_xy, segment)

    def _project(
        self, points_xy: np.ndarray, segment: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Each point projected onto its ``segment``: the segment, the foot, the distance, where along (0-1)."""
        start = self.nodes_xy[self.edge_from[segment]]
        direction = self.nodes_xy[self.edge_to[segment]] - start
        along = np.clip(((points_xy - start) * direction).sum(axis=1) / (direction**2).sum(axis=1), 0.0, 1.0)
        foot = start + along[:, None] * direction
        return segment, foot, np.hypot(*(points_xy - foot).T), along

    def _split_at(
        self, segment: np.ndarray, snapped_xy: np.ndarray, along: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The graph with each snapped segment split at its stops; the node of each stop.

        A stop at a segment's end takes the end's node; several stops on one
        segment are chained in their order along it.
        """
        stop_node = np.where(along <= 0.0, self.edge_from[segment], self.edge_to[segment])
        inside = (along > 0.0) & (along < 1.0)
        keep = np.ones(len(self.edge_m), dtype=bool)
        nodes_xy = [self.nodes_xy]
        new_from: list[np.ndarray] = []
        new_to: list[np.ndarray] = []
        next_node = len(self.nodes_xy)
        for split in np.unique(segment[inside]):
            stops = np.flatnonzero(inside & (segment == split))
            positions, first_stop = np.unique(along[stops], return_index=True)
            chain_nodes = next_node + np.arange(len(positions))
            stop_node[stops] = chain_nodes[np.searchsorted(positions, along[stops])]
            nodes_xy.append(snapped_xy[stops[first_stop]])
            chain = np.concatenate([[self.edge_from[split]], chain_nodes, [self.edge_to[split]]])
            new_from.append(chain[:-1])
            new_to.append(chain[1:])
            keep[split] = False
            next_node += len(positions)
        edge_from = np.concatenate([self.edge_from[keep], *new_from])
        edge_to = np.concatenate([self.edge_to[keep], *new_to])
        return np.concatenate(nodes_xy), edge_from, edge_to, stop_node


def _undirected_graph(edge_from: np.ndarray, edge_to: np.ndarray, edge_m: np.ndarray, node_count: int) -> csr_matrix:
    """The edges as a sparse graph; of parallel edges the shortest counts (a sparse matrix would add them up)."""
    from scipy.sparse import coo_matrix

    low, high = np.minimum(edge_from, edge_to), np.maximum(edge_from, edge_to)
    order = np.lexsort((edge_m, high, low))
    low, high, weight = low[order], high[order], np.maximum(edge_m[order], MIN_EDGE_M)
    first = np.ones(len(low), dtype=bool)
    first[1:] = (low[1:] != low[:-1]) | (high[1:] != high[:-1])
    return coo_matrix((weight[first], (low[first], high[first])), shape=(node_count, node_count)).tocsr()
