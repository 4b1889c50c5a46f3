"""Liouna-on-Spark as an Airflow DAG: ingest, then pretrain, then probe.

Each task is one spark-submit of the shaded jar's launcher, ai.liouna.jobs.Main:

    <command> --conf <config file> key=value ...

Copy this file into the DAGs folder. It needs apache-airflow-providers-apache-spark and a
Spark connection (default "spark_default") whose host is the cluster's master, e.g.
spark://host:7077, yarn or k8s://https://host:port.

Airflow Variables:
    liouna_home   the project checkout (or unpacked release) on the Airflow workers, holding
                  conf/, submit/ and the shaded jar; default /opt/liouna
    liouna_gpus   GPUs per executor, one task per GPU; 0 (the default) trains on CPUs. GPUs
                  need the jar built with mvn -Pcuda and GPU scheduling on the cluster. Read
                  when the DAG file is parsed: Spark refuses a GPU amount of 0, so the GPU
                  settings are either all there or all absent.
DAG params (set per run in "Trigger DAG w/ config"):
    config        experiment file under conf/
    shards        Parquet shards ingest writes and pretrain/probe read (data.shards)
    output        run directory of pretrain and probe (run.output); probe finds the
                  backbone there
    epochs        pretraining passes (pretrain.epochs)
    executor_cores, executor_memory, executors: the executors' size and count
"""
from __future__ import annotations

import pendulum
from airflow import DAG
from airflow.models import Variable
from airflow.models.param import Param
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

MAIN_CLASS = "ai.liouna.jobs.Main"
HOME = "{{ var.value.get('liouna_home', '/opt/liouna') }}"
SHADED_JAR = "spark-jobs/target/spark-jobs-0.1.0-SNAPSHOT-shaded.jar"
CONFIGS = ["conf/cifar10-ours.conf", "conf/cifar10-pnb.conf", "conf/cifar10-pnbt.conf"]

# Java 17 flags Spark, ND4J and Hadoop need; the same list as submit/jvm-opens.sh.
JVM_OPENS = " ".join(
    "--add-opens=java.base/" + package + "=ALL-UNNAMED"
    for package in [
        "java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net",
        "java.nio", "java.util", "java.util.concurrent", "java.util.concurrent.atomic",
        "jdk.internal.misc", "sun.nio.ch", "sun.nio.cs", "sun.security.action",
        "sun.util.calendar",
    ]
) + " -Djdk.reflect.useDirectMethodHandle=false"
OFFHEAP = " -Dorg.bytedeco.javacpp.maxbytes=8G -Dorg.bytedeco.javacpp.maxphysicalbytes=18G"

GPUS = int(Variable.get("liouna_gpus", default_var="0"))

# One task per GPU, each with cores / GPUs threads (as submit/cluster/common.sh plans them);
# on CPUs one core per task, one thread each.
TASK_CPUS = f"{{{{ params.executor_cores // {GPUS} }}}}" if GPUS > 0 else "1"
SPARK_CONF = {
    "spark.executor.cores": "{{ params.executor_cores }}",
    "spark.executor.memory": "{{ params.executor_memory }}",
    "spark.executor.memoryOverhead": "9g",
    "spark.executor.instances": "{{ params.executors }}",
    "spark.task.cpus": TASK_CPUS,
    "spark.executorEnv.OMP_NUM_THREADS": TASK_CPUS,
    "spark.executor.extraJavaOptions": JVM_OPENS + OFFHEAP,
    "spark.driver.extraJavaOptions": JVM_OPENS + OFFHEAP,
}
if GPUS > 0:
    SPARK_CONF.update({
        "spark.executor.resource.gpu.amount": str(GPUS),
        "spark.task.resource.gpu.amount": "1",
        "spark.executor.resource.gpu.discoveryScript": HOME + "/submit/gpu-discovery.sh",
    })


def liouna_task(command: str, overrides: list[str]) -> SparkSubmitOperator:
    """One launcher command with the run's config file and key=value overrides."""
    return SparkSubmitOperator(
        task_id=command,
        application=HOME + "/" + SHADED_JAR,
        java_class=MAIN_CLASS,
        name="liouna-" + command + "-{{ ds_nodash }}",
        conn_id="spark_default",
        conf=SPARK_CONF,
        packages="org.apache.hadoop:hadoop-aws:3.3.4",
        application_args=[command, "--conf", HOME + "/{{ params.config }}", *overrides],
    )


with DAG(
    dag_id="liouna_pretrain",
    description="Liouna local pretraining on Spark: ingest, pretrain, linear probe",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["liouna", "spark"],
    params={
        "config": Param(CONFIGS[0], type="string", enum=CONFIGS),
        "shards": Param("data/shards/cifar10", type="string"),
        "output": Param("runs/airflow", type="string"),
        "epochs": Param(50, type="integer", minimum=1),
        "executor_cores": Param(4, type="integer", minimum=1),
        "executor_memory": Param("8g", type="string"),
        "executors": Param(2, type="integer", minimum=1),
    },
) as dag:
    ingest = liouna_task("ingest", [
        "data.shards={{ params.shards }}",
    ])
    pretrain = liouna_task("pretrain", [
        "data.shards={{ params.shards }}",
        "run.output={{ params.output }}/{{ ds_nodash }}",
        "pretrain.epochs={{ params.epochs }}",
        # A retried task picks up from the newest checkpoint instead of starting over.
        "pretrain.resume=true",
        "pretrain.checkpointEvery=100",
    ])
    probe = liouna_task("probe", [
        "data.shards={{ params.shards }}",
        "run.output={{ params.output }}/{{ ds_nodash }}",
    ])

    ingest >> pretrain >> probe
