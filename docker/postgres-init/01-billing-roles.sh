#!/bin/sh
# Runs once, when the postgres service initialises an empty data directory: the two roles of
# docs/security.md. The owner migrates and owns every table; the runtime role is what the
# nodes' pools connect as (granted SELECT, INSERT on the event store after each migrate).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE billing_owner LOGIN PASSWORD '${BILLING_OWNER_PASSWORD}';
CREATE ROLE billing_app LOGIN PASSWORD '${BILLING_APP_PASSWORD}';
CREATE DATABASE billing_engine OWNER billing_owner;
SQL
