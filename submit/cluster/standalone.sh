#!/usr/bin/env bash
# Runs a Liouna-on-Spark command on a Spark standalone cluster:
#
#   submit/cluster/standalone.sh --master spark://HOST:7077 [options] <command> [args ...]
#
# The driver runs here (client mode), so the jar and a --conf file are read from this host.
# See submit/cluster/common.sh for the options, and --help.
#
# GPUs: a standalone worker discovers its own GPUs and hands them to executors; start each
# worker with, in conf/spark-env.sh of its Spark installation,
#   SPARK_WORKER_OPTS="-Dspark.worker.resource.gpu.amount=<GPUs of the host>
#     -Dspark.worker.resource.gpu.discoveryScript=<this project>/submit/gpu-discovery.sh"
# then pass --gpus N here (executors of N GPUs each, one task per GPU).
set -euo pipefail
# shellcheck source=submit/cluster/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

deploy_mode=client

manager_usage() {
  cat <<'EOF_USAGE'

standalone: --master spark://HOST:7077 is required; only client mode is supported (cluster
mode would need the jar and the config file on every worker). For GPUs, the workers need
spark.worker.resource.gpu.* in SPARK_WORKER_OPTS (see the top of this script).
EOF_USAGE
}

manager_args() {
  [[ "$master" == spark://* ]] || die "--master spark://HOST:PORT is required, e.g." \
    "--master spark://spark-master:7077"
  [[ "$deploy_mode" == client ]] || die "standalone: only --deploy-mode client is" \
    "supported; run this script on a host that reaches the master"
  # Standalone has no executor count: the cores of the application are capped instead.
  args+=(--conf "spark.cores.max=$((executors * executor_cores))")
}

parse_options "$@"
submit
