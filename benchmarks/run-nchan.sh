#!/usr/bin/env bash
# Nchan, the fan-out peer, in a private nginx on loopback, for the load generator to measure
# side by side with Ringcast (LOADGEN.md, "Nchan").
#
#   run-nchan.sh install                       install Debian's nginx-light and libnginx-mod-nchan if missing
#   run-nchan.sh start [--port P] [--max-connections N]
#                                              start one (installing first if needed); prints
#                                              "listening <port> <worker pid> <master pid> <prefix>"
#   run-nchan.sh stop <prefix>                 stop it by the PID in <prefix>/logs/nginx.pid, remove <prefix>
#
# The instance is nobody else's: its own prefix (a temporary folder holding its configuration,
# logs, temp paths and PID file), one worker, a free loopback port. The system's nginx, if any, is
# neither used nor touched. The configuration is the one that makes Nchan comparable with Ringcast:
# publish with POST /pub?id=CHANNEL, subscribe with GET /sub?id=CHANNEL (EventSource, WebSocket or
# long-poll), no replay without Last-Event-ID (as Ringcast), retention near Ringcast's default ring.
set -euo pipefail

NCHAN_MODULE=/usr/lib/nginx/modules/ngx_nchan_module.so

die() {
    echo "run-nchan: $*" >&2
    exit 2
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        die "installing needs root: run 'apt-get install nginx-light libnginx-mod-nchan' as root, or install sudo"
    fi
}

install_nchan() {
    if command -v nginx >/dev/null && [ -f "$NCHAN_MODULE" ]; then
        return
    fi
    command -v apt-get >/dev/null || die "no apt-get: install nginx and the Nchan module ($NCHAN_MODULE) by hand"
    echo "run-nchan: installing nginx-light and libnginx-mod-nchan" >&2
    as_root apt-get update -qq >&2
    # The package's own service is not what we measure; a container without an init system does not start it.
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light libnginx-mod-nchan >&2
    [ -f "$NCHAN_MODULE" ] || die "installed, but $NCHAN_MODULE is missing"
}

port_listening() {
    ss -Htln "sport = :$1" 2>/dev/null | grep -q .
}

# Any TCP socket on the port, listening or not: a client's local port cannot be bound either.
port_taken() {
    ss -Htan "sport = :$1" 2>/dev/null | grep -q .
}

# Below Linux's default ephemeral range (32768-60999), so a client connection does not take it
# between the check and nginx's bind.
free_port() {
    local p
    for _ in $(seq 1 100); do
        p=$(( 20000 + RANDOM % 12000 ))
        if ! port_taken "$p"; then
            echo "$p"
            return
        fi
    done
    die "no free loopback port found in 20000-32000"
}

start_nchan() {
    local port="" max=20000
    while [ $# -gt 0 ]; do
        case "$1" in
            --port) port="$2"; shift 2 ;;
            --max-connections) max="$2"; shift 2 ;;
            *) die "unknown option $1: use start [--port P] [--max-connections N]" ;;
        esac
    done
    install_nchan
    [ -n "$port" ] || port=$(free_port)
    local prefix
    prefix=$(mktemp -d /tmp/ringcast-nchan.XXXXXX)
    mkdir -p "$prefix/logs" "$prefix/tmp"
    # Workers run as nobody when the master is root: they must reach the temp paths.
    chmod 755 "$prefix"
    cat >"$prefix/nginx.conf" <<EOF
load_module $NCHAN_MODULE;
worker_processes 1;
worker_rlimit_nofile $(( max + 100 ));
pid $prefix/logs/nginx.pid;
lock_file $prefix/logs/nginx.lock;
error_log $prefix/logs/error.log warn;

events {
    # Nchan takes a second connection slot per subscriber (not a file): with one slot each, nginx
    # runs short and closes subscribers to reuse their slots ("worker_connections are not enough").
    worker_connections $(( 2 * max + 100 ));
}

http {
    access_log off;
    tcp_nodelay on;
    client_body_temp_path $prefix/tmp/body;
    proxy_temp_path $prefix/tmp/proxy;
    fastcgi_temp_path $prefix/tmp/fastcgi;
    uwsgi_temp_path $prefix/tmp/uwsgi;
    scgi_temp_path $prefix/tmp/scgi;

    # Retention near Ringcast's default ring of 1,024 events.
    nchan_message_buffer_length 1000;
    nchan_message_timeout 1h;

    server {
        listen 127.0.0.1:$port backlog=4096;

        location = /pub {
            nchan_publisher;
            nchan_channel_id \$arg_id;
        }

        location = /sub {
            nchan_subscriber eventsource websocket longpoll;
            nchan_channel_id \$arg_id;
            # No replay without Last-Event-ID, as Ringcast.
            nchan_subscriber_first_message newest;
            nchan_subscriber_timeout 0;
        }
    }
}
EOF
    if ! nginx -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/logs/error.log" >&2; then
        cat "$prefix/logs/error.log" >&2 || true
        die "nginx did not start; its configuration and log are in $prefix"
    fi
    local master="" worker=""
    for _ in $(seq 1 100); do
        master=$(cat "$prefix/logs/nginx.pid" 2>/dev/null || true)
        if [ -n "$master" ]; then
            worker=$(ps -o pid= --ppid "$master" | head -1 | tr -d ' ')
        fi
        if [ -n "$worker" ] && port_listening "$port"; then
            echo "listening $port $worker $master $prefix"
            return
        fi
        sleep 0.05
    done
    [ -n "$master" ] && kill "$master" 2>/dev/null || true
    die "nginx did not listen on 127.0.0.1:$port within 5 s; see $prefix/logs/error.log"
}

stop_nchan() {
    local prefix="${1:-}"
    [ -n "$prefix" ] && [ -f "$prefix/nginx.conf" ] || die "stop needs the prefix that start printed"
    local master
    master=$(cat "$prefix/logs/nginx.pid" 2>/dev/null || true)
    if [ -n "$master" ] && kill -0 "$master" 2>/dev/null; then
        kill -TERM "$master"
        for _ in $(seq 1 100); do
            kill -0 "$master" 2>/dev/null || break
            sleep 0.05
        done
        kill -0 "$master" 2>/dev/null && kill -KILL "$master"
    fi
    # What nginx complained of during the run (refused connections, limits) belongs in the run's log.
    if grep -qE '\[(warn|alert|crit|emerg|error)\]' "$prefix/logs/error.log" 2>/dev/null; then
        echo "run-nchan: nginx logged:" >&2
        grep -E '\[(warn|alert|crit|emerg|error)\]' "$prefix/logs/error.log" \
            | sed -E 's/^[0-9\/]+ [0-9:]+ //; s/[0-9]+#[0-9]+: (\*[0-9]+ )?//; s/client: .*//' \
            | sort | uniq -c | sort -rn | head -20 >&2
    fi
    rm -rf "$prefix"
}

case "${1:-}" in
    install) install_nchan ;;
    start) shift; start_nchan "$@" ;;
    stop) shift; stop_nchan "$@" ;;
    *) die "usage: run-nchan.sh install | start [--port P] [--max-connections N] | stop <prefix>" ;;
esac
