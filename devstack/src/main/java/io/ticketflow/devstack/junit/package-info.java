/** JUnit 5 support: the embedded stack started once per test run and handed to tests. */
package io.ticketflow.devstack.junit;
