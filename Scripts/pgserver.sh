#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for ticketd's tests (issue 19): Debian's postgresql-15, loopback only,
# TLS only, everything under one state directory. No system service is started and nothing in
# /etc/postgresql is read or written; the Debian cluster, if any, is left alone.
#
#   Scripts/pgserver.sh start  [STATE_DIR]   install what is missing, initialise once, start (no-op when running)
#   Scripts/pgserver.sh stop   [STATE_DIR]   stop it (fast shutdown); no process is left behind
#   Scripts/pgserver.sh status [STATE_DIR]   one line; exit 0 only when it runs
#   Scripts/pgserver.sh env    [STATE_DIR]   shell `export` lines: URL, port, password file, CA files, socket
#
# STATE_DIR defaults to .pgserver in the repository root.
#
# Listener: 127.0.0.1:15432, TLS 1.2 or newer with a certificate for localhost from the state
# directory's own test CA (a second CA, which signed nothing the server shows, is there for the
# wrong-CA tests). pg_hba.conf admits `hostssl` from 127.0.0.1 with SCRAM-SHA-256 and the
# superuser over the Unix socket in STATE_DIR/run by peer; plain TCP is refused.
#
# Test mode: fsync, synchronous_commit and full-page writes are off (the tests kill ticketd, never
# PostgreSQL, and test no durability of PostgreSQL's own); PGSERVER_DURABLE=1 keeps the defaults,
# for benchmarks that compare with SQLite's synchronous = FULL.
#
# initdb, pg_ctl and postgres refuse to run as root: they run as the `postgres` user (runuser).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
command="${1:-}"
state="${2:-$repo/.pgserver}"

readonly PORT=15432 ROLE=ticketd DATABASE=ticketd
readonly BIN=/usr/lib/postgresql/15/bin
readonly RUN_AS=postgres

die() { echo "pgserver: $*" >&2; exit 1; }
note() { echo "pgserver: $*" >&2; }

absolute_state() {
    mkdir -p "$state"
    state="$(cd "$state" && pwd)"
}

# The server's files are the postgres user's: every parent of the state directory must let it through.
check_traversable() {
    local dir="$state"
    while [[ "$dir" != "/" ]]; do
        if [[ $(( 0$(stat -c '%a' "$dir") & 01 )) -eq 0 ]]; then
            die "$dir is not searchable by other users (mode $(stat -c '%a' "$dir")); PostgreSQL runs as '$RUN_AS' and needs o+x on every parent of $state"
        fi
        dir="$(dirname "$dir")"
    done
}

as_postgres() { runuser -u "$RUN_AS" -- "$@"; }

install_missing() {
    [[ -x "$BIN/initdb" && -x /usr/bin/psql ]] && return 0
    note "installing postgresql-15 (apt)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 postgresql-client-15 >/dev/null \
        || die "apt-get install postgresql-15 failed: install Debian's postgresql-15 and postgresql-client-15"
    # Debian's package creates and starts its own cluster; this script never uses it.
}

pid_of() { head -n 1 "$state/data/postmaster.pid" 2>/dev/null || true; }

