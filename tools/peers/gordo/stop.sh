#!/usr/bin/env bash
# stop.sh <state-dir>: stops the Gordo server that start.sh started (gunicorn master + workers, one process group):
# TERM to the group, KILL after a grace period (LATIGO_GORDO_STOP_GRACE, default 15 s). Idempotent; a group that
# no longer holds a gunicorn process (stale pid file, PID reuse) is not signalled.
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

peer_state gordo stop "$@"
stop_pgroup "$PIDFILE" "${LATIGO_GORDO_STOP_GRACE:-15}" gunicorn
