#!/usr/bin/env bash
# A private MariaDB server in a folder of its own: data directory, socket, pid file and log
# under DIR, listening on 127.0.0.1:PORT only. No system service, config file or root password
# is involved: the invoking OS user administers it through the socket (unix_socket auth).
#
#   scripts/mariadb.sh start DIR PORT     initialise DIR on first use, start, wait until ready
#   scripts/mariadb.sh stop DIR           stop (waits for a clean shutdown)
#   scripts/mariadb.sh kill DIR           SIGKILL the server (crash tests)
#   scripts/mariadb.sh status DIR         exit 0 if running and answering
#   scripts/mariadb.sh sql DIR [ARGS...]  mariadb client as the administrator (stdin or -e)
#   scripts/mariadb.sh provision DIR SCHEMA USER PASSWORD_FILE
#                                         create SCHEMA and USER@127.0.0.1 with rights on it
#                                         alone; the password is made once into PASSWORD_FILE
set -euo pipefail

die() { echo "mariadb.sh: $*" >&2; exit 1; }
[ $# -ge 2 ] || die "usage: $0 start|stop|kill|status|sql|provision DIR ..."
cmd=$1
dir=$(mkdir -p "$2" && cd "$2" && pwd)
socket=$dir/mysqld.sock
pidfile=$dir/mysqld.pid
me=$(id -un)
[ ${#socket} -lt 100 ] || die "socket path too long for a unix socket: $socket"

client() { mariadb --no-defaults --socket="$socket" --user="$me" "$@"; }
answering() { mariadb-admin --no-defaults --socket="$socket" --user="$me" ping >/dev/null 2>&1; }
# True while process $1 runs; a killed server not yet reaped by init (a zombie) counts as gone.
alive() { [ -r "/proc/$1/stat" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]; }
running_pid() {
  [ -f "$pidfile" ] || return 1
  local pid; pid=$(cat "$pidfile")
  alive "$pid" && echo "$pid"
}

case $cmd in
  start)
    port=${3:?port required}
    if answering; then exit 0; fi
    if [ ! -d "$dir/data/mysql" ]; then
      echo "mariadb: initialising a new data directory in $dir/data" >&2
      mariadb-install-db --no-defaults --datadir="$dir/data" --user="$me" \
        --auth-root-authentication-method=socket --auth-root-socket-user="$me" \
        --skip-test-db >"$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; die "initialisation failed"; }
    fi
    # Durable settings: every commit is flushed to disk and to the binary log.
    setsid mariadbd --no-defaults --user="$me" --datadir="$dir/data" --socket="$socket" \
      --pid-file="$pidfile" --log-error="$dir/mysqld.err" --port="$port" \
      --bind-address=127.0.0.1 --skip-name-resolve \
      --innodb-flush-log-at-trx-commit=1 --sync-binlog=1 --log-bin="$dir/data/binlog" \
      --server-id=1 --innodb-buffer-pool-size=256M --max-connections=500 \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_bin \
      </dev/null >/dev/null 2>&1 &
    for _ in $(seq 1 600); do
      answering && { echo "mariadb: ready on 127.0.0.1:$port (socket $socket)" >&2; exit 0; }
      if ! alive $! && ! running_pid >/dev/null; then
        tail -20 "$dir/mysqld.err" >&2 || true
        die "mariadbd exited during start-up (log: $dir/mysqld.err)"
      fi
      sleep 0.1
    done
    die "mariadbd did not answer within 60 s (log: $dir/mysqld.err)"
    ;;
  stop)
    pid=$(running_pid) || exit 0
    mariadb-admin --no-defaults --socket="$socket" --user="$me" shutdown 2>/dev/null || kill "$pid"
    for _ in $(seq 1 600); do alive "$pid" || exit 0; sleep 0.1; done
    die "mariadbd (pid $pid) did not stop within 60 s"
    ;;
  kill)
    pid=$(running_pid) || exit 0
    kill -9 "$pid"
    while alive "$pid"; do sleep 0.05; done
    ;;
  status)
    answering
    ;;
  sql)
    shift 2
    client "$@"
    ;;
  provision)
    schema=${3:?schema required}; user=${4:?user required}; password_file=${5:?password file required}
    [[ $schema =~ ^[a-z0-9_]+$ && $user =~ ^[a-z0-9_]+$ ]] || die "schema and user must be [a-z0-9_]+"
    if [ ! -s "$password_file" ]; then
      mkdir -p "$(dirname "$password_file")"
      (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$password_file")
    fi
    password=$(cat "$password_file")
    client <<SQL
CREATE DATABASE IF NOT EXISTS \`$schema\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER IF NOT EXISTS '$user'@'127.0.0.1' IDENTIFIED BY '$password';
ALTER USER '$user'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON \`$schema\`.* TO '$user'@'127.0.0.1';
SQL
    ;;
  *)
    die "unknown command $cmd"
    ;;
esac
