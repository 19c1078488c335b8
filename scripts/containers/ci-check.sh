#!/usr/bin/env bash
# The container check of CI (docs/containers.md).
#   static: dockerfile-utils lint, dclint, check-compose.mjs (schema, depends_on, build targets,
#           relay variables; --production for docker-compose.prod.yml), and no CI-only settings
#           in docker-compose.yml or docker-compose.prod.yml;
#   for real, as root: Debian's Docker engine 20.10 and Compose v1, started in a temp dir with
#           no bridge, NAT or forwarding; stand-in node:22-alpine and redis:7-alpine images (no
#           registry can be reached); build; `up --exit-code-from e2e`; then relay, otx-sim and
#           redis with the redis profile, ports checked on 127.0.0.1, and a timed stop of each.
# Cleans up whatever happens: compose down, dockerd stopped, mounts undone, temp dir removed.
# usage: bash scripts/containers/ci-check.sh [--static]    (after npm ci; any directory)
set -euo pipefail
cd "$(dirname "$0")/../.."
HERE=scripts/containers
T0=$(date +%s%N)
exec 3>&1 # progress lines go here; each step's output goes to its log
say() { printf '[containers %6.1fs] %s\n' "$((($(date +%s%N) - T0) / 100000000))e-1" "$*" >&3; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/otx-containers.XXXXXX")
STEP="" LOG="" DPID="" POLICY_MADE=""
DC=(docker-compose --ansi never -p otxrelayci -f docker-compose.yml -f docker-compose.ci.yml)
step() { STEP=$1 LOG="$WORK/$2.log"; say "$1"; }

# ---- static checks -------------------------------------------------------------------------
quiet() { local out; out=$("$@" 2>&1) || { printf '%s\n' "$out"; return 1; }; }

static_checks() {
  local bin=node_modules/.bin
  if [ ! -x $bin/dclint ] || [ ! -x $bin/dockerfile-utils ]; then echo "run npm ci first" && return 1; fi
  say "static: dockerfile-utils lint Dockerfile"
  if [ "$($bin/dockerfile-utils lint -j Dockerfile)" != "[]" ]; then
    $bin/dockerfile-utils lint Dockerfile
    return 1
  fi
  say "static: dclint docker-compose.yml docker-compose.ci.yml docker-compose.prod.yml"
  quiet $bin/dclint --max-warnings 0 docker-compose.yml docker-compose.ci.yml docker-compose.prod.yml
  say "static: compose schema, depends_on, build targets, relay variables"
  quiet node $HERE/check-compose.mjs docker-compose.yml docker-compose.ci.yml
  say "static: docker-compose.prod.yml: the same, and restart, read-only, limits, Redis password"
  quiet node $HERE/check-compose.mjs --production docker-compose.prod.yml
  if grep -nE '^\s*(network|network_mode): *host' docker-compose.yml docker-compose.prod.yml; then
    echo "host networking is for CI only (docker-compose.ci.yml)"
    return 1
  fi
}

# ---- engine --------------------------------------------------------------------------------
install_packages() {
  export DEBIAN_FRONTEND=noninteractive
  # Keep the packages' own services (docker, containerd) from starting on the host.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
    POLICY_MADE=1
  fi
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends \
    docker.io docker-compose busybox-static
  if [ -n "$POLICY_MADE" ]; then rm -f /usr/sbin/policy-rc.d && POLICY_MADE=""; fi
}

start_dockerd() {
  mkdir -p "$WORK/bin" "$WORK/docker-config"
  ln -s /usr/bin/docker "$WORK/bin/docker" # the 20.10 client, ahead of any other on PATH
  export PATH="$WORK/bin:$PATH" DOCKER_HOST="unix://$WORK/docker.sock"
  export DOCKER_CONFIG="$WORK/docker-config" COMPOSE_DOCKER_CLI_BUILD=0 DOCKER_BUILDKIT=0
  # No bridge, iptables, NAT or forwarding: the host is left as it was, and containers reach
  # nothing beyond this machine. Builds reach the npm registry through `network: host`.
  /usr/sbin/dockerd --data-root "$WORK/docker" --exec-root "$WORK/exec" \
    --pidfile "$WORK/dockerd.pid" -H "$DOCKER_HOST" --bridge=none --iptables=false \
    --ip6tables=false --ip-masq=false --ip-forward=false 3>&- &
  DPID=$!
  for _ in $(seq 1 150); do
    docker info >/dev/null 2>&1 && return 0
    kill -0 "$DPID" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}

# ---- compose runs --------------------------------------------------------------------------
free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# Runs the e2e service by the given command; its Jest summary goes to the progress lines.
run_e2e() {
  local rc=0 summary passed skipped took
  timeout 300 "$@" || rc=$?
  summary=$(grep -E '(^|\| )Tests: ' "$LOG" | tail -n 1) || true
  passed=$(sed -nE 's/.* ([0-9]+) passed.*/\1/p' <<<"$summary")
  skipped=$(sed -nE 's/.* ([0-9]+) skipped.*/\1/p' <<<"$summary")
  took=$(sed -nE 's/(^|.*\| )Time: +([0-9.]+ s).*/\2/p' "$LOG" | tail -n 1)
  if [ "$rc" -ne 0 ]; then
    # The relay's request logs interleave with Jest's: what to show is Jest's failures alone.
    { sed -nE 's/^e2e[-_0-9]* *\| //p; t; /^[a-z0-9-]+_[0-9]+ *\|/!p' "$LOG" |
      grep -E -A12 '^ *● ' | head -n 80
      echo "$summary"
      echo "e2e exited $rc"; } >"$LOG.why"
    return 1
  fi
  [ "${passed:-0}" -gt 0 ] || { echo "e2e ran no test"; return 1; }
  say "e2e exited 0: Jest passed ${passed} and skipped ${skipped:-0} tests in ${took:-?}"
}

# With REDIS_URL the relay keeps its cache, budget and breaker in Redis: after an e2e run
# there must be keys, or the relay silently fell back to memory.
check_redis_used() {
  local keys
  keys=$("${DC[@]}" exec -T redis redis-cli dbsize)
  say "redis holds ${keys} keys written by the relay"
  [ "${keys:-0}" -gt 0 ] || { echo "the relay wrote nothing to Redis"; return 1; }
}

wait_healthy() {
  local svc id status
  for svc in "$@"; do
    id=$("${DC[@]}" ps -q "$svc")
    for _ in $(seq 1 120); do
      status=$(docker inspect -f '{{.State.Health.Status}}' "$id")
      [ "$status" = healthy ] && break
      sleep 0.5
    done
    [ "$status" = healthy ] || { echo "$svc is $status"; docker logs --tail 20 "$id"; return 1; }
  done
}

check_ports() {
  local addr
  for svc_port in "relay 9090" "otx-sim 9100"; do
    # shellcheck disable=SC2086 # two words on purpose: service and port
    addr=$("${DC[@]}" port $svc_port)
    case $addr in 127.0.0.1:*) ;; *) echo "$svc_port is published on '$addr', not 127.0.0.1" && return 1 ;; esac
  done
  # shellcheck disable=SC2016 # JavaScript, not shell
  node -e 'fetch(`http://127.0.0.1:${process.argv[1]}/watchdog`, { headers: { "Health-Check": "ci" } })
    .then((r) => r.json()).then((b) => process.exit(b.data === "ci" ? 0 : 1), () => process.exit(1))' \
    "$RELAY_HOST_PORT" || { echo "the relay does not answer on 127.0.0.1:$RELAY_HOST_PORT"; return 1; }
}

