"""Row ids: the values an id column can hold."""

# Ids are serial integers from 1: PostgreSQL's are 4 bytes (SQLite's are wider, but the service
# runs on both), so nothing outside this range names a row, and PostgreSQL refuses to compare it.
ROW_IDS = range(1, 2**31)
