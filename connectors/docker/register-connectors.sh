#!/bin/sh
# One-shot: fills the sink connector templates (the same files the embedded stack uses) from the
# environment and creates each connector on the Connect worker, replacing an existing one.
# Needs only sh, sed and curl (the curl image has them).
#
# The database password is not among the values: connectors get a reference to it, by default
# ${env:TICKETFLOW_JDBC_PASSWORD}, which the worker resolves from its own environment when a task
# starts (the worker needs the env config provider, as docker-compose.yml sets it up). So the
# password is never in a connector's configuration, the REST API's answers or the config topic.
set -eu

CONNECT_URL=${CONNECT_URL:-http://connect:8083}
TEMPLATES=${TEMPLATES:-/connectors}
DEFAULT_PASSWORD_REFERENCE='${env:TICKETFLOW_JDBC_PASSWORD}'
JDBC_PASSWORD_REFERENCE=${JDBC_PASSWORD_REFERENCE:-$DEFAULT_PASSWORD_REFERENCE}

# A PostgreSQL URL gets logServerErrorDetail=false unless it sets it (as SinkSettings does for the
# embedded stack): otherwise a row the database refuses puts its values, customers' texts
# included, into the failed task's trace (REST API) and the worker's log.
case "$JDBC_URL" in
  jdbc:postgresql:*[lL]og[sS]erver[eE]rror[dD]etail=*) ;;
  jdbc:postgresql:*\?*) JDBC_URL="${JDBC_URL}&logServerErrorDetail=false" ;;
  jdbc:postgresql:*) JDBC_URL="${JDBC_URL}?logServerErrorDetail=false" ;;
esac

# A value as the replacement of a sed s||| command inside a JSON string: JSON escapes for
# backslash and double quote first, then sed's own for backslash, '&' and the '|' delimiter.
value() {
  printf '%s' "$1" | sed -e 's/[\\"]/\\&/g' -e 's/[\\&|]/\\&/g'
}

fill() {
  sed -e "s|{{TOPIC_PREFIX}}|$(value "$TOPIC_PREFIX")|g" \
      -e "s|{{CONNECTOR_PREFIX}}|$(value "$CONNECTOR_PREFIX")|g" \
      -e "s|{{JDBC_URL}}|$(value "$JDBC_URL")|g" \
      -e "s|{{JDBC_USER}}|$(value "$JDBC_USER")|g" \
      -e "s|{{JDBC_PASSWORD_REFERENCE}}|$(value "$JDBC_PASSWORD_REFERENCE")|g" \
      -e "s|{{SCHEMA_REGISTRY_URL}}|$(value "$SCHEMA_REGISTRY_URL")|g" \
      -e "s|{{AVRO_CONVERTER}}|$(value "$AVRO_CONVERTER")|g" \
      -e "s|{{BATCH_SIZE}}|$(value "$BATCH_SIZE")|g" \
      -e "s|{{REPLICATION_FACTOR}}|$(value "$REPLICATION_FACTOR")|g" "$1"
}

until curl -fsS "${CONNECT_URL}/connector-plugins" >/dev/null; do
  echo "waiting for ${CONNECT_URL}"
  sleep 2
done

# printf, not echo: some shells' echo turns the JSON's backslash escapes into characters.
for template in "${TEMPLATES}"/sink-*.json; do
  body=$(fill "$template")
  if printf '%s\n' "$body" | grep -q '{{'; then
    echo "unfilled placeholder in $template" >&2
    exit 1
  fi
  name=$(printf '%s\n' "$body" | sed -n 's/^  "name": "\(.*\)",$/\1/p')
  curl -fsS -o /dev/null -X DELETE "${CONNECT_URL}/connectors/${name}" || true
  if ! answer=$(printf '%s\n' "$body" | curl -sS --fail-with-body -X POST \
      -H 'Content-Type: application/json' --data @- "${CONNECT_URL}/connectors"); then
    echo "cannot create ${name}: ${answer}" >&2
    exit 1
  fi
  echo "created ${name}"
done
