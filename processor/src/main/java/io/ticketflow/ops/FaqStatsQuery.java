package io.ticketflow.ops;

import io.ticketflow.feedback.FaqStatsAggregation;
import io.ticketflow.schema.FaqStats;
import io.ticketflow.topology.Stores;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads a tenant's feedback statistics from the processor's own state stores (Kafka Streams
 * interactive queries): helpfulness per FAQ entry and the questions most often escalated or
 * LLM-answered. The same records go to the compacted {@code faq-stats} topic; this is the view
 * without a consumer. Each instance holds the statistics of the partitions it processes, so with
 * several instances each answers for its own share.
 */
public final class FaqStatsQuery {
  private static final StringSerializer KEYS = new StringSerializer();

  /** One FAQ entry's feedback; {@code updatedAt} in ISO-8601 (UTC). */
  public record Helpfulness(String faqId, long helpful, long unhelpful, long neutral, String updatedAt) {}

  /** A question that was escalated or LLM-answered {@code count} times, in its latest redacted wording. */
  public record Question(String question, long count, String updatedAt) {}

  /** A tenant's statistics: entries by most feedback, questions by most asked, each cut at the limit. */
  public record TenantStats(String tenant, List<Helpfulness> faqs, List<Question> unansweredQuestions) {}

  private final KafkaStreams streams;

  public FaqStatsQuery(KafkaStreams streams) {
    this.streams = streams;
  }

  /**
   * The statistics of {@code tenant}, at most {@code limit} of each kind.
   *
   * @throws InvalidStateStoreException while the stores cannot be read (starting, rebalancing, stopped)
   */
  public TenantStats forTenant(String tenant, int limit) {
    List<Helpfulness> faqs = scan(Stores.FAQ_HELPFULNESS, FaqStatsAggregation.faqKey(tenant, ""), tenant,
        s -> new Helpfulness(s.getFaqId(), s.getHelpful(), s.getUnhelpful(), s.getNeutral(), s.getUpdatedAt().toString()));
    faqs.sort(Comparator.comparingLong((Helpfulness h) -> h.helpful() + h.unhelpful() + h.neutral()).reversed()
        .thenComparing(Helpfulness::faqId));
    List<Question> questions = scan(Stores.UNANSWERED_QUESTIONS, "question/" + tenant + "/", tenant,
        s -> new Question(s.getQuestion(), s.getCount(), s.getUpdatedAt().toString()));
    questions.sort(Comparator.comparingLong(Question::count).reversed().thenComparing(Question::question));
    return new TenantStats(tenant, cut(faqs, limit), cut(questions, limit));
  }

  private <T> List<T> scan(String storeName, String prefix, String tenant, Function<FaqStats, T> row) {
    ReadOnlyKeyValueStore<String, FaqStats> store = streams.store(
        StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.keyValueStore()));
    List<T> rows = new ArrayList<>();
    try (KeyValueIterator<String, FaqStats> it = store.prefixScan(prefix, KEYS)) {
      while (it.hasNext()) {
        KeyValue<String, FaqStats> next = it.next();
        // The key's prefix alone would also take a tenant named "<tenant>/…": the value says whose.
        if (next.value != null && tenant.equals(next.value.getTenantId())) {
          rows.add(row.apply(next.value));
        }
      }
    }
    return rows;
  }

  private static <T> List<T> cut(List<T> rows, int limit) {
    return rows.size() <= limit ? rows : List.copyOf(rows.subList(0, limit));
  }
}
