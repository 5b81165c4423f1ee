package io.ticketflow.match;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * An in-memory Lucene index of FAQ entries' documents, replaced and removed per entry id, shared by
 * the lexical and the approximate-vector index. {@link IndexWriter} and {@link SearcherManager}
 * are thread-safe; the searcher is refreshed by the first search after a change, so writers never
 * wait for readers. Searches that arrive during that refresh wait for it: every search sees every
 * change made before it started.
 */
final class LiveIndex {
  /** The entry id field: indexed for replacing, doc values for reading it back from a hit. */
  static final String ID = "id";

  /** A search against one point-in-time searcher. */
  @FunctionalInterface
  interface Search<T> {
    T run(IndexSearcher searcher) throws IOException;
  }

  private final IndexWriter writer;
  private final SearcherManager searchers;
  /** Changes made so far; counted once the writer holds them. */
  private final AtomicLong changes = new AtomicLong();
  /** The current searcher sees every change up to this count. */
  private volatile long searchable;

  LiveIndex(IndexWriterConfig config) {
    try {
      writer = new IndexWriter(new ByteBuffersDirectory(), config);
      searchers = new SearcherManager(writer, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new document of entry {@code faqId}, with the id fields set. */
  static Document document(String faqId) {
    Document doc = new Document();
    doc.add(new StringField(ID, faqId, Field.Store.NO));
    doc.add(new SortedDocValuesField(ID, new BytesRef(faqId)));
    return doc;
  }

  /** Replaces entry {@code faqId}'s documents (none removes them). */
  void replace(String faqId, List<Document> docs) {
    try {
      writer.updateDocuments(new Term(ID, faqId), docs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    changes.incrementAndGet();
  }

  void remove(String faqId) {
    try {
      writer.deleteDocuments(new Term(ID, faqId));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    changes.incrementAndGet();
  }

  /** Runs {@code search} on a searcher that sees every change made before this call. */
  <T> T search(Search<T> search) {
    try {
      long wanted = changes.get();
      if (searchable < wanted) {
        refreshThrough(wanted);
      }
      IndexSearcher searcher = searchers.acquire();
      try {
        return search.run(searcher);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Refreshes the searcher unless another search has refreshed past {@code wanted} meanwhile. One
   * refresh at a time: a search that found a refresh under way waits for it rather than searching
   * the searcher from before the change.
   */
  private synchronized void refreshThrough(long wanted) throws IOException {
    if (searchable < wanted) {
      // Read before refreshing: the writer already holds every change counted so far.
      long now = changes.get();
      searchers.maybeRefreshBlocking();
      searchable = now;
    }
  }
}
