# shellcheck shell=bash
# The part every cluster wrapper shares: options, the spark-submit arguments all cluster
# managers take (class, jar, memory, threads, GPUs, JVM flags) and the dry run. Sourced by
# standalone.sh, yarn.sh and kubernetes.sh, which add their manager's own arguments in a
# function manager_args and may take options of their own in manager_option.
#
# Threads: an executor runs C / T tasks at once (C = --executor-cores, T = spark.task.cpus),
# and with GPUs no more than its G GPUs. Each task may use C / (tasks at once) cores; that
# count goes to OMP_NUM_THREADS of the executors, and the jobs' compute.threadsPerTask = 0
# works out the same count from the same Spark settings (SparkSessions.concurrentTasks), so
# OpenMP, BLAS and ND4J's own pool never ask for more cores than the executor has.
#
# Memory: --executor-memory is the JVM heap; --executor-offheap caps ND4J's native memory
# (javacpp maxbytes) and is added, with 1 GiB for the JVM's own native memory, to
# spark.executor.memoryOverhead, which YARN and Kubernetes add to the container's limit.

liouna_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=submit/jvm-opens.sh
source "$liouna_root/submit/jvm-opens.sh"

main_class=ai.liouna.jobs.Main
master=""
deploy_mode=""
executors=2
executor_cores=4
executor_memory=8g
executor_offheap=8g
driver_cores=2
driver_memory=4g
driver_offheap=4g
gpus=0
task_cpus=""
jar=""
app_name=""
hadoop_aws=1
dry_run=${LIOUNA_DRY_RUN:-0}
user_conf=()
job=()
submit_files=()

die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

common_usage() {
  cat <<EOF
usage: $(basename "$0") [options] <command> [--conf FILE] [key=value ...]

Runs ai.liouna.jobs.Main of the shaded jar (mvn -DskipTests package builds it) with
spark-submit: \$SPARK_HOME/bin/spark-submit, or spark-submit on the PATH. The command and
what follows it are the launcher's own arguments (commands: demo, download, ingest,
pretrain, probe, report); a --conf FILE there is shipped to the driver when it runs in the
cluster.

options:
  --master URL              cluster manager URL$(master_hint)
  --deploy-mode MODE        client or cluster (default $deploy_mode)
  --executors N             executors (default $executors)
  --executor-cores N        cores per executor (default $executor_cores)
  --executor-memory SIZE    executor JVM heap (default $executor_memory)
  --executor-offheap SIZE   ND4J native memory per executor, javacpp maxbytes (default
                            $executor_offheap)
  --driver-cores N          driver cores, its OMP_NUM_THREADS too (default $driver_cores)
  --driver-memory SIZE      driver JVM heap (default $driver_memory)
  --driver-offheap SIZE     ND4J native memory of the driver (default $driver_offheap)
  --gpus N                  GPUs per executor, one task per GPU; 0 runs on CPUs (default 0).
                            Needs the jar built with mvn -Pcuda -DskipTests package
  --task-cpus N             spark.task.cpus (default 1, with GPUs cores / GPUs)
  --jar PATH                the shaded jar (default spark-jobs/target/spark-jobs-*-shaded.jar)
  --name NAME               application name (default liouna-<command>)
  --no-hadoop-aws           leave out --packages hadoop-aws (s3a:// support) when the
                            cluster has it, or cannot reach Maven Central
  --spark-conf KEY=VALUE    any further Spark setting; repeatable, applied last
  --dry-run                 print the spark-submit command instead of running it (also
                            LIOUNA_DRY_RUN=1)
EOF
  if declare -F manager_usage >/dev/null; then
    manager_usage
  fi
}

master_hint() {
  if [[ -n "$master" ]]; then
    echo " (default $master)"
  fi
}

