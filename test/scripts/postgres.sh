#!/usr/bin/env bash
# Provides a local PostgreSQL for the database tests of the backend plugin.
#
# Installs Debian's `postgresql` when missing, makes its cluster listen on
# 127.0.0.1 only, starts it, gives the `postgres` role a password and prints
#   BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING=postgresql://...
# on stdout (everything else goes to stderr), for example:
#   export "$(test/scripts/postgres.sh)"
# The variable name carries the installed major version because that is how
# @backstage/backend-test-utils maps connection strings to database ids.
# Idempotent: a second run reuses the cluster and the password.
set -euo pipefail
# runuser and friends live in sbin, which a minimal PATH may lack.
export PATH="$PATH:/usr/sbin:/sbin"

log() { echo "postgres.sh: $*" >&2; }

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null || ! sudo -n true 2>/dev/null; then
    log "needs root (or passwordless sudo) to install and start PostgreSQL"
    exit 1
  fi
  as_root=(sudo -n)
fi

installed_major() {
  # Highest installed server; several can coexist after a distribution upgrade.
  find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/postgres' 2>/dev/null |
    sed -E 's#^/usr/lib/postgresql/([0-9]+)/bin/postgres$#\1#' | sort -n | tail -n 1
}

major=$(installed_major || true)
if [ -z "$major" ] || ! command -v pg_ctlcluster >/dev/null; then
  log "installing postgresql with apt-get"
  "${as_root[@]}" apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq \
    --no-install-recommends postgresql >&2
  major=$(installed_major || true)
fi
if [ -z "$major" ]; then
  log "no PostgreSQL server found under /usr/lib/postgresql after installing"
  exit 1
fi

cluster=main
# Containers often forbid service starts during apt-get, which can leave the
# package installed without its default cluster.
if ! pg_lsclusters -h | awk -v v="$major" -v c="$cluster" '$1 == v && $2 == c { found = 1 } END { exit !found }'; then
  log "creating cluster $major/$cluster"
  "${as_root[@]}" pg_createcluster "$major" "$cluster" >&2
fi

conf_dir="/etc/postgresql/$major/$cluster/conf.d"
conf_file="$conf_dir/meshportal-tests.conf"
# Tests only ever connect over loopback; nothing else should reach a server
# whose superuser password sits in a file on this machine. Every test file
# creates fresh databases with pools of their own, hence more connections.
wanted_conf="listen_addresses = '127.0.0.1'
max_connections = 300"
if [ "$("${as_root[@]}" cat "$conf_file" 2>/dev/null || true)" != "$wanted_conf" ]; then
  "${as_root[@]}" mkdir -p "$conf_dir"
  printf '%s\n' "$wanted_conf" | "${as_root[@]}" tee "$conf_file" >/dev/null
  config_changed=1
else
  config_changed=0
fi

status=$(pg_lsclusters -h | awk -v v="$major" -v c="$cluster" '$1 == v && $2 == c { print $4 }')
port=$(pg_lsclusters -h | awk -v v="$major" -v c="$cluster" '$1 == v && $2 == c { print $3 }')
if [ "$status" != online ]; then
  log "starting cluster $major/$cluster on 127.0.0.1:$port"
  "${as_root[@]}" pg_ctlcluster "$major" "$cluster" start >&2
elif [ "$config_changed" = 1 ]; then
  log "restarting cluster $major/$cluster to listen on 127.0.0.1 only"
  "${as_root[@]}" pg_ctlcluster "$major" "$cluster" restart >&2
fi

# Kept beside the cluster so that re-running does not invalidate a
# connection string another shell already exported.
password_file="/var/lib/postgresql/$major/$cluster-meshportal-tests.password"
if ! "${as_root[@]}" test -s "$password_file"; then
  od -An -tx1 -N16 /dev/urandom | tr -d ' \n' |
    "${as_root[@]}" tee "$password_file" >/dev/null
  "${as_root[@]}" chmod 600 "$password_file"
fi
password=$("${as_root[@]}" cat "$password_file")

# Peer authentication over the Unix socket: no password needed to set one.
# The password is hex, so quoting it in SQL is safe.
"${as_root[@]}" runuser -u postgres -- psql --quiet --no-psqlrc -p "$port" \
  -v ON_ERROR_STOP=1 -c "ALTER ROLE postgres WITH PASSWORD '$password'" >&2

url="postgresql://postgres:$password@127.0.0.1:$port"
for _ in $(seq 1 30); do
  if PGPASSWORD="$password" psql --no-psqlrc -h 127.0.0.1 -p "$port" -U postgres \
    -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    log "PostgreSQL $major ready on 127.0.0.1:$port"
    echo "BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING=$url"
    exit 0
  fi
  sleep 1
done
log "PostgreSQL $major does not accept password logins on 127.0.0.1:$port"
exit 1
