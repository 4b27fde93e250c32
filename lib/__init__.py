"""Pure helpers without the database: school-year arithmetic, text normalisation, parsing."""
