/**
 * The ticketflow processor, a Kafka Streams application. Its packages follow the data flow:
 * {@code topology} (wiring), {@code validate}, {@code dedupe}, {@code guard}, {@code match},
 * {@code answer}, {@code route}, {@code feedback}, plus {@code config} and {@code ops}.
 */
package io.ticketflow;