# Fails unless option $1 has a value.
require_value() {
  [[ $# -ge 2 && -n "$2" ]] || die "option $1 needs a value; see --help"
}

require_count() {
  [[ "$2" =~ ^[0-9]+$ ]] || die "$1 must be a whole number, not '$2'"
}

parse_options() {
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -h | --help) common_usage; exit 0 ;;
      --dry-run) dry_run=1; shift ;;
      --no-hadoop-aws) hadoop_aws=0; shift ;;
      --master) require_value "$@"; master=$2; shift 2 ;;
      --deploy-mode) require_value "$@"; deploy_mode=$2; shift 2 ;;
      --executors) require_value "$@"; executors=$2; shift 2 ;;
      --executor-cores) require_value "$@"; executor_cores=$2; shift 2 ;;
      --executor-memory) require_value "$@"; executor_memory=$2; shift 2 ;;
      --executor-offheap) require_value "$@"; executor_offheap=$2; shift 2 ;;
      --driver-cores) require_value "$@"; driver_cores=$2; shift 2 ;;
      --driver-memory) require_value "$@"; driver_memory=$2; shift 2 ;;
      --driver-offheap) require_value "$@"; driver_offheap=$2; shift 2 ;;
      --gpus) require_value "$@"; gpus=$2; shift 2 ;;
      --task-cpus) require_value "$@"; task_cpus=$2; shift 2 ;;
      --jar) require_value "$@"; jar=$2; shift 2 ;;
      --name) require_value "$@"; app_name=$2; shift 2 ;;
      --spark-conf) require_value "$@"; user_conf+=("$2"); shift 2 ;;
      --) shift; break ;;
      --*)
        consumed=0
        if declare -F manager_option >/dev/null; then
          manager_option "$@"
        fi
        [[ $consumed -gt 0 ]] || die "unknown option $1; see --help"
        shift "$consumed"
        ;;
      *) break ;;
    esac
  done
  job=("$@")
  [[ ${#job[@]} -gt 0 ]] || die "no command given; e.g. $(basename "$0") pretrain" \
    "--conf conf/cifar10-ours.conf (see --help)"
  for count in executors executor_cores driver_cores gpus; do
    require_count "--${count//_/-}" "${!count}"
  done
  [[ "$deploy_mode" == client || "$deploy_mode" == cluster ]] \
    || die "--deploy-mode must be client or cluster, not '$deploy_mode'"
}

# Size such as 8g, 512m or 2t in MiB.
mebibytes() {
  local size=${1,,}
  [[ "$size" =~ ^([0-9]+)([kmgt]?)b?$ ]] \
    || die "memory size '$1' is not a number with an optional unit k, m, g or t, e.g. 8g"
  local number=${BASH_REMATCH[1]}
  case "${BASH_REMATCH[2]}" in
    k) echo $(((number + 1023) / 1024)) ;;
    m | "") echo "$number" ;;
    g) echo $((number * 1024)) ;;
    t) echo $((number * 1024 * 1024)) ;;
  esac
}

project_version() {
  sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$liouna_root/pom.xml" | head -n 1
}

hadoop_version() {
  sed -n 's:.*<hadoop.version>\(.*\)</hadoop.version>.*:\1:p' "$liouna_root/pom.xml"
}

# The shaded jar: --jar, else the one Maven built (its expected name in a dry run before
# the build).
resolve_jar() {
  if [[ -n "$jar" ]]; then
    return
  fi
  local candidate
  for candidate in "$liouna_root"/spark-jobs/target/spark-jobs-*-shaded.jar; do
    if [[ -f "$candidate" && ( -z "$jar" || "$candidate" -nt "$jar" ) ]]; then
      jar=$candidate
    fi
  done
  if [[ -n "$jar" ]]; then
    return
  fi
  jar="$liouna_root/spark-jobs/target/spark-jobs-$(project_version)-shaded.jar"
  if [[ "$dry_run" != 1 ]]; then
    die "no shaded jar at $jar; build it with mvn -DskipTests package (mvn -Pcuda" \
      "-DskipTests package for GPUs), or pass --jar"
  fi
  echo "$(basename "$0"): note: $jar is not built yet (mvn -DskipTests package)" >&2
}

# Works out task CPUs, tasks at once and threads per task; see the top of this file.
plan_threads() {
  [[ "$executor_cores" -ge 1 ]] || die "--executor-cores must be at least 1"
  if [[ -z "$task_cpus" ]]; then
    if [[ "$gpus" -gt 0 ]]; then
      task_cpus=$((executor_cores / gpus))
      [[ "$task_cpus" -ge 1 ]] || die "$executor_cores executor cores cannot serve $gpus" \
        "GPUs, one task each; give --executor-cores at least $gpus"
    else
      task_cpus=1
    fi
  fi
  require_count --task-cpus "$task_cpus"
  [[ "$task_cpus" -ge 1 && "$task_cpus" -le "$executor_cores" ]] \
    || die "--task-cpus $task_cpus must be between 1 and --executor-cores ($executor_cores)"
  tasks_at_once=$((executor_cores / task_cpus))
  if [[ "$gpus" -gt 0 && "$gpus" -lt "$tasks_at_once" ]]; then
    tasks_at_once=$gpus
  fi
  threads_per_task=$((executor_cores / tasks_at_once))
}

