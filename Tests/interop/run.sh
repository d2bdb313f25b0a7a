#!/usr/bin/env bash
# Interoperability tests: real kdb+ client libraries (PyKX, unlicensed, and qPython)
# against `qrt -p PORT`. Creates a venv beside this script, starts the server, runs each
# library's script (each ends with "N passed, N failed"), stops the server.
#
#   Tests/interop/run.sh [path/to/qrt]      (default: .build/debug/qrt, built if missing)
#
# Skips (exit 0, with a message) when Python or pip cannot provide the libraries.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
qrt="${1:-$root/.build/debug/qrt}"

if [ ! -x "$qrt" ]; then
  (cd "$root" && swift build --product qrt) || exit 1
fi
qrt="$(cd "$(dirname "$qrt")" && pwd)/$(basename "$qrt")"  # the script changes directory
if ! command -v python3 >/dev/null; then
  echo "interop: skipped (no python3)"
  exit 0
fi
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" >/dev/null 2>&1 || { echo "interop: skipped (python3 -m venv failed)"; exit 0; }
fi
if ! "$venv/bin/python" -c "import pykx, qpython" >/dev/null 2>&1 </dev/null; then
  if ! "$venv/bin/pip" install -q pykx qpython3 >"$here/.pip.log" 2>&1; then
    echo "interop: skipped (pip could not install pykx and qpython3; see $here/.pip.log)"
    exit 0
  fi
fi

port=$(( 20000 + RANDOM % 20000 ))
log="$here/.server.log"
"$qrt" -p "$port" </dev/null >"$log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; }
trap cleanup EXIT

# Wait for the port (at most 10 s).
for _ in $(seq 1 100); do
  if "$venv/bin/python" -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; then break; fi
  sleep 0.1
done

status=0
cd "$here"
PYKX_UNLICENSED=true timeout 300 "$venv/bin/python" test_pykx.py "$port" || status=1
timeout 300 "$venv/bin/python" test_qpython.py "$port" || status=1
if ! kill -0 "$server" 2>/dev/null; then
  echo "interop: the server died; its log:"
  cat "$log"
  status=1
fi

# Multithreaded input mode: a negative port, a table set up by a script.
mtport=$(( port + 1 ))
printf 't:([]a:til 1000)\n' >"$here/.mt.q"
"$qrt" -p "-$mtport" "$here/.mt.q" </dev/null >"$here/.mt.log" 2>&1 &
mtserver=$!
trap 'cleanup; kill "$mtserver" 2>/dev/null' EXIT
for _ in $(seq 1 100); do
  if "$venv/bin/python" -c "import socket,sys; socket.create_connection(('127.0.0.1', $mtport), 1)" 2>/dev/null; then break; fi
  sleep 0.1
done
PYKX_UNLICENSED=true timeout 300 "$venv/bin/python" test_mt.py "$mtport" || status=1
exit $status
