package io.ticketflow.guard;

/**
 * Checksums and shape checks that turn "looks like a number" into "is a PRC ID / a card number".
 * Written here because they are a few lines each and no small library on the build's classpath
 * offers them (commons-validator would bring a dependency for two functions).
 */
final class PiiChecks {
  private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final char[] ID_CHECK = "10X98765432".toCharArray();

  private PiiChecks() {}

  /** GB 11643-1999: 17 digits, a plausible birth date, and the ISO 7064 MOD 11-2 check character. */
  static boolean isResidentId(String s) {
    if (s.length() != 18) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      sum += (c - '0') * ID_WEIGHTS[i];
    }
    int year = Integer.parseInt(s.substring(6, 10));
    int month = Integer.parseInt(s.substring(10, 12));
    int day = Integer.parseInt(s.substring(12, 14));
    if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1 || day > 31) {
      return false;
    }
    return Character.toUpperCase(s.charAt(17)) == ID_CHECK[sum % 11];
  }

  /** Payment card: 13–19 digits, an issuer prefix (Amex/JCB 3, Visa 4, Mastercard 5, UnionPay/Discover 6), Luhn. */
  static boolean isCardNumber(String digits) {
    int n = digits.length();
    if (n < 13 || n > 19) {
      return false;
    }
    char first = digits.charAt(0);
    if (first < '3' || first > '6') {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < n; i++) {
      int d = digits.charAt(n - 1 - i) - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      if (i % 2 == 1) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
    }
    return sum % 10 == 0;
  }

  /** IPv4 dotted quad with every octet in 0–255 and no leading zeros beyond a single 0. */
  static boolean isIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return false;
      }
      if (Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  /** IPv6 in full or {@code ::}-compressed form (RFC 4291 2.2 forms 1 and 2). */
  static boolean isIpv6(String s) {
    int dc = s.indexOf("::");
    if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) {
      return false;
    }
    String[] groups = s.replace("::", ":x:").split(":", -1);
    int count = 0;
    boolean compressed = dc >= 0;
    for (String g : groups) {
      if (g.equals("x") || (g.isEmpty() && compressed)) {
        continue;
      }
      if (g.isEmpty() || g.length() > 4 || !g.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        return false;
      }
      count++;
    }
    // Without "::" there must be exactly 8 groups. Compressed forms need three groups or one of
    // four hex digits ("fe80::1", "2001:db8::1"), so ratios and times such as "12::30" stay text.
    boolean wideGroup = java.util.Arrays.stream(groups).anyMatch(g -> g.length() == 4);
    return compressed ? count >= 1 && count <= 7 && (count >= 3 || wideGroup) : count == 8;
  }
}
