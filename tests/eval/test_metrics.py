from pytest import approx

from dateline.eval.metrics import prf


def test_prf_counts_hits_on_each_side() -> None:
    # 3 of 4 predictions hit; those hits cover 2 of 5 gold items (two predictions on one).
    p, r, f = prf(3, 4, 2, 5)
    assert (p, r) == (0.75, 0.4)
    assert f == approx(2 * 0.75 * 0.4 / 1.15)


def test_prf_empty_sides_score_zero() -> None:
    assert prf(0, 0, 0, 3) == (0.0, 0.0, 0.0)
    assert prf(0, 2, 0, 0) == (0.0, 0.0, 0.0)
