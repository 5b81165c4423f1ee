package io.ticketflow.ops;

/** This build's version as recorded in audit records ({@code dev} when not run from a jar). */
public final class ProcessorVersion {
  private ProcessorVersion() {}

  public static String get() {
    String v = ProcessorVersion.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
