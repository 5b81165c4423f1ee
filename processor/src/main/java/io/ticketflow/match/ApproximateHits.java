package io.ticketflow.match;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link CosineHits} from an {@link AnnIndex} look-up: the entries owning the nearest wordings and
 * centroids are the near entries; every statistic is computed exactly from the entry's vectors
 * (the same arithmetic as {@link VectorSnapshot}), so only the choice of entries is approximate.
 */
final class ApproximateHits implements CosineHits {

  private record ScoredRow(String faqId, double cos) {}

  private final float[] query;
  private final Map<String, VectorIndex.EntryVectors> entries;
  private final Map<String, Double> votes = new HashMap<>();
  private final Map<String, EntryCosines> computed = new HashMap<>();
  private final List<String> byMaxCos;
  private final List<String> byCentroid;
  private final double best;
  private final double secondBest;

  ApproximateHits(float[] query, AnnIndex.Nearest nearest, Map<String, VectorIndex.EntryVectors> entries) {
    this.query = query;
    this.entries = entries;
    // The vote re-ranks the fetched wordings by the exact cosine, as the exact scan would.
    List<ScoredRow> rows = new ArrayList<>(nearest.rows().size());
    Set<String> near = new LinkedHashSet<>();
    for (AnnIndex.Row r : nearest.rows()) {
      VectorIndex.EntryVectors e = entries.get(r.faqId());
      if (e != null && r.ordinal() >= 0 && r.ordinal() < e.vectors().length) {
        rows.add(new ScoredRow(r.faqId(), VectorMath.dot(query, e.vectors()[r.ordinal()], 0)));
      }
      near.add(r.faqId());
    }
    rows.sort(Comparator.comparingDouble(ScoredRow::cos).reversed());
    for (int i = 0; i < Math.min(VectorSnapshot.VOTERS, rows.size()); i++) {
      votes.merge(rows.get(i).faqId(), 1.0 / VectorSnapshot.VOTERS, Double::sum); // as VectorSnapshot's
    }
    near.addAll(nearest.centroidOwners());
    List<String> found = new ArrayList<>(near.size());
    for (String id : near) {
      if (of(id) != null) {
        found.add(id);
      }
    }
    byMaxCos = sorted(found, Comparator.comparingDouble((String id) -> of(id).maxCos()));
    byCentroid = sorted(found, Comparator.comparingDouble((String id) -> of(id).centroidCos()));
    best = byMaxCos.isEmpty() ? -1 : of(byMaxCos.get(0)).maxCos();
    secondBest = byMaxCos.size() < 2 ? -1 : of(byMaxCos.get(1)).maxCos();
  }

  @Override
  public List<String> nearestByMaxCos(int k) {
    return byMaxCos.subList(0, Math.min(k, byMaxCos.size()));
  }

  @Override
  public List<String> nearestByCentroid(int k) {
    return byCentroid.subList(0, Math.min(k, byCentroid.size()));
  }

  @Override
  public double best() {
    return best;
  }

  @Override
  public double secondBest() {
    return secondBest;
  }

  @Override
  public EntryCosines of(String faqId) {
    EntryCosines c = computed.get(faqId);
    if (c == null && !computed.containsKey(faqId)) {
      VectorIndex.EntryVectors e = entries.get(faqId);
      c = e == null ? null : cosines(e, votes.getOrDefault(faqId, 0.0));
      computed.put(faqId, c);
    }
    return c;
  }

  private EntryCosines cosines(VectorIndex.EntryVectors e, double vote) {
    double best1 = -1;
    double second = -1;
    double third = -1;
    for (float[] v : e.vectors()) {
      double c = VectorMath.dot(query, v, 0);
      if (c > best1) {
        third = second;
        second = best1;
        best1 = c;
      } else if (c > second) {
        third = second;
        second = c;
      } else if (c > third) {
        third = c;
      }
    }
    return new EntryCosines(best1, VectorMath.top3(best1, second, third),
        VectorMath.dot(query, e.centroid(), 0), vote);
  }

  private static List<String> sorted(List<String> ids, Comparator<String> ascending) {
    List<String> out = new ArrayList<>(ids);
    out.sort(ascending.reversed().thenComparing(Comparator.naturalOrder()));
    return List.copyOf(out);
  }
}