# A process that ignores SIGTERM makes every stop wait out the 10 s grace period.
timed_stops() {
  local svc id start ms code bad=0
  for svc in relay otx-sim redis; do
    id=$("${DC[@]}" ps -q "$svc")
    start=$(date +%s%N)
    docker stop -t 10 "$id" >/dev/null
    ms=$((($(date +%s%N) - start) / 1000000))
    code=$(docker inspect -f '{{.State.ExitCode}}' "$id")
    say "stop $svc: ${ms} ms, exit code $code"
    [ "$ms" -lt 5000 ] || { echo "$svc took ${ms} ms to stop: it does not act on SIGTERM"; bad=1; }
    if [ "$svc" = relay ] && [ "$code" != 0 ]; then echo "the relay exited $code on SIGTERM"; bad=1; fi
  done
  return $bad
}

# ---- cleanup -------------------------------------------------------------------------------
cleanup() {
  local rc=$? mounts
  set +e
  if [ "$rc" -eq 130 ]; then
    say "interrupted during: ${STEP:-static checks}"
  elif [ "$rc" -ne 0 ] && [ -n "$STEP" ]; then
    say "FAILED: $STEP"
    [ -s "$LOG.why" ] && LOG="$LOG.why"
    [ -s "$LOG" ] && tail -n 60 "$LOG" | sed 's/^/  | /'
  fi
  if [ -n "$DPID" ]; then
    timeout 60 "${DC[@]}" --profile redis down -v --remove-orphans -t 5 >/dev/null 2>&1
    say "cleanup: compose down"
    kill -TERM "$DPID" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$DPID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$DPID" 2>/dev/null
    say "cleanup: dockerd stopped"
  fi
  [ -n "$POLICY_MADE" ] && rm -f /usr/sbin/policy-rc.d
  mounts=$(awk -v w="$WORK/" 'index($2, w) == 1 { print $2 }' /proc/self/mounts | sort -r)
  for m in $mounts; do umount "$m" 2>/dev/null || umount -l "$m"; done
  rm -rf --one-file-system "$WORK"
  say "cleanup: temp dir removed"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- main ----------------------------------------------------------------------------------
static_checks
if [ "${1:-}" = --static ]; then say "static checks passed"; exit 0; fi
[ "$(id -u)" = 0 ] || { echo "the container run needs root (or use --static)"; exit 1; }
unset REDIS_URL COMPOSE_PROFILES COMPOSE_FILE COMPOSE_PROJECT_NAME
RELAY_HOST_PORT=$(free_port) OTX_SIM_HOST_PORT=$(free_port)
export RELAY_HOST_PORT OTX_SIM_HOST_PORT

step "installing docker.io, docker-compose, busybox-static (apt)" apt
install_packages >"$LOG" 2>&1
step "starting dockerd $(dpkg-query -W -f '${Version}' docker.io) in $WORK" dockerd
start_dockerd >"$LOG" 2>&1
step "making stand-in images node:22-alpine and redis:7-alpine" standin
mkdir -p "$WORK/standin-node" "$WORK/standin-redis"
node_version=$(bash $HERE/standin-node.sh "$WORK/standin-node" 2>>"$LOG")
redis_version=$(bash $HERE/standin-redis.sh "$WORK/standin-redis" 2>>"$LOG")
say "stand-ins: node:22-alpine is Node $node_version, redis:7-alpine is Redis ${redis_version#v=}"
step "docker-compose $(docker-compose version --short) config -q (and of docker-compose.prod.yml)" config
"${DC[@]}" --profile redis config -q >"$LOG" 2>&1
JWT_AUDIENCE=https://relay.example.com REDIS_PASSWORD=ci-only \
  docker-compose --ansi never -f docker-compose.prod.yml config -q >>"$LOG" 2>&1
step "building relay, otx-sim and e2e images" build
timeout 400 "${DC[@]}" build >"$LOG" 2>&1
step "up --exit-code-from e2e (relay and otx-sim healthy, then the e2e suite)" up
run_e2e "${DC[@]}" up --no-build --abort-on-container-exit --exit-code-from e2e >"$LOG" 2>&1
step "redis profile: relay (REDIS_URL=redis://redis:6379), otx-sim, redis up and healthy" redis
export REDIS_URL=redis://redis:6379
"${DC[@]}" --profile redis up -d --no-build relay otx-sim redis >"$LOG" 2>&1
wait_healthy relay otx-sim redis >>"$LOG" 2>&1
check_ports >>"$LOG" 2>&1
step "redis profile: run --rm e2e (the suite against the relay on Redis)" e2e-redis
run_e2e "${DC[@]}" --profile redis run --rm -T e2e >"$LOG" 2>&1
check_redis_used >>"$LOG" 2>&1
step "timed stops (each under 5 s)" stop
timed_stops >"$LOG" 2>&1
STEP="" && say "container check passed"
