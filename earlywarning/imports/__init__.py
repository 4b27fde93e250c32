"""The five weekly imports of early warning, registered as kinds of the `sis` registry:
`presences` (period attendance, the large one), `absences`, `resultats`, `evenements`, `issues`."""
