/**
 * Operations: metrics ({@link io.ticketflow.ops.PipelineMetrics}), topic provisioning, the
 * start-up checks that fail fast when the broker or the registry cannot be reached, and the ops
 * server ({@link io.ticketflow.ops.OpsServer}: Prometheus metrics, liveness and readiness, and the
 * web console fed by {@link io.ticketflow.ops.OutcomeFeed}).
 */
package io.ticketflow.ops;
