#!/usr/bin/env bash
# A local ClickHouse cluster for tests, CI and the benchmark: N clickhouse-server processes (default 2) on
# loopback, one shard each, forming the cluster `ecmon` (non-replicated, so no ZooKeeper), with data, tmp and
# logs in a temporary folder. Works with Debian's clickhouse-server 18.16.
#
#   scripts/clickhouse-cluster.sh start    # prints the URL to use as ECMON_ANALYTICS_DB / ECMON_TEST_CH_URL
#   scripts/clickhouse-cluster.sh stop
#   scripts/clickhouse-cluster.sh url
#
# Environment: ECMON_CH_SHARDS (2), ECMON_CH_HTTP_PORT (18123: shard i listens on HTTP 18123+i and native
# 19000+i), ECMON_CH_DIR (${TMPDIR:-/tmp}/ecmon-clickhouse).
set -euo pipefail

shards="${ECMON_CH_SHARDS:-2}"
http0="${ECMON_CH_HTTP_PORT:-18123}"
tcp0="${ECMON_CH_TCP_PORT:-19000}"
inter0="${ECMON_CH_INTERSERVER_PORT:-19100}"
dir="${ECMON_CH_DIR:-${TMPDIR:-/tmp}/ecmon-clickhouse}"
server="$(command -v clickhouse-server || echo /usr/sbin/clickhouse-server)"
[ -x "$server" ] || server=/usr/bin/clickhouse

url() {
  local hosts=()
  for i in $(seq 0 $((shards - 1))); do hosts+=("127.0.0.1:$((http0 + i))"); done
  local IFS=,
  echo "clickhouse://${hosts[*]}/ecmon?cluster=ecmon"
}

cluster_xml() {
  echo "<remote_servers><ecmon>"
  for i in $(seq 0 $((shards - 1))); do
    echo "<shard><replica><host>127.0.0.1</host><port>$((tcp0 + i))</port></replica></shard>"
  done
  echo "</ecmon></remote_servers>"
}

config() {
  local i=$1 node="$dir/node$1"
  cat <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$node/log/server.log</log><errorlog>$node/log/error.log</errorlog></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$((http0 + i))</http_port>
  <tcp_port>$((tcp0 + i))</tcp_port>
  <interserver_http_port>$((inter0 + i))</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <path>$node/data/</path>
  <tmp_path>$node/tmp/</tmp_path>
  <user_files_path>$node/user_files/</user_files_path>
  <format_schema_path>$node/format_schemas/</format_schema_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <max_concurrent_queries>64</max_concurrent_queries>
  <timezone>UTC</timezone>
  $(cluster_xml)
  <macros><shard>$((i + 1))</shard></macros>
</yandex>
XML
}

users() {
  cat <<XML
<?xml version="1.0"?>
<yandex>
  <profiles><default>
    <max_memory_usage>4000000000</max_memory_usage>
  </default></profiles>
  <users><default>
    <password></password>
    <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
    <profile>default</profile><quota>default</quota>
  </default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
    <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML
}

answers() { curl -sf "http://127.0.0.1:$1/?query=SELECT%201" >/dev/null 2>&1; }

start() {
  mkdir -p "$dir"
  users >"$dir/users.xml"
  for i in $(seq 0 $((shards - 1))); do
    local node="$dir/node$i"
    if [ -f "$node/pid" ] && kill -0 "$(cat "$node/pid")" 2>/dev/null; then continue; fi
    mkdir -p "$node"/{data,tmp,log,user_files,format_schemas}
    config "$i" >"$node/config.xml"
    (cd "$node" && exec "$server" --config-file="$node/config.xml" >"$node/log/stdout.log" 2>&1) &
    echo $! >"$node/pid"
  done
  for i in $(seq 0 $((shards - 1))); do
    local ok=
    for _ in $(seq 1 60); do
      if answers $((http0 + i)); then ok=1; break; fi
      sleep 0.5
    done
    if [ -z "$ok" ]; then
      echo "clickhouse-cluster: shard $i did not answer on port $((http0 + i)); see $dir/node$i/log" >&2
      tail -n 20 "$dir/node$i/log/stdout.log" "$dir/node$i/log/error.log" >&2 2>/dev/null || true
      exit 1
    fi
  done
  for i in $(seq 0 $((shards - 1))); do
    curl -sf "http://127.0.0.1:$((http0 + i))/" --data-binary 'CREATE DATABASE IF NOT EXISTS ecmon' >/dev/null
  done
  url
}

stop() {
  for pidfile in "$dir"/node*/pid; do
    [ -f "$pidfile" ] || continue
    local pid
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$pidfile"
  done
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) url ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
