package io.ticketflow.guard;

/** Kinds of personal data the redactor removes, each with its placeholder. */
public enum PiiKind {
  EMAIL("[EMAIL]"),
  ID_NUMBER("[ID_NUMBER]"),
  BANK_CARD("[BANK_CARD]"),
  PHONE("[PHONE]"),
  IP_ADDRESS("[IP]");

  private final String placeholder;

  PiiKind(String placeholder) {
    this.placeholder = placeholder;
  }

  public String placeholder() {
    return placeholder;
  }
}
