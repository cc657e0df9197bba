#!/bin/sh
# Run a command the way the app's own processes run: as the service user, in the checkout, with
# the environment file and the virtualenv's programs first on PATH. As root:
#
#   deploy/manage.sh flask db upgrade
#   deploy/manage.sh flask users create someone@example.kz --role moderator
#   deploy/manage.sh python deploy/backup.py create --dir /var/backups/assembly-events
#
# ASSEMBLY_EVENTS_USER (assembly-events) and ASSEMBLY_EVENTS_ENV (/etc/assembly-events/env)
# change the defaults.
set -eu
cd "$(dirname "$0")/.."
user=${ASSEMBLY_EVENTS_USER:-assembly-events}
env_file=${ASSEMBLY_EVENTS_ENV:-/etc/assembly-events/env}
[ -r "$env_file" ] || { echo "cannot read $env_file" >&2; exit 1; }
exec runuser -u "$user" -- /bin/sh -c '
    set -a; . "$1"; set +a; shift
    PATH="$PWD/.venv/bin:$PATH"; FLASK_APP=wsgi.py; export PATH FLASK_APP
    exec "$@"' manage "$env_file" "$@"
