#!/bin/sh
# Runs once, when compose.yaml's PostgreSQL initialises its data volume: creates the login role
# the app connects as. `npm run db:migrate` (the migrate service) then grants it exactly what
# the app may do (scripts/support/database-roles.ts); the schema stays the owner's.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_password="$APP_DATABASE_PASSWORD" <<'SQL'
CREATE ROLE magic_link_app LOGIN PASSWORD :'app_password';
SQL
