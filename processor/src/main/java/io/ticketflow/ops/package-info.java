/**
 * Operations: metrics ({@link io.ticketflow.ops.PipelineMetrics}), topic provisioning and the
 * start-up checks that fail fast when the broker or the registry cannot be reached.
 */
package io.ticketflow.ops;
