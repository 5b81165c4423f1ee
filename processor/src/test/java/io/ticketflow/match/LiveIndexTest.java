package io.ticketflow.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriterConfig;
import org.junit.jupiter.api.Test;

class LiveIndexTest {

  private static final int THREADS = 4;

  /**
   * Searches that start together right after a bulk change all see it. The first search refreshes
   * the searcher, which takes a while for thousands of documents; the others must wait for that
   * refresh instead of searching the searcher from before the change (they once did, and found
   * nothing: the first inquiries after an FAQ load or update, matched on several threads, or the
   * two graph searches of one match, lost their lexical or vector candidates).
   */
  @Test
  void concurrentSearchesAfterAChangeAllSeeIt() throws Exception {
    LiveIndex index = new LiveIndex(new IndexWriterConfig(new StandardAnalyzer()));
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      int expected = 0;
      for (int round = 0; round < 5; round++) {
        for (int i = 0; i < 4_000; i++) {
          String id = "r" + round + "-" + i;
          Document doc = LiveIndex.document(id);
          doc.add(new TextField("text", "how do I get a refund for order " + id, Field.Store.NO));
          index.replace(id, List.of(doc));
        }
        expected += 4_000;
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<Integer>> counts = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          counts.add(pool.submit(() -> {
            start.await();
            return index.search(searcher -> searcher.getIndexReader().numDocs());
          }));
        }
        for (Future<Integer> count : counts) {
          assertThat(count.get()).as("round %d", round).isEqualTo(expected);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
