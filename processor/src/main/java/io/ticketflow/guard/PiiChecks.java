package io.ticketflow.guard;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checksums and shape checks that turn "looks like a number" into "is a PRC ID / a card number".
 * Written here because they are a few lines each and no small library on the build's classpath
 * offers them (commons-validator would bring a dependency for two functions).
 */
final class PiiChecks {
  private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final char[] ID_CHECK = "10X98765432".toCharArray();
  /** A version label that ends where a dotted number starts: "版本 ", "version: ", "v". */
  private static final Pattern VERSION_BEFORE = Pattern.compile(
      "(?:(?i:(?<![a-z])(?:version|ver|build|firmware|release|v))|版本号?|固件)\\s*[:：=]?\\s*(?:号|是|为)?\\s*$");

  private PiiChecks() {}

  /** {@code s} without spaces, dashes and dots; a loop, since {@code replaceAll} compiles a regex per call. */
  static String withoutSeparators(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != ' ' && c != '-' && c != '.') {
        out.append(c);
      }
    }
    return out.toString();
  }

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

  /**
   * Where the card number that starts a card-shaped match ends, or -1. A match can run on into a
   * short group that follows the number (an expiry "12/27", a CVV "123"), so the longest prefix
   * that ends at a group boundary and is a card number wins, not only the whole match.
   */
  static int cardNumberEnd(CharSequence text, int start, int end) {
    StringBuilder digits = new StringBuilder(19);
    int best = -1;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      digits.append(c);
      boolean groupEnds = i + 1 == end || text.charAt(i + 1) < '0' || text.charAt(i + 1) > '9';
      if (groupEnds && isCardNumber(digits)) {
        best = i + 1;
      }
    }
    return best;
  }

  /**
   * Payment card: 13–19 digits, an issuer prefix (Mastercard 2221–2720 and 5, Amex/JCB 3, Visa 4,
   * UnionPay/Discover 6), Luhn.
   */
  static boolean isCardNumber(CharSequence digits) {
    int n = digits.length();
    if (n < 13 || n > 19) {
      return false;
    }
    char first = digits.charAt(0);
    if (first == '2') {
      int bin = Integer.parseInt(digits.subSequence(0, 4).toString());
      if (bin < 2221 || bin > 2720) {
        return false;
      }
    } else if (first < '3' || first > '6') {
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

  /**
   * 8–17 digits in all; after a "00" prefix the country code must be set off and followed by at
   * least 7 digits, since "00386724" (an invoice number) or "00123456789" (an order number) are
   * more often not phones than they are.
   */
  static boolean isInternationalPhone(String s) {
    int digits = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        digits++;
      }
    }
    if (digits < 8 || digits > 17) {
      return false;
    }
    if (s.startsWith("00")) {
      int countryCodeEnd = 2;
      while (s.charAt(countryCodeEnd) >= '0' && s.charAt(countryCodeEnd) <= '9') {
        countryCodeEnd++;
      }
      return digits - countryCodeEnd >= 7;
    }
    return true;
  }

  /** A version label right before {@code start}: "版本 10.2.0.5", "version 8.0.0.1", "v1.2.3.4". */
  static boolean followsVersionWord(CharSequence text, int start) {
    Matcher m = VERSION_BEFORE.matcher(text);
    m.region(Math.max(0, start - 16), start).useTransparentBounds(true);
    return m.find();
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

  /**
   * IPv6 in full or {@code ::}-compressed form, the last 32 bits possibly as a dotted quad
   * (RFC 4291 2.2 forms 1, 2 and 3).
   */
  static boolean isIpv6(String s) {
    int lastColon = s.lastIndexOf(':');
    boolean ipv4Tail = s.indexOf('.', lastColon) >= 0;
    if (ipv4Tail) {
      if (!isIpv4(s.substring(lastColon + 1))) {
        return false;
      }
      // The dotted quad stands for two groups.
      s = s.substring(0, lastColon + 1) + "0:0";
    }
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
    boolean wideGroup = ipv4Tail || java.util.Arrays.stream(groups).anyMatch(g -> g.length() == 4);
    return compressed ? count >= 1 && count <= 7 && (count >= 3 || wideGroup) : count == 8;
  }
}
