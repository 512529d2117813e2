"""The numbers a user can change with an option, set once so every command means the same."""

#: Days ahead in which an unfinished task counts as due soon (yellow), ``--within``.
DEFAULT_WITHIN_DAYS = 30

#: Days without a progress note after which an ongoing task counts as stale, ``--stale-after``.
DEFAULT_STALE_AFTER_DAYS = 90

#: Months ``hazchem timeline`` shows from the month of ``--as-of`` on, ``--months``.
DEFAULT_MONTHS = 6
