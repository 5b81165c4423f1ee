package io.ticketflow.match;

import java.util.List;

/**
 * What one vector space says about an inquiry: the nearest entries by best cosine and by centroid
 * cosine, and each entry's cosine statistics. Exact search ({@link VectorSnapshot}) knows every
 * entry's; approximate search ({@link AnnIndex}) finds the near entries and computes theirs (and
 * any other asked-for entry's) exactly from the entry's vectors.
 */
interface CosineHits {

  /** One entry's cosine statistics in the routed space; {@code vote} as in {@link Signals}. */
  record EntryCosines(double maxCos, double top3Cos, double centroidCos, double vote) {}

  /** The ids of the {@code k} entries with the highest best cosine, best first. */
  List<String> nearestByMaxCos(int k);

  /** The ids of the {@code k} entries with the highest centroid cosine, best first. */
  List<String> nearestByCentroid(int k);

  /** The highest best cosine of any entry, or −1 without entries. */
  double best();

  /** The second-highest best cosine of any entry, or −1 with fewer than two entries. */
  double secondBest();

  /** An entry's statistics, or null when the entry has no wording in this space. */
  EntryCosines of(String faqId);
}
