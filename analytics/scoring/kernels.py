"""Numpy kernels of the replay: segmented scans, record highs, chunking.

Each kernel works on flat arrays whose rows are grouped in **segments** (one lead,
or one lead's rows of one rule) and runs in a handful of vectorised passes, never a
Python loop over rows, so the threads of :func:`analytics.scoring.replay.replay`
overlap (numpy releases the GIL):

- :func:`segment_positions`: each row's position in its segment;
- :func:`decayed_scan`: the decayed running count ``S_k = S_{k-1}·2^(-Δt/h) + x_k``
  per segment (Hillis–Steele, ``log2(longest segment)`` passes);
- :func:`segmented_cummax`, :func:`running_record`, :func:`packed_record_mask`,
  :func:`record_highs`: the rows that set a new high of their segment (totals
  compared at 2^-20, about 1e-6, through one packed int64 key where it fits);
- :func:`chunk_bounds`: leads cut into chunks of about equal rows;
- :func:`polars_exp`: ``exp`` computed by polars, so totals stay bit for bit.

Example:
    >>> pos = segment_positions(np.array([True, False, True]))
    >>> decayed_scan(np.ones(3), np.array([0.0, 1.0, 0.0]), np.ones(3), pos).tolist()
    [1.0, 1.5, 1.0]
"""

from __future__ import annotations

import itertools

import numpy as np
import polars as pl


def segment_positions(starts: np.ndarray) -> np.ndarray:
    """Position of each row within its segment, given a boolean "segment starts here".

    Example:
        >>> segment_positions(np.array([True, False, False, True, False])).tolist()
        [0, 1, 2, 0, 1]
    """
    index = np.arange(starts.size)
    first = np.maximum.accumulate(np.where(starts, index, 0))
    return index - first


