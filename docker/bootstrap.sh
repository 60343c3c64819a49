#!/bin/sh
# One-shot bootstrap of a distributed cell (the compose service `bootstrap`), the steps Warp 10's distributed
# setup does by hand before deploying any component:
#   1. the cell's keys (warp.hash.class, warp.hash.labels, warp.hash.token, warp.hash.app, warp.aes.token, and
#      directory.psk, which signs the requests egress and ingress send to directories), generated once into the
#      shared configuration /etc/continuum/continuum.conf that every component mounts: they MUST be identical
#      in every component and never change once used (reference §2.5);
#   2. a first read and write token, in /etc/continuum/tokens.txt (the Worf step);
#   3. the Kafka topics (kafka-topics.sh --create): data and metadata with CELL_PARTITIONS partitions;
#   4. the Avro schemas in the Schema Registry (subjects <topic>-value, compatibility BACKWARD);
#   5. the HBase table (etc/continuum.hbase): families m and v.
# Every step is idempotent: running it again keeps the keys, tokens, topics, schemas and table that exist.
# Broker, registry and gateway addresses come from the environment (docker/cell.env); CELL_CONF_DIR moves the
# shared configuration elsewhere (tests).
set -eu

CONF_DIR="${CELL_CONF_DIR:-/etc/continuum}"
CONF="$CONF_DIR/continuum.conf"
TOKENS="$CONF_DIR/tokens.txt"
PARTITIONS="${CELL_PARTITIONS:-4}"
REPLICATION="${CELL_REPLICATION_FACTOR:-1}"

# Runs a command until it succeeds, at most 10 times: the services are healthy, but a broker may still be
# electing its controller or the region server opening the meta table.
retry() {
  n=1
  until "$@"; do
    if [ "$n" -ge 10 ]; then
      echo "bootstrap: giving up on: $*" >&2
      return 1
    fi
    echo "bootstrap: retrying in 5 s: $*" >&2
    n=$((n + 1))
    sleep 5
  done
}

if [ -f "$CONF" ]; then
  echo "bootstrap: keeping the cell keys of $CONF"
fi
if [ ! -f "$TOKENS" ]; then
  # The first command to use the configuration directory creates continuum.conf with fresh random keys.
  owner="$(cat /proc/sys/kernel/random/uuid)"
  write_token="$(continuum token --type write --app continuum --owner "$owner" --data-dir "$CONF_DIR")"
  read_token="$(continuum token --type read --app continuum --owner "$owner" --data-dir "$CONF_DIR")"
  umask 077
  printf '# Tokens of this cell (application continuum, owner and producer %s).\nread=%s\nwrite=%s\n' \
    "$owner" "$read_token" "$write_token" > "$TOKENS"
  echo "bootstrap: keys in $CONF, a read and a write token in $TOKENS"
fi
if ! grep -q '^directory\.psk *=' "$CONF"; then
  printf '\n# Signs requests to the directories (Warp 10 directory.psk): the same in directory, egress and ingress.\ndirectory.psk = hex:%s\n' \
    "$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')" >> "$CONF"
  echo "bootstrap: directory.psk added to $CONF"
fi

retry continuum topics create --partitions "$PARTITIONS" --replication-factor "$REPLICATION" --config "$CONF"
retry continuum schemas register --config "$CONF"
retry continuum hbase create-table --config "$CONF"
echo "bootstrap: done"
