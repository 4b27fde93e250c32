"""Pure helpers of appointments: local time and recurrence, conflicts, booking rules, travel, iCalendar."""
