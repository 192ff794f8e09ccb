# shellcheck shell=bash
# Helpers shared by scripts/test, scripts/e2e, scripts/screenshots, scripts/pg-start.
# Source it; it defines functions only (plus REPO_ROOT) and changes no shell options.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Messages go to stderr so that scripts whose stdout is meant for `eval` stay clean.
log() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

banner() {
    printf '\n==================== %s ====================\n' "$*" >&2
}

# apt_install PKG...: non-interactive install; runs `apt-get update` at most once per process
# and waits for the dpkg lock instead of failing when another install is running.
_APT_UPDATED=${_APT_UPDATED:-0}
apt_install() {
    local sudo=()
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to apt-get install $*"
        sudo=(sudo)
    fi
    local opts=(-o DPkg::Lock::Timeout=900 -o Dpkg::Use-Pty=0 -q -y)
    if [ "$_APT_UPDATED" != 1 ]; then
        log "apt-get update"
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${opts[@]}" update >&2
        _APT_UPDATED=1
        export _APT_UPDATED
    fi
    log "apt-get install $*"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${opts[@]}" install "$@" </dev/null >&2
}

# port_in_use PORT: true if something listens on 127.0.0.1:PORT (or on all addresses).
port_in_use() {
    local port=$1
    if command -v ss >/dev/null 2>&1; then
        [ -n "$(ss -Htln "sport = :$port" 2>/dev/null)" ]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
    fi
}

# free_port [PREFERRED]: prints PREFERRED if it is free, otherwise a free random port.
free_port() {
    local preferred=${1:-0} port _
    if [ "$preferred" != 0 ] && ! port_in_use "$preferred"; then
        echo "$preferred"
        return 0
    fi
    for _ in $(seq 1 200); do
        port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
        if ! port_in_use "$port"; then
            echo "$port"
            return 0
        fi
    done
    die "no free TCP port found"
}

# wait_http URL SECONDS [PID]: waits until URL answers 200; fails early if PID dies.
wait_http() {
    local url=$1 timeout=$2 pid=${3:-} start=$SECONDS code
    while :; do
        code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$url" 2>/dev/null || true)
        [ "$code" = 200 ] && return 0
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
            log "process $pid exited before $url answered"
            return 1
        fi
        if [ $((SECONDS - start)) -ge "$timeout" ]; then
            log "timed out after ${timeout}s waiting for $url (last status: ${code:-none})"
            return 1
        fi
        sleep 0.3
    done
}

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
ensure_chromium() {
    if [ ! -x "$CHROMIUM" ]; then
        [ "$CHROMIUM" = /usr/bin/chromium ] || die "CHROMIUM=$CHROMIUM is not executable"
        apt_install chromium fonts-liberation
    fi
}

# ensure_poppler: pdftoppm and pdftotext (Debian's poppler-utils), with which the browser tests
# turn the generated PDF report into page images and text to check it.
ensure_poppler() {
    if ! command -v pdftoppm >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
        apt_install poppler-utils
    fi
}

ensure_node() {
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        apt_install nodejs npm
    fi
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    [ "$major" -ge 20 ] || die "node >= 20 needed for the browser tests (found $(node --version))"
}

# ensure_node_modules: `npm ci` in e2e/ when node_modules is missing or older than the lockfile.
ensure_node_modules() {
    ensure_node
    local dir="$REPO_ROOT/e2e"
    if [ ! -f "$dir/node_modules/.package-lock.json" ] ||
        [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ] ||
        [ ! -d "$dir/node_modules/playwright-core" ] || [ ! -d "$dir/node_modules/axe-core" ]; then
        log "npm ci (e2e/)"
        (cd "$dir" && npm ci --no-audit --no-fund </dev/null >&2)
    fi
}

