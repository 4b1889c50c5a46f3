#!/usr/bin/env bash
# Spark GPU discovery script: prints this host's GPUs as Spark's resource JSON,
#
#   {"name":"gpu","addresses":["0","1"]}
#
# with nvidia-smi's device indices as addresses; ai.liouna.jobs.TaskDevice turns the address
# Spark gives a task into the CUDA device its backbone runs on. Point
# spark.{worker,executor,driver}.resource.gpu.discoveryScript at this file (the wrappers in
# submit/cluster/ do for YARN and Kubernetes; a standalone worker needs it in its own
# SPARK_WORKER_OPTS, see submit/cluster/standalone.sh).
#
# LIOUNA_GPU_ADDRESSES (e.g. "0,1", or "" for none) replaces the nvidia-smi query: for tests
# with fake GPUs, and for hosts where nvidia-smi is not on the PATH.
set -euo pipefail

if [[ -n "${LIOUNA_GPU_ADDRESSES+set}" ]]; then
  addresses=$LIOUNA_GPU_ADDRESSES
else
  if ! command -v nvidia-smi >/dev/null 2>&1; then
    echo "gpu-discovery.sh: nvidia-smi is not on the PATH; install the NVIDIA driver's tools" \
      "or set LIOUNA_GPU_ADDRESSES to the GPU indices, e.g. LIOUNA_GPU_ADDRESSES=0,1" >&2
    exit 1
  fi
  addresses=$(nvidia-smi --query-gpu=index --format=csv,noheader | tr -d ' ' | paste -sd, -)
fi

json=""
IFS=',' read -ra list <<< "$addresses"
for address in "${list[@]}"; do
  address=${address//[[:space:]]/}
  [[ -z "$address" ]] && continue
  if [[ ! "$address" =~ ^[A-Za-z0-9._:-]+$ ]]; then
    echo "gpu-discovery.sh: GPU address '$address' has characters other than letters," \
      "digits and . _ : -; list indices such as 0,1" >&2
    exit 1
  fi
  json+="${json:+,}\"$address\""
done
printf '{"name":"gpu","addresses":[%s]}\n' "$json"
