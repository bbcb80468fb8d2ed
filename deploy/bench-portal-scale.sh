#!/bin/sh
# Issue 20, "Portal at province scale" (docs/BENCHMARKS.md): 150 centres'
# agents pushing at once into one PostgreSQL portal, then the public lookup
# over DOSSIERS generated dossiers (10 million ≈ 28 GB of disk: check df),
# in a throw-away PostgreSQL cluster under /tmp, removed afterwards.
# usage: deploy/bench-portal-scale.sh MOTCUA_BINARY [DOSSIERS]
set -eu
BIN=$1
N=${2:-10000000}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
D=$(mktemp -d /tmp/motcua-pgscale.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres "$D"; fi
trap 'as_pg "$PGBIN/pg_ctl" -D "$D/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$D"' EXIT
as_pg "$PGBIN/initdb" -D "$D/data" -U postgres -A trust -E UTF8 --locale=C >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$D/data" -l "$D/log" -w start >/dev/null \
	-o "-k $D -c listen_addresses='' -c max_connections=300 -c shared_buffers=512MB -c max_wal_size=4GB -c maintenance_work_mem=512MB"
as_pg "$PGBIN/createdb" -h "$D" province
as_pg "$PGBIN/createdb" -h "$D" lookup
df -h "$D"
uptime
"$BIN" syncbench province --portal-db "postgres://postgres@localhost/province?host=$D&sslmode=disable"
uptime
L="postgres://postgres@localhost/lookup?host=$D&sslmode=disable"
"$BIN" syncbench lookup --portal-db "$L" --dossiers "$N" --steps 2
uptime
"$BIN" syncbench lookup --portal-db "$L" --dossiers "$N" --steps 2 --no-fill --explain=false --stats 1   # the same codes, warm
uptime
# the old path (dossier and step rows) on other, cold codes, then the projection on others again
"$BIN" syncbench lookup --portal-db "$L" --dossiers "$N" --steps 2 --no-fill --stats 0 --path dossiers --seed 5
"$BIN" syncbench lookup --portal-db "$L" --dossiers "$N" --steps 2 --no-fill --stats 0 --path projection --seed 6
uptime