# build_app: debug build of the binary through the shared target dir (sets APP_BIN).
# CLUSTERHUB_BIN=/path/to/clusterhub uses that binary instead of building one.
build_app() {
    if [ -n "${CLUSTERHUB_BIN:-}" ]; then
        APP_BIN=$CLUSTERHUB_BIN
        [ -x "$APP_BIN" ] || die "CLUSTERHUB_BIN=$APP_BIN is not executable"
        log "using $APP_BIN (CLUSTERHUB_BIN)"
        return 0
    fi
    log "cargo build --bin clusterhub"
    (cd "$REPO_ROOT" && cargo build --bin clusterhub)
    APP_BIN="$(cd "$REPO_ROOT" && cargo_target_dir)/debug/clusterhub"
    [ -x "$APP_BIN" ] || die "built binary not found at $APP_BIN"
}

cargo_target_dir() {
    if [ -n "${CARGO_TARGET_DIR:-}" ]; then
        case $CARGO_TARGET_DIR in
        /*) echo "$CARGO_TARGET_DIR" ;;
        *) echo "$REPO_ROOT/$CARGO_TARGET_DIR" ;;
        esac
    else
        echo "$REPO_ROOT/target"
    fi
}

# App server lifecycle. The server runs with its working directory in WORKDIR so that nothing it
# writes relative to the current directory (search index, ./data) lands in the repository.
SERVER_PID=""
BASE_URL=""

# seed_demo DATABASE_URL WORKDIR LABEL
seed_demo() {
    local url=$1 workdir=$2 label=$3
    log "seeding demo data ($label): clusterhub --database-url $url demo --no-serve"
    if ! (cd "$workdir" && "$APP_BIN" --database-url "$url" demo --no-serve) \
        >"$workdir/seed-$label.log" 2>&1; then
        log "--- seed log ($label) ---"
        tail -n 80 "$workdir/seed-$label.log" >&2
        return 1
    fi
}

# start_server DATABASE_URL WORKDIR LABEL: sets SERVER_PID and BASE_URL.
start_server() {
    local url=$1 workdir=$2 label=$3 port
    port=$(free_port 0)
    log "starting server ($label) on 127.0.0.1:$port"
    (cd "$workdir" && exec "$APP_BIN" --database-url "$url" serve --bind "127.0.0.1:$port") \
        >"$workdir/server-$label.log" 2>&1 &
    SERVER_PID=$!
    BASE_URL="http://127.0.0.1:$port"
    if ! wait_http "$BASE_URL/healthz" "${SERVER_START_TIMEOUT:-90}" "$SERVER_PID"; then
        log "--- server log ($label) ---"
        tail -n 80 "$workdir/server-$label.log" >&2
        stop_server
        return 1
    fi
    log "server ($label) is up: $BASE_URL (pid $SERVER_PID)"
}

stop_server() {
    if [ -n "$SERVER_PID" ]; then
        if kill -0 "$SERVER_PID" 2>/dev/null; then
            kill "$SERVER_PID" 2>/dev/null || true
            local _
            for _ in $(seq 1 50); do
                kill -0 "$SERVER_PID" 2>/dev/null || break
                sleep 0.1
            done
            kill -9 "$SERVER_PID" 2>/dev/null || true
        fi
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}

# PostgreSQL URL helpers (URLs of the form postgres://user@host:port/db?params).
pg_url_with_db() { # URL DBNAME -> same server, other database
    local url=$1 db=$2 scheme rest query=""
    case $url in *\?*) query="?${url#*\?}" url=${url%%\?*} ;; esac
    scheme=${url%%://*}
    rest=${url#*://}
    printf '%s://%s/%s%s\n' "$scheme" "${rest%%/*}" "$db" "$query"
}

pg_psql() { # URL SQL
    local psql=psql
    command -v psql >/dev/null 2>&1 || psql=/usr/lib/postgresql/${PG_VERSION:-15}/bin/psql
    "$psql" "$1" -v ON_ERROR_STOP=1 -qAtX -c "$2"
}
