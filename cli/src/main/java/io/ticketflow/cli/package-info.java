/** The {@code ticketflow} command line (picocli): one class per subcommand. */
package io.ticketflow.cli;
