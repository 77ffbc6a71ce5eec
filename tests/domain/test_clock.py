import datetime as dt

from siibai_desktop.domain.clock import FixedClock, age_on, birth_date_cutoff


def test_age_is_computed_on_a_day_and_counts_birthdays():
    born = dt.date(1936, 11, 22)
    assert age_on(born, dt.date(2026, 11, 21)) == 89
    assert age_on(born, dt.date(2026, 11, 22)) == 90
    assert age_on(dt.date(2000, 2, 29), dt.date(2018, 2, 28)) == 17
    assert age_on(dt.date(2000, 2, 29), dt.date(2018, 3, 1)) == 18


def test_cutoff_agrees_with_age_on():
    day = dt.date(2026, 11, 21)
    cutoff = birth_date_cutoff(90, day)
    assert age_on(cutoff, day) == 90
    assert age_on(cutoff + dt.timedelta(days=1), day) == 89


def test_fixed_clock_moves_only_when_told():
    clock = FixedClock(dt.date(2026, 1, 1))
    clock.advance(days=2, minutes=30)
    assert clock.today() == dt.date(2026, 1, 3)
    assert clock.now().time() == dt.time(9, 30)
