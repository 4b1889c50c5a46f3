#!/usr/bin/env bash
# Runs a Liouna-on-Spark command on Hadoop YARN:
#
#   submit/cluster/yarn.sh [--queue Q] [--deploy-mode cluster] [options] <command> [args ...]
#
# HADOOP_CONF_DIR (or YARN_CONF_DIR) must point at the cluster's configuration. In cluster
# mode the driver runs in the application master's container, and a --conf file travels
# with --files. See submit/cluster/common.sh for the options, and --help.
#
# GPUs: --gpus N asks YARN for N yarn.io/gpu per executor (the NodeManagers need YARN's GPU
# scheduling enabled); each executor runs submit/gpu-discovery.sh, shipped with --files, to
# learn which GPUs it holds.
set -euo pipefail
# shellcheck source=submit/cluster/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

master=yarn
deploy_mode=client
queue=""

manager_usage() {
  cat <<'EOF_USAGE'

yarn:
  --queue NAME              YARN queue (default: the scheduler's default queue)
EOF_USAGE
}

manager_option() {
  case "$1" in
    --queue) require_value "$@"; queue=$2; consumed=2 ;;
  esac
}

manager_args() {
  [[ "$master" == yarn ]] || die "yarn.sh submits to --master yarn only, not '$master'"
  args+=(--num-executors "$executors")
  if [[ -n "$queue" ]]; then
    args+=(--queue "$queue")
  fi
  if [[ "$deploy_mode" == cluster ]]; then
    args+=(--conf "spark.yarn.appMasterEnv.OMP_NUM_THREADS=$driver_cores")
  fi
  if [[ "$gpus" -gt 0 ]]; then
    submit_files+=("$liouna_root/submit/gpu-discovery.sh")
    # YARN localises --files into each container's working directory.
    args+=(--conf "spark.executor.resource.gpu.discoveryScript=./gpu-discovery.sh")
  fi
}

parse_options "$@"
submit