running() {
    local pid
    pid="$(pid_of)"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

# Generated once per state directory: CAs, the server's certificate, the role's password, the cluster.
initialize() {
    umask 022
    mkdir -p "$state"/{tls,passwords,log,run}
    chmod 755 "$state" "$state/run" "$state/log"
    chmod 700 "$state/passwords"
    chown "$RUN_AS" "$state/run" "$state/log"

    if [[ ! -s "$state/ca.pem" || ! -s "$state/tls/server.pem" || ! -s "$state/wrong-ca.pem" ]]; then
        note "generating test CAs and the server's certificate in $state/tls"
        (
            cd "$state/tls"
            umask 077
            ca() { # NAME CN
                openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$1.key" -out "$1.pem" \
                    -days 3650 -subj "/O=ticketd tests/CN=$2" \
                    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
            }
            ca ca "ticketd PostgreSQL test CA"
            ca wrong-ca "ticketd PostgreSQL wrong CA"
            openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr \
                -subj "/O=ticketd tests/CN=localhost" 2>/dev/null
            printf '%s\n' "subjectAltName=DNS:localhost" "basicConstraints=critical,CA:FALSE" \
                "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >server.ext
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 825 -extfile server.ext -out server.pem 2>/dev/null
            rm -f server.csr server.ext
        )
        cp "$state/tls/ca.pem" "$state/ca.pem"
        cp "$state/tls/wrong-ca.pem" "$state/wrong-ca.pem"
        chmod 644 "$state/ca.pem" "$state/wrong-ca.pem"
    fi
    # PostgreSQL refuses a key that others can read, and must own it.
    chown "$RUN_AS" "$state/tls" "$state/tls/server.key" "$state/tls/server.pem"
    chmod 700 "$state/tls"
    chmod 600 "$state/tls/server.key"

    local password="$state/passwords/$ROLE"
    if [[ ! -s "$password" ]]; then
        (umask 077; printf 'test-%s\n' "$(openssl rand -hex 16)" >"$password")
    fi

    if [[ ! -s "$state/data/PG_VERSION" ]]; then
        note "initialising a cluster in $state/data"
        mkdir -p "$state/data"
        chown "$RUN_AS" "$state/data"
        chmod 700 "$state/data"
        as_postgres "$BIN/initdb" -D "$state/data" -U postgres -E UTF8 --locale=C.UTF-8 \
            --auth-local=peer --auth-host=scram-sha-256 >"$state/log/initdb.log" 2>&1 \
            || die "initdb failed: see $state/log/initdb.log"
        # The whole pg_hba.conf: TLS from loopback with a password, the superuser by peer on the socket.
        printf '%s\n' "local   all  postgres                peer" \
                      "hostssl all  all       127.0.0.1/32  scram-sha-256" >"$state/data/pg_hba.conf"
        chown "$RUN_AS" "$state/data/pg_hba.conf"
        touch "$state/needs-bootstrap"
    fi
}

server_options() {
    local options="-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$state/run"
    options+=" -c ssl=on -c ssl_cert_file=$state/tls/server.pem -c ssl_key_file=$state/tls/server.key"
    options+=" -c ssl_min_protocol_version=TLSv1.2 -c max_connections=200 -c password_encryption=scram-sha-256"
    if [[ "${PGSERVER_DURABLE:-0}" != "1" ]]; then
        options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    echo "$options"
}

superuser_sql() { as_postgres /usr/bin/psql -X -q -v ON_ERROR_STOP=1 -h "$state/run" -p "$PORT" -U postgres -d postgres -c "$1"; }

bootstrap() {
    [[ -e "$state/needs-bootstrap" ]] || return 0
    local password
    password="$(tr -d '\n' <"$state/passwords/$ROLE")"
    superuser_sql "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$password'" >/dev/null
    superuser_sql "CREATE DATABASE $DATABASE OWNER $ROLE" >/dev/null
    superuser_sql "GRANT pg_checkpoint TO $ROLE" >/dev/null
    rm -f "$state/needs-bootstrap"
}

do_start() {
    absolute_state
    check_traversable
    install_missing
    initialize
    if running; then
        note "running already (pid $(pid_of), state $state)"
        return 0
    fi
    as_postgres "$BIN/pg_ctl" -D "$state/data" -l "$state/log/postgresql.log" -w -t 30 -o "$(server_options)" start >/dev/null \
        || die "PostgreSQL did not start: see $state/log/postgresql.log"
    bootstrap
    note "running: TLS 127.0.0.1:$PORT, database $DATABASE, role $ROLE (state $state)"
}

do_stop() {
    absolute_state
    if running; then
        as_postgres "$BIN/pg_ctl" -D "$state/data" -m fast -w -t 30 stop >/dev/null 2>&1 || kill -TERM "$(pid_of)" 2>/dev/null || true
    fi
    note "stopped ($state)"
}

do_status() {
    absolute_state
    if running; then echo "postgresql: running (pid $(pid_of))"; else echo "postgresql: stopped"; return 1; fi
}

do_env() {
    absolute_state
    echo "export TICKETD_TEST_PG_URL='postgresql://$ROLE@localhost:$PORT/$DATABASE'"
    echo "export TICKETD_TEST_PG_HOST=localhost"
    echo "export TICKETD_TEST_PG_PORT=$PORT"
    echo "export TICKETD_TEST_PG_USER=$ROLE"
    echo "export TICKETD_TEST_PG_DATABASE=$DATABASE"
    echo "export TICKETD_TEST_PG_PASSWORD_FILE='$state/passwords/$ROLE'"
    echo "export TICKETD_TEST_PG_CA_FILE='$state/ca.pem'"
    echo "export TICKETD_TEST_PG_WRONG_CA_FILE='$state/wrong-ca.pem'"
    echo "export TICKETD_TEST_PG_SOCKET_DIR='$state/run'"
}

case "$command" in
start) do_start ;;
stop) do_stop ;;
status) do_status ;;
env) do_env ;;
*)
    echo "usage: Scripts/pgserver.sh start|stop|status|env [STATE_DIR]" >&2
    exit 2
    ;;
esac
