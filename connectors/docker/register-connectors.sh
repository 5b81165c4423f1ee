#!/bin/sh
# One-shot: fills the sink connector templates (the same files the embedded stack uses) from the
# environment and creates each connector on the Connect worker, replacing an existing one.
# Needs only sh, sed and curl (the curl image has them).
set -eu

CONNECT_URL=${CONNECT_URL:-http://connect:8083}
TEMPLATES=${TEMPLATES:-/connectors}

fill() {
  sed -e "s|{{TOPIC_PREFIX}}|${TOPIC_PREFIX}|g" \
      -e "s|{{CONNECTOR_PREFIX}}|${CONNECTOR_PREFIX}|g" \
      -e "s|{{JDBC_URL}}|${JDBC_URL}|g" \
      -e "s|{{JDBC_USER}}|${JDBC_USER}|g" \
      -e "s|{{JDBC_PASSWORD}}|${JDBC_PASSWORD}|g" \
      -e "s|{{SCHEMA_REGISTRY_URL}}|${SCHEMA_REGISTRY_URL}|g" \
      -e "s|{{AVRO_CONVERTER}}|${AVRO_CONVERTER}|g" \
      -e "s|{{BATCH_SIZE}}|${BATCH_SIZE}|g" \
      -e "s|{{REPLICATION_FACTOR}}|${REPLICATION_FACTOR}|g" "$1"
}

until curl -fsS "${CONNECT_URL}/connector-plugins" >/dev/null; do
  echo "waiting for ${CONNECT_URL}"
  sleep 2
done

for template in "${TEMPLATES}"/sink-*.json; do
  body=$(fill "$template")
  if echo "$body" | grep -q '{{'; then
    echo "unfilled placeholder in $template" >&2
    exit 1
  fi
  name=$(echo "$body" | sed -n 's/^  "name": "\(.*\)",$/\1/p')
  curl -fsS -o /dev/null -X DELETE "${CONNECT_URL}/connectors/${name}" || true
  echo "$body" | curl -fsS -X POST -H 'Content-Type: application/json' --data @- \
    "${CONNECT_URL}/connectors" >/dev/null
  echo "created ${name}"
done
