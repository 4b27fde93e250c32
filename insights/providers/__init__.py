"""Panel providers of the capabilities on main (intake, records, support, plans, the school's context,
observations). Imported once by `insights.setup`; scheduling and early warning add their own module."""