# The conf file of the job's arguments is shipped with --files when the driver runs in the
# cluster, and named there by its base name (the driver's working directory holds it).
ship_job_conf() {
  local i file
  for ((i = 1; i < ${#job[@]}; i++)); do
    if [[ "${job[i]}" == --conf && $((i + 1)) -lt ${#job[@]} ]]; then
      file=${job[i + 1]}
      check_job_conf "$file"
      if [[ "$deploy_mode" == cluster ]]; then
        job[i + 1]=$(basename "$file")
      fi
    elif [[ "${job[i]}" == --conf=* ]]; then
      file=${job[i]#--conf=}
      check_job_conf "$file"
      if [[ "$deploy_mode" == cluster ]]; then
        job[i]="--conf=$(basename "$file")"
      fi
    fi
  done
}

check_job_conf() {
  [[ -f "$1" ]] || die "config file $1 does not exist; pass one of conf/*.conf"
  if [[ "$deploy_mode" == cluster ]]; then
    submit_files+=("$(cd "$(dirname "$1")" && pwd)/$(basename "$1")")
  fi
}

# Arguments every manager takes; the manager's own follow in manager_args.
common_args() {
  local executor_heap executor_overhead driver_heap driver_overhead
  executor_heap=$(mebibytes "$executor_memory")
  executor_overhead=$(($(mebibytes "$executor_offheap") + 1024))
  driver_heap=$(mebibytes "$driver_memory")
  driver_overhead=$(($(mebibytes "$driver_offheap") + 1024))

  local log_config="$liouna_root/conf/log4j2.properties"
  if [[ "$deploy_mode" == cluster ]]; then
    submit_files+=("$log_config")
    log_config=log4j2.properties
  fi
  local driver_options=("${liouna_opens[@]}"
    "-Dorg.bytedeco.javacpp.maxbytes=$(mebibytes "$driver_offheap")M"
    "-Dorg.bytedeco.javacpp.maxphysicalbytes=$((driver_heap + driver_overhead))M"
    "-Dlog4j2.configurationFile=$log_config")
  local executor_options=("${liouna_opens[@]}"
    "-Dorg.bytedeco.javacpp.maxbytes=$(mebibytes "$executor_offheap")M"
    "-Dorg.bytedeco.javacpp.maxphysicalbytes=$((executor_heap + executor_overhead))M")

  args+=(--class "$main_class" --name "${app_name:-liouna-${job[0]}}")
  args+=(--deploy-mode "$deploy_mode")
  args+=(--driver-memory "$driver_memory" --driver-cores "$driver_cores")
  args+=(--driver-java-options "${driver_options[*]}")
  args+=(--conf "spark.driver.memoryOverhead=${driver_overhead}m")
  args+=(--conf "spark.executor.memory=$executor_memory")
  args+=(--conf "spark.executor.memoryOverhead=${executor_overhead}m")
  args+=(--conf "spark.executor.cores=$executor_cores")
  args+=(--conf "spark.task.cpus=$task_cpus")
  args+=(--conf "spark.executorEnv.OMP_NUM_THREADS=$threads_per_task")
  args+=(--conf "spark.executor.extraJavaOptions=${executor_options[*]}")
  if [[ "$gpus" -gt 0 ]]; then
    args+=(--conf "spark.executor.resource.gpu.amount=$gpus")
    args+=(--conf "spark.task.resource.gpu.amount=1")
  fi
  if [[ "$hadoop_aws" == 1 ]]; then
    args+=(--packages "org.apache.hadoop:hadoop-aws:$(hadoop_version)")
  fi
}

# Builds the whole command and runs it, or prints it with LIOUNA_DRY_RUN=1 / --dry-run.
submit() {
  resolve_jar
  plan_threads
  ship_job_conf
  args=()
  common_args
  manager_args
  if [[ ${#submit_files[@]} -gt 0 ]]; then
    local joined
    joined=$(IFS=,; echo "${submit_files[*]}")
    args+=(--files "$joined")
  fi
  local setting
  for setting in "${user_conf[@]}"; do
    args+=(--conf "$setting")
  done
  # The driver's ND4J threads: spark-submit's JVM is the driver in client mode.
  local command=(env "OMP_NUM_THREADS=$driver_cores"
    "${SPARK_HOME:+$SPARK_HOME/bin/}spark-submit" --master "$master" "${args[@]}"
    "$jar" "${job[@]}")
  if [[ "$dry_run" == 1 ]]; then
    local line
    printf -v line '%q ' "${command[@]}"
    echo "${line% }"
    return 0
  fi
  echo "$(basename "$0"): ${threads_per_task} thread(s) per task, ${tasks_at_once} task(s)" \
    "at once on each of $executors executor(s)" >&2
  exec "${command[@]}"
}
