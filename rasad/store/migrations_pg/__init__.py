"""PostgreSQL schema migrations, numbered like the SQLite ones in rasad/store/migrations."""
