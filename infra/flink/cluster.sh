#!/usr/bin/env bash
# Start, stop or query a Flink 1.19 session cluster (one JobManager, N TaskManagers) built from
# Maven jars, bound to 127.0.0.1 unless told otherwise. See docs/flink-cluster.md.
#
#   infra/flink/cluster.sh start  [--dir DIR] [--bind ADDR] [--rest-port P] [--rpc-port P]
#                                 [--blob-port P] [--slots N] [--tm-memory SIZE]
#                                 [--taskmanagers N] [--gpus-per-taskmanager G [--declare-gpus]]
#   infra/flink/cluster.sh status [--dir DIR]
#   infra/flink/cluster.sh stop   [--dir DIR]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cmd="${1:-}"; shift || true
dir="${CONSTCL_FLINK_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/constcl/flink}"
bind="127.0.0.1"; rest_port=8081; rpc_port=6123; blob_port=6124; slots=2; tm_memory=4096m
taskmanagers=1; gpus=0; declare_gpus=0
# Flink's GPU driver is served on Maven Central for 1.20.0 only (not for the 1.19.x the cluster
# runs, and without its parent POM, so Maven cannot resolve it): fetched as a file, checked by
# digest. Its interfaces (flink-core's external resource API) are unchanged since 1.11.
gpu_driver_version=1.20.0
gpu_driver_sha256=e33a6eb78cb6ef2766cf84a15b88e05a20a4261dffdfe8ca5b6dedd051603934
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2;;
    --bind) bind="$2"; shift 2;;
    --rest-port) rest_port="$2"; shift 2;;
    --rpc-port) rpc_port="$2"; shift 2;;
    --blob-port) blob_port="$2"; shift 2;;
    --slots) slots="$2"; shift 2;;
    --tm-memory) tm_memory="$2"; shift 2;;
    --taskmanagers) taskmanagers="$2"; shift 2;;
    --gpus-per-taskmanager) gpus="$2"; shift 2;;
    --declare-gpus) declare_gpus=1; shift;;
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
    # Every Beam pipeline job loads the 280 MB job jar in a class loader of its own, and Flink 1.19
    # with Beam releases only part of it when the job ends: at the default 256 MB the quickstart's
    # seventh pipeline died with "OutOfMemoryError: Metaspace" (and took the TaskManager with it).
    jvm-metaspace: {size: 1536m}
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
  if [ "$gpus" -gt 0 ]; then
    local args=""; [ "$declare_gpus" = 1 ] && args="--declare"
    cat >> "$dir/conf/config.yaml" <<YAML
external-resources: gpu
external-resource:
  gpu:
    amount: $gpus
    driver-factory:
      class: org.apache.flink.externalresource.gpu.GPUDriverFactory
    param:
      discovery-script:
        path: $here/gpu-discovery.sh
        args: "$args"
YAML
  fi
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

# TaskManager k's name: taskmanager, taskmanager-2, taskmanager-3, ...
tm_name() { if [ "$1" = 1 ]; then echo taskmanager; else echo "taskmanager-$1"; fi; }
tm_names() { (cd "$dir" 2>/dev/null && ls taskmanager*.pid 2>/dev/null | sed 's/\.pid$//') || true; }

# The GPU driver as a Flink plugin (plugins/external-resource-gpu/): $CONSTCL_FLINK_GPU_DRIVER names
# a local copy (offline machines), else it is fetched from Maven Central once per cluster folder.
gpu_driver() {
  local plugin="$dir/plugins/external-resource-gpu" name="flink-external-resource-gpu-$gpu_driver_version.jar"
  mkdir -p "$plugin"
  if [ ! -s "$plugin/$name" ]; then
    if [ -n "${CONSTCL_FLINK_GPU_DRIVER:-}" ]; then
      cp "$CONSTCL_FLINK_GPU_DRIVER" "$plugin/$name.part"
    else
      curl -fsS -o "$plugin/$name.part" \
        "https://repo.maven.apache.org/maven2/org/apache/flink/flink-external-resource-gpu/$gpu_driver_version/$name" \
        || die "could not download Flink's GPU driver $name (set CONSTCL_FLINK_GPU_DRIVER to a local copy)"
    fi
    echo "$gpu_driver_sha256  $plugin/$name.part" | sha256sum -c --quiet - >/dev/null 2>&1 \
      || { rm -f "$plugin/$name.part"; die "$name does not have the expected SHA-256 $gpu_driver_sha256"; }
    mv "$plugin/$name.part" "$plugin/$name"
  fi
}

start() {
  if running jobmanager || running taskmanager; then die "a cluster is already running from $dir (stop it first)"; fi
  [ "$taskmanagers" -ge 1 ] 2>/dev/null || die "--taskmanagers must be 1 or more"
  [ "$gpus" -ge 0 ] 2>/dev/null || die "--gpus-per-taskmanager must be 0 or more"
  if [ "$gpus" -gt 0 ] && [ "$declare_gpus" = 0 ] && ! command -v nvidia-smi >/dev/null 2>&1; then
    die "--gpus-per-taskmanager $gpus: this machine has no nvidia-smi; add --declare-gpus to declare GPU indices without GPUs (scheduling tests)"
  fi
  rm -f "$dir"/taskmanager*.pid
  write_config
  if [ "$gpus" -gt 0 ]; then gpu_driver; fi
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
  local k tm
  for k in $(seq 1 "$taskmanagers"); do
    tm="$(tm_name "$k")"
    # shellcheck disable=SC2086
    FLINK_PLUGINS_DIR="$dir/plugins" nohup "$java" $jvm_args "-Dlog.file=$dir/log/$tm.log" "$logcfg" -cp "$cp" \
      org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$dir/conf" $dyn_args \
      > "$dir/log/$tm.out" 2>&1 &
    echo $! > "$dir/$tm.pid"
  done
  for _ in $(seq 1 120); do
    if curl -fsS "$(rest_url)/overview" 2>/dev/null | grep -q "\"taskmanagers\":$taskmanagers,"; then
      local g=""; [ "$gpus" -gt 0 ] && g=", GPUs per TaskManager: $gpus$([ "$declare_gpus" = 1 ] && echo ' (declared)')"
      echo "Flink session cluster ready: $(rest_url) (TaskManagers: $taskmanagers, slots each: $slots$g, logs: $dir/log)"
      return 0
    fi
    running jobmanager || die "the JobManager exited; see $dir/log/jobmanager.log"
    for tm in $(tm_names); do
      running "$tm" || die "TaskManager $tm exited; see $dir/log/$tm.log"
    done
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
  local any=0 p all
  all="$(tm_names) jobmanager"
  for p in $all; do
    if running "$p"; then kill "$(cat "$dir/$p.pid")"; any=1; fi
  done
  for _ in $(seq 1 40); do
    local alive=0
    for p in $all; do running "$p" && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.25
  done
  for p in $all; do
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
