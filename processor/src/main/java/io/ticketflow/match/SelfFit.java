package io.ticketflow.match;

import io.ticketflow.match.EvalFiles.LabelledQuery;
import io.ticketflow.schema.FaqEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Labelled inquiries made from an FAQ's own wordings, for a company that has an FAQ but no
 * labelled traffic yet ({@code ticketflow calibrate --queries self}). The wordings are split into
 * folds; each fold's wordings are asked of a copy of the FAQ without them, labelled with the entry
 * they were taken from. A wording is never asked of an FAQ that still holds it, and every entry
 * keeps at least one wording in every copy, so each pseudo-inquiry has its right answer to find.
 *
 * <p>Such inquiries resemble the FAQ's wordings more than real traffic does and there are no
 * out-of-scope ones among them: combine them with labelled inquiries where there are any.
 */
public final class SelfFit {

  public static final int DEFAULT_FOLDS = 5;

  /** One copy of the FAQ without some wordings, and those wordings as inquiries. */
  public record Fold(List<FaqEntry> entries, List<LabelledQuery> queries) {}

  private SelfFit() {}

  /**
   * Wording {@code j} of entry {@code i} (the question is wording 0; wordings equal after
   * normalization count once) goes to fold
   * {@code (i + j) mod folds}, which spreads every entry's wordings over the folds. An entry with
   * a single wording is never asked: without it, the entry would be empty.
   *
   * @param tenantPrefix the copies' tenant ids are {@code tenantPrefix + "#" + fold}
   */
  public static List<Fold> folds(List<FaqEntry> entries, int folds, String tenantPrefix) {
    if (folds < 2) {
      throw new IllegalArgumentException("self-fitting needs at least 2 folds, got " + folds);
    }
    List<List<FaqEntry>> kept = new ArrayList<>();
    List<List<LabelledQuery>> asked = new ArrayList<>();
    for (int f = 0; f < folds; f++) {
      kept.add(new ArrayList<>());
      asked.add(new ArrayList<>());
    }
    int position = 0;
    for (int i = 0; i < entries.size(); i++) {
      FaqEntry entry = entries.get(i);
      // As the matchers index them: a held-out wording whose twin (equal after normalization)
      // stayed in the copy would be an exact hit, which teaches the fit nothing.
      List<String> wordings = new ArrayList<>(IndexedEntry.distinctWordings(entry).values());
      if (wordings.isEmpty()) {
        wordings.add(entry.getQuestion());
      }
      for (int f = 0; f < folds; f++) {
        List<String> left = new ArrayList<>();
        for (int j = 0; j < wordings.size(); j++) {
          boolean heldOut = wordings.size() > 1 && (i + j) % folds == f;
          if (heldOut) {
            // 1-based, like a file line: RankerFit's cross-validation splits by this position.
            asked.get(f).add(new LabelledQuery(wordings.get(j), entry.getId(), position + j + 1));
          } else {
            left.add(wordings.get(j));
          }
        }
        kept.get(f).add(FaqEntry.newBuilder(entry)
            .setTenantId(tenantPrefix + "#" + f)
            .setQuestion(left.get(0))
            .setAlternates(new ArrayList<>(left.subList(1, left.size())))
            .build());
      }
      position += wordings.size();
    }
    List<Fold> out = new ArrayList<>();
    for (int f = 0; f < folds; f++) {
      if (!asked.get(f).isEmpty()) {
        out.add(new Fold(List.copyOf(kept.get(f)), List.copyOf(asked.get(f))));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("self-fitting needs FAQ entries with at least two wordings "
          + "(a question and an alternate); none has");
    }
    return out;
  }
}
