# Shared set-up steps for start-demo.sh and test-all.sh. Each step installs only what is missing,
# so the scripts work on a fresh Debian machine with nothing but Node and npm (as root),
# and stay fast on a machine that already has everything.

PNPM_VERSION=10.34.8
APT_UPDATED=0

log() { printf '\n\033[1;36m==> %s\033[0m\n' "$*"; }

is_root() { [ "$(id -u)" = "0" ]; }

apt_install() {
  if ! is_root; then
    echo "Missing Debian packages: $*. Install them (sudo apt-get install -y $*) or run as root." >&2
    exit 1
  fi
  if [ "$APT_UPDATED" = 0 ]; then
    apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_pnpm() {
  if [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
    log "Installing pnpm $PNPM_VERSION"
    npm install -g --silent "pnpm@$PNPM_VERSION"
  fi
  export TURBO_TELEMETRY_DISABLED=1
}

install_dependencies() {
  log "Installing dependencies (pnpm install --frozen-lockfile)"
  pnpm install --frozen-lockfile --reporter=append-only | tail -n 3
}

ensure_chromium() {
  export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [ ! -x "$CHROMIUM_PATH" ]; then
    log "Installing Chromium from Debian"
    apt_install chromium
  fi
}

postgres_bin_dir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# Starts a private PostgreSQL server for this run on a free loopback port, from Debian's
# packages, and exports TEST_POSTGRES_URL. It is stopped and deleted when the script exits.
start_throwaway_postgres() {
  if [ -z "$(postgres_bin_dir)" ] || [ ! -x "$(postgres_bin_dir)/initdb" ]; then
    log "Installing PostgreSQL from Debian"
    apt_install postgresql
  fi
  local bin port dir run_as=()
  bin=$(postgres_bin_dir)
  port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  dir=$(mktemp -d /tmp/consult-pg.XXXXXX)
  if is_root; then
    chown postgres:postgres "$dir"
    run_as=(runuser -u postgres --)
  fi
  log "Starting a throwaway PostgreSQL ($("$bin/postgres" --version)) on 127.0.0.1:$port"
  "${run_as[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
  "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
  THROWAWAY_PG_STOP="${run_as[*]} $bin/pg_ctl -D $dir/data -m immediate stop"
  THROWAWAY_PG_DIR="$dir"
  trap stop_throwaway_postgres EXIT
  export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
}

stop_throwaway_postgres() {
  if [ -n "${THROWAWAY_PG_STOP:-}" ]; then
    $THROWAWAY_PG_STOP >/dev/null 2>&1 || true
    rm -rf "$THROWAWAY_PG_DIR"
  fi
}