def segmented_cumsum(x: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Running sum within each segment (``starts``: a segment begins at this row).

    The count of a rule without decay: one pass, and exact while the values are whole
    numbers (as :func:`decayed_scan` with no decay gives them, in ``log2`` passes).

    Example:
        >>> segmented_cumsum(np.array([1.0, 1.0, -1.0, 1.0, 1.0]),
        ...                  np.array([True, False, False, True, False])).tolist()
        [1.0, 2.0, 1.0, 1.0, 2.0]
    """
    if x.size == 0:
        return x.astype(np.float64)
    total = np.cumsum(x, dtype=np.float64)
    first = np.flatnonzero(starts)
    before = total[first] - x[first]  # the running sum before each segment
    return total - before[np.cumsum(starts) - 1]


def decayed_scan(
    x: np.ndarray, t: np.ndarray, inv_half_life: np.ndarray, pos: np.ndarray
) -> np.ndarray:
    """Per segment, ``S_k = Σ_{i<=k} x_i·2^(-(t_k - t_i)·ih_k)`` (rows sorted by time in each segment).

    A Hillis–Steele scan: ``log2(longest segment)`` vectorised passes, each over the
    rows at least ``o`` deep into their segment; values stay bounded by the counts
    (no overflow for any half-life, old events underflow harmlessly to 0).

    Args:
        x: +1 per activity, minus its decayed weight ``2^(-W/h)`` where it leaves its window.
        t: time (seconds, float).
        inv_half_life: per row, 1 / half-life in seconds (0: no decay).
        pos: :func:`segment_positions`.

    Example:
        >>> decayed_scan(np.ones(3), np.array([0.0, 10.0, 10.0]), np.full(3, 0.1),
        ...              np.array([0, 1, 2])).tolist()
        [1.0, 1.5, 2.5]
    """
    out = x.astype(np.float64).copy()
    elapsed = t * inv_half_life  # half-lives since the origin (the same ih within a segment)
    offset = 1
    active = np.flatnonzero(pos >= 1)
    while active.size:
        prev = active - offset
        out[active] += np.exp2(elapsed[prev] - elapsed[active]) * out[prev]
        offset *= 2
        active = active[pos[active] >= offset]
    return out


def segmented_cummax(values: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Running maximum within each segment (Hillis–Steele, like :func:`decayed_scan`).

    Example:
        >>> segmented_cummax(np.array([1.0, 3.0, 2.0, 0.0, 5.0]), np.array([0, 1, 2, 0, 1])).tolist()
        [1.0, 3.0, 3.0, 0.0, 5.0]
    """
    out = values.copy()
    offset = 1
    active = np.flatnonzero(pos >= 1)
    while active.size:
        out[active] = np.maximum(out[active], out[active - offset])
        offset *= 2
        active = active[pos[active] >= offset]
    return out


def running_record(segment: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Rows whose value is above every earlier value of their segment (rows grouped by segment).

    Values are compared at a resolution of 2^-20 (about 1e-6): packed with the segment
    number into one int64, a single running maximum serves every segment at once. Falls
    back to :func:`segmented_cummax` when the packed key would not fit.

    Example:
        >>> running_record(np.array([0, 0, 0, 1, 1]), np.array([5.0, 4.0, 6.0, 1.0, 1.0])).tolist()
        [True, False, True, True, False]
    """
    if values.size == 0:
        return np.zeros(0, dtype=bool)
    quantum = np.round(values * 2.0**20).astype(np.int64)
    low = int(quantum.min())
    width = max(int(quantum.max()) - low + 1, 1).bit_length()
    first = np.ones(values.size, dtype=bool)
    first[1:] = segment[1:] != segment[:-1]
    if width + max(int(segment.max()), 1).bit_length() < 62:
        packed = (segment.astype(np.int64) << width) + (quantum - low)
        before = np.maximum.accumulate(packed)
        above = np.empty(values.size, dtype=bool)
        above[0] = True
        above[1:] = packed[1:] > before[:-1]
        return above | first
    running = segmented_cummax(values, segment_positions(first))
    above = np.ones(values.size, dtype=bool)
    above[1:] = values[1:] > running[:-1]
    return above | first


# Totals meet a threshold compared at this many decimals: the same points summed in another
# order differ in their last bits (79.99999999999999 against 80.0), and a total on the
# threshold reaches it however it was summed (the replay, the rule edits, the what-if sweep).
SCORE_DECIMALS = 9


def reaches(total: np.ndarray, threshold: float) -> np.ndarray:
    """Whether each total reaches ``threshold`` (both rounded to :data:`SCORE_DECIMALS` decimals).

    Example:
        >>> reaches(np.array([79.99999999999999, 80.0, 80.00000000000001, 79.9999]), 80.0).tolist()
        [True, True, True, False]
    """
    return np.round(total, SCORE_DECIMALS) >= score_round(threshold)


def score_round(value: float) -> float:
    """A total or threshold as :func:`reaches` compares it: numpy's rounding to
    :data:`SCORE_DECIMALS` decimals (``rint(x·10⁹) / 10⁹``; Python's ``round`` can differ
    in the last bit, so every comparison of scores rounds this one way).

    Example:
        >>> score_round(79.99999999999999), score_round(-32.0036560558932)
        (80.0, -32.003656056)
    """
    return float(np.round(np.float64(value), SCORE_DECIMALS))


def reaches_expr(total: pl.Expr, threshold: float) -> pl.Expr:
    """:func:`reaches` as a polars expression: the same numpy comparison, batch by batch
    (polars' own rounding and division can differ in the last bit); a null total stays null.

    Example:
        >>> pl.DataFrame({"t": [79.99999999999999, 79.9999, None]}).select(
        ...     reaches_expr(pl.col("t"), 80.0)).to_series().to_list()
        [True, False, None]
    """

    def batch(values: pl.Series) -> pl.Series:
        numbers = values.cast(pl.Float64)
        out = pl.Series(values.name, reaches(numbers.fill_null(np.nan).to_numpy(), threshold))
        return out.scatter(numbers.is_null().arg_true(), None) if numbers.has_nulls() else out

    return total.map_batches(batch, return_dtype=pl.Boolean)


def path_quantum(total: np.ndarray) -> tuple[float, int]:
    """``(low, width)``: totals are compared as ``round((total - low)·2^20)``, ``width`` bits.

    Example:
        >>> path_quantum(np.array([1.0, 3.0]))
        (1.0, 22)
    """
    low, high = float(total.min()), float(total.max())
    return low, (round((high - low) * 2.0**20) + 2).bit_length()


def packed_record_mask(li: np.ndarray, total: np.ndarray, low: float, width: int) -> np.ndarray:
    """:func:`record_highs`' rows, quantised by :func:`path_quantum` of the whole path.

    One int64 key packs ``li`` (grouped) with the quantised total, so a single running
    maximum serves every lead; the caller checks that the key fits.

    Example:
        >>> packed_record_mask(np.array([0, 0, 0, 1]), np.array([5.0, 4.0, 6.0, 1.0]), 1.0, 23).tolist()
        [True, False, True, True]
    """
    packed = li.astype(np.int64) * (1 << width) + np.rint((total - low) * 2.0**20).astype(np.int64)
    keep = np.ones(total.size, dtype=bool)
    keep[1:] = (li[1:] != li[:-1]) | (packed[1:] > np.maximum.accumulate(packed)[:-1])
    return keep


def record_highs(frame: pl.DataFrame) -> pl.DataFrame:
    """Rows of ``frame`` (``li``, ``tr``, ``total``; grouped by ``li``) that set a new high of ``li``.

    The first row of each ``li`` always counts; totals are compared at 2^-20 (about 1e-6)
    through one int64 key packing ``li`` with the quantised total, so a single running
    maximum serves every lead (falls back to :func:`running_record` if it cannot fit).

    Example:
        >>> f = pl.DataFrame({"li": [0, 0, 0, 1], "tr": [1, 2, 3, 1], "total": [5.0, 4.0, 6.0, 1.0]})
        >>> record_highs(f)["tr"].to_list()
        [1, 3, 1]
    """
    if frame.height == 0:
        return frame
    li, total = frame["li"].to_numpy(), frame["total"].to_numpy()
    low, width = path_quantum(total)
    if width + max(int(li.max()), 1).bit_length() >= 62:
        return frame.filter(pl.Series(running_record(li, total), dtype=pl.Boolean))
    return frame.filter(pl.Series(packed_record_mask(li, total, low, width), dtype=pl.Boolean))


def rows_by_rule(rule: np.ndarray, n_rules: int) -> list[np.ndarray]:
    """Each rule's rows (``rule[k] == i``) of a merged timeline, in timeline order.

    One stable sort of the rule numbers (a radix sort: they are int16) instead of a scan
    of every row per rule; a stable sort keeps each rule's rows in the order a scan finds
    them. Rows of other numbers (-1: creation and ``as_of`` markers) are in no list.

    Example:
        >>> [rows.tolist() for rows in rows_by_rule(np.array([1, -1, 0, 1, 0], np.int16), 3)]
        [[2, 4], [0, 3], []]
    """
    by_rule = np.argsort(rule, kind="stable")
    cuts = np.searchsorted(rule[by_rule], np.arange(n_rules + 1), side="left")
    return [by_rule[cuts[i] : cuts[i + 1]] for i in range(n_rules)]


def polars_exp(values: np.ndarray) -> np.ndarray:
    """``e ** values`` computed by polars (its select releases the GIL).

    Kept on polars' ``exp`` so totals stay bit for bit those of the polars replay;
    numpy's vectorised ``exp`` can differ in the last place, which may move a record
    high or an MQL moment that sits exactly on a quantisation step.

    Example:
        >>> polars_exp(np.array([0.0, float("-inf")])).tolist()
        [1.0, 0.0]
    """
    return pl.DataFrame({"v": values}).select(pl.col("v").exp()).to_series().to_numpy()


def chunk_bounds(rows: np.ndarray, target: int) -> list[tuple[int, int]]:
    """Cut leads ``0..len(rows)`` into ranges of about ``target`` rows (``rows`` per lead).

    Example:
        >>> chunk_bounds(np.array([3, 3, 3, 3, 3]), 6)
        [(0, 2), (2, 4), (4, 5)]
    """
    if rows.size == 0:
        return []
    ends = np.cumsum(rows)
    cuts = np.searchsorted(ends, np.arange(target, int(ends[-1]), target), side="right")
    bounds = np.unique(np.concatenate([[0], cuts, [rows.size]]))
    return list(itertools.pairwise(bounds.tolist()))
