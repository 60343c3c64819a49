#!/bin/sh
# Starts standalone HBase (master, region server and ZooKeeper in one JVM, `hbase master start`) and its REST
# gateway (`hbase rest start`, port 8080). Both log to the container's output. The gateway answers 503 until
# the cluster is up; the compose health check waits for GET /version/cluster to answer 200.
set -eu
mkdir -p /data/hbase /data/zookeeper /data/tmp
hbase rest start &
exec hbase master start
