#!/usr/bin/env bash
# Runs a Liouna-on-Spark command on Kubernetes:
#
#   submit/cluster/kubernetes.sh --master k8s://https://HOST:PORT --image IMAGE
#     [--upload-path s3a://bucket/spark-upload] [options] <command> [args ...]
#
# The image needs Spark 3.5 on Java 17 (e.g. apache/spark:3.5.7-java17); the jar is either in
# it (--jar local:///opt/liouna/spark-jobs-shaded.jar) or uploaded from here to
# --upload-path, as are a --conf file and the logging config. See submit/cluster/common.sh
# for the options, and --help.
#
# GPUs: --gpus N requests N nvidia.com/gpu per executor pod (the NVIDIA device plugin must
# run on the nodes), schedules executors with submit/cluster/k8s-gpu-executor.yaml (GPU node
# tolerations) and runs the discovery script that must be in the image, by default at
# /opt/liouna/gpu-discovery.sh (a copy of submit/gpu-discovery.sh; nvidia-smi is mounted by
# the NVIDIA container runtime).
set -euo pipefail
# shellcheck source=submit/cluster/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

deploy_mode=cluster
image=""
namespace=default
service_account=spark
upload_path=""
pod_template="$liouna_root/submit/cluster/k8s-gpu-executor.yaml"
discovery_script=/opt/liouna/gpu-discovery.sh

manager_usage() {
  cat <<EOF_USAGE

kubernetes: --master k8s://https://HOST:PORT and --image are required.
  --image IMAGE             container image of the driver and executors
  --namespace NAME          namespace (default $namespace)
  --service-account NAME    the driver's service account, allowed to create pods (default
                            $service_account)
  --upload-path URI         where spark-submit uploads local files (jar, config), e.g.
                            s3a://bucket/spark-upload; needed unless --jar is local://
  --pod-template FILE       executor pod template with --gpus (default
                            submit/cluster/k8s-gpu-executor.yaml)
  --discovery-script PATH   GPU discovery script inside the image (default
                            $discovery_script)
EOF_USAGE
}

manager_option() {
  case "$1" in
    --image) require_value "$@"; image=$2; consumed=2 ;;
    --namespace) require_value "$@"; namespace=$2; consumed=2 ;;
    --service-account) require_value "$@"; service_account=$2; consumed=2 ;;
    --upload-path) require_value "$@"; upload_path=$2; consumed=2 ;;
    --pod-template) require_value "$@"; pod_template=$2; consumed=2 ;;
    --discovery-script) require_value "$@"; discovery_script=$2; consumed=2 ;;
  esac
}

manager_args() {
  [[ "$master" == k8s://* ]] || die "--master k8s://https://HOST:PORT is required (kubectl" \
    "cluster-info prints the API server's address)"
  [[ -n "$image" ]] || die "--image is required, e.g. --image apache/spark:3.5.7-java17" \
    "with the jar added, or with --upload-path"
  if [[ "$jar" != local://* && -z "$upload_path" ]]; then
    die "the jar $jar is on this host; pass --upload-path s3a://bucket/path (or hdfs://)" \
      "for spark-submit to upload it, or --jar local:///path/in/the/image.jar"
  fi
  args+=(--num-executors "$executors")
  args+=(--conf "spark.kubernetes.container.image=$image")
  args+=(--conf "spark.kubernetes.namespace=$namespace")
  args+=(--conf "spark.kubernetes.authenticate.driver.serviceAccountName=$service_account")
  args+=(--conf "spark.kubernetes.driverEnv.OMP_NUM_THREADS=$driver_cores")
  if [[ -n "$upload_path" ]]; then
    args+=(--conf "spark.kubernetes.file.upload.path=$upload_path")
  fi
  if [[ "$gpus" -gt 0 ]]; then
    [[ -f "$pod_template" ]] || die "pod template $pod_template does not exist"
    args+=(--conf "spark.executor.resource.gpu.vendor=nvidia.com")
    args+=(--conf "spark.executor.resource.gpu.discoveryScript=$discovery_script")
    args+=(--conf "spark.kubernetes.executor.podTemplateFile=$pod_template")
  fi
}

parse_options "$@"
submit
