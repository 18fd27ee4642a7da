#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the tests, sourced by scripts/test:
#   source scripts/postgres-throwaway.sh && pg_throwaway_start && … && pg_throwaway_stop
# pg_throwaway_start installs Debian's postgresql-15 when it is missing (root and apt-get needed),
# runs initdb in a fresh temp dir, starts the server on a free loopback port (as the unprivileged
# user `postgres`, or `nobody`, when running as root: PostgreSQL refuses to run as root), and
# exports QUIRE_TEST_POSTGRES_URL. It returns non-zero (and says why) when no server can be had.
# pg_throwaway_stop stops the server and removes the dir; it is safe to call twice or when nothing started.

PG_THROWAWAY_DIR=""
PG_THROWAWAY_USER=""

pg_throwaway_bin() {
    local dir
    for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

pg_throwaway_install() {
    pg_throwaway_bin >/dev/null && return 0
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        echo "installing postgresql-15 (Debian package)"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15) >/dev/null 2>&1
    fi
    pg_throwaway_bin >/dev/null
}

# Runs a command as the server's user (the current one unless we are root).
pg_throwaway_as_user() {
    if [ -n "$PG_THROWAWAY_USER" ]; then
        runuser -u "$PG_THROWAWAY_USER" -- "$@"
    else
        "$@"
    fi
}

pg_throwaway_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pg_throwaway_start() {
    if ! pg_throwaway_install; then
        echo "PostgreSQL 15 is missing and cannot be installed here (needs root and apt-get)"
        return 1
    fi
    local bin port
    bin="$(pg_throwaway_bin)"
    if [ "$(id -u)" = 0 ]; then
        if id postgres >/dev/null 2>&1; then PG_THROWAWAY_USER=postgres; else PG_THROWAWAY_USER=nobody; fi
    fi
    PG_THROWAWAY_DIR="$(mktemp -d /tmp/quire-pg.XXXXXX)"
    chmod 755 "$PG_THROWAWAY_DIR"
    mkdir -p "$PG_THROWAWAY_DIR/data" "$PG_THROWAWAY_DIR/socket"
    if [ -n "$PG_THROWAWAY_USER" ]; then
        chown -R "$PG_THROWAWAY_USER" "$PG_THROWAWAY_DIR"
    fi
    if ! pg_throwaway_as_user "$bin/initdb" -D "$PG_THROWAWAY_DIR/data" -U quire --auth=trust -E UTF8 --no-locale \
        >"$PG_THROWAWAY_DIR/initdb.log" 2>&1; then
        echo "initdb failed:"; tail -5 "$PG_THROWAWAY_DIR/initdb.log"
        return 1
    fi
    # A port can be taken between choosing and binding; try a few.
    local attempt
    for attempt in 1 2 3 4 5; do
        port="$(pg_throwaway_free_port)"
        if pg_throwaway_as_user "$bin/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -l "$PG_THROWAWAY_DIR/server.log" -w -t 30 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_THROWAWAY_DIR/socket -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null 2>&1; then
            export QUIRE_TEST_POSTGRES_URL="postgres://quire@127.0.0.1:$port/postgres?sslmode=disable"
            echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $PG_THROWAWAY_DIR)"
            return 0
        fi
    done
    echo "PostgreSQL did not start:"; tail -5 "$PG_THROWAWAY_DIR/server.log" 2>/dev/null
    return 1
}

pg_throwaway_stop() {
    [ -n "$PG_THROWAWAY_DIR" ] || return 0
    local bin
    if bin="$(pg_throwaway_bin)" && [ -f "$PG_THROWAWAY_DIR/data/postmaster.pid" ]; then
        pg_throwaway_as_user "$bin/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_THROWAWAY_DIR"
    PG_THROWAWAY_DIR=""
    unset QUIRE_TEST_POSTGRES_URL
}
