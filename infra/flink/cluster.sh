#!/usr/bin/env bash
# Start, stop or query a Flink 1.19 session cluster (one JobManager, one TaskManager) built from
# Maven jars, bound to 127.0.0.1 unless told otherwise. See docs/flink-cluster.md.
#
#   infra/flink/cluster.sh start  [--dir DIR] [--bind ADDR] [--rest-port P] [--rpc-port P]
#                                 [--blob-port P] [--slots N] [--tm-memory SIZE]
#   infra/flink/cluster.sh status [--dir DIR]
#   infra/flink/cluster.sh stop   [--dir DIR]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cmd="${1:-}"; shift || true
dir="${CONSTCL_FLINK_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/constcl/flink}"
bind="127.0.0.1"; rest_port=8081; rpc_port=6123; blob_port=6124; slots=2; tm_memory=3072m
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2;;
    --bind) bind="$2"; shift 2;;
    --rest-port) rest_port="$2"; shift 2;;
    --rpc-port) rpc_port="$2"; shift 2;;
    --blob-port) blob_port="$2"; shift 2;;
    --slots) slots="$2"; shift 2;;
    --tm-memory) tm_memory="$2"; shift 2;;
    *) echo "cluster.sh: unknown option $1" >&2; exit 2;;
  esac
done
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

die() { echo "cluster.sh: $*" >&2; exit 1; }
rest_url() { echo "http://$(cat "$dir/rest-address")"; }

classpath() {
  local cp="$dir/classpath.txt"
  if [ ! -s "$cp" ] || [ "$here/pom.xml" -nt "$cp" ]; then
    mvn -B -q -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp" >&2 \
      || die "could not resolve the Flink classpath with Maven"
  fi
  cat "$cp"
}

write_config() {
  mkdir -p "$dir/conf" "$dir/log" "$dir/tmp"
  cat > "$dir/conf/config.yaml" <<YAML
jobmanager:
  rpc: {address: $bind, port: $rpc_port}
  bind-host: $bind
  memory: {process: {size: 1024m}}
taskmanager:
  bind-host: $bind
  host: $bind
  numberOfTaskSlots: $slots
  memory:
    process: {size: $tm_memory}
    network: {min: 512m, max: 512m}
rest:
  address: $bind
  bind-address: $bind
  port: $rest_port
blob:
  server: {port: "$blob_port"}
parallelism:
  default: 1
io:
  tmp:
    dirs: $dir/tmp
YAML
  cat > "$dir/conf/log4j.properties" <<'LOG'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
appender.main.name = MainAppender
appender.main.type = File
appender.main.fileName = ${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
logger.metrics.name = org.apache.flink.metrics.MetricGroup
logger.metrics.level = ERROR
LOG
  echo "$bind:$rest_port" > "$dir/rest-address"
}

running() { [ -f "$dir/$1.pid" ] && kill -0 "$(cat "$dir/$1.pid")" 2>/dev/null; }

start() {
  if running jobmanager || running taskmanager; then die "a cluster is already running from $dir (stop it first)"; fi
  write_config
  local cp; cp="$(classpath)"
  local logcfg="-Dlog4j.configurationFile=file:$dir/conf/log4j.properties"
  nohup "$java" -Xmx512m "-Dlog.file=$dir/log/jobmanager.log" "$logcfg" -cp "$cp" \
    org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$dir/conf" \
    > "$dir/log/jobmanager.out" 2>&1 &
  echo $! > "$dir/jobmanager.pid"
  # The TaskManager needs every memory component spelled out; BashJavaUtils computes them as
  # flink-dist's scripts do.
  local params; params="$("$java" -cp "$cp" org.apache.flink.runtime.util.bash.BashJavaUtils \
    GET_TM_RESOURCE_PARAMS --configDir "$dir/conf" 2>/dev/null | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' \
    | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://')"
  local jvm_args dyn_args
  jvm_args="$(echo "$params" | sed -n 1p)"; dyn_args="$(echo "$params" | sed -n 2p)"
  [ -n "$jvm_args" ] || die "BashJavaUtils did not compute TaskManager memory (see $dir/conf/config.yaml)"
  # shellcheck disable=SC2086
  nohup "$java" $jvm_args "-Dlog.file=$dir/log/taskmanager.log" "$logcfg" -cp "$cp" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$dir/conf" $dyn_args \
    > "$dir/log/taskmanager.out" 2>&1 &
  echo $! > "$dir/taskmanager.pid"
  for _ in $(seq 1 120); do
    if curl -fsS "$(rest_url)/overview" 2>/dev/null | grep -q '"taskmanagers":[1-9]'; then
      echo "Flink session cluster ready: $(rest_url) (slots: $slots, logs: $dir/log)"
      return 0
    fi
    running jobmanager || die "the JobManager exited; see $dir/log/jobmanager.log"
    running taskmanager || die "the TaskManager exited; see $dir/log/taskmanager.log"
    sleep 0.5
  done
  stop >/dev/null 2>&1 || true
  die "the cluster did not become ready within 60 s; see $dir/log"
}

status() {
  [ -f "$dir/rest-address" ] || die "no cluster state in $dir"
  if curl -fsS "$(rest_url)/overview" 2>/dev/null; then echo; else die "no cluster answers at $(rest_url)"; fi
}

stop() {
  local any=0
  for p in taskmanager jobmanager; do
    if running "$p"; then kill "$(cat "$dir/$p.pid")"; any=1; fi
  done
  for _ in $(seq 1 40); do
    running taskmanager || running jobmanager || break
    sleep 0.25
  done
  for p in taskmanager jobmanager; do
    if running "$p"; then kill -9 "$(cat "$dir/$p.pid")"; fi
    rm -f "$dir/$p.pid"
  done
  [ "$any" = 1 ] && echo "Flink session cluster stopped" || echo "no cluster was running from $dir"
}

case "$cmd" in
  start) start;;
  status) status;;
  stop) stop;;
  *) echo "usage: cluster.sh start|status|stop [options]" >&2; exit 2;;
esac
