#!/bin/sh
# Runs every benchmark of specgen against oapi-codegen and ogen and writes
# bench/RESULTS.md. Flags go to cmd/benchrun (go run ./cmd/benchrun -h lists them);
# -quick measures spec/functions.yaml only, in about two minutes.
set -eu
cd "$(dirname "$0")"
exec go run ./cmd/benchrun "$@"
