package io.ticketflow.match;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.SingleInstanceLockFactory;
import org.apache.lucene.util.BytesRef;

/**
 * An in-memory Lucene index of FAQ entries' documents, replaced and removed per entry id, shared by
 * the lexical and the approximate-vector index. {@link IndexWriter} and {@link SearcherManager}
 * are thread-safe; the searcher is refreshed by the first search after a change, so writers never
 * wait for readers.
 */
final class LiveIndex {
  /** The entry id field: indexed for replacing, doc values for reading it back from a hit. */
  static final String ID = "id";
  /** Files up to this size are read back from one array (a Java array holds at most 2 GiB). */
  static final long ONE_BUFFER_MAX_BYTES = 1L << 30;

  /** A search against one point-in-time searcher. */
  @FunctionalInterface
  interface Search<T> {
    T run(IndexSearcher searcher) throws IOException;
  }

  private final IndexWriter writer;
  private final SearcherManager searchers;
  private volatile boolean stale;

  LiveIndex(IndexWriterConfig config) {
    try {
      Directory directory = new ByteBuffersDirectory(new SingleInstanceLockFactory(),
          ByteBuffersDataOutput::new, LiveIndex::readBack);
      writer = new IndexWriter(directory, config);
      searchers = new SearcherManager(writer, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A written file as one buffer, up to {@link #ONE_BUFFER_MAX_BYTES}. Lucene clones or slices an
   * input for every term of a query and every vector search, and each copy duplicates every buffer
   * of the file; written the default way, in growing blocks, a file is up to a hundred buffers,
   * which made those copies most of an inquiry's garbage. The bytes, and so the results, are the same.
   */
  private static IndexInput readBack(String name, ByteBuffersDataOutput written) {
    return written.size() <= ONE_BUFFER_MAX_BYTES
        ? ByteBuffersDirectory.OUTPUT_AS_ONE_BUFFER.apply(name, written)
        : ByteBuffersDirectory.OUTPUT_AS_MANY_BUFFERS.apply(name, written);
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
    stale = true;
  }

  void remove(String faqId) {
    try {
      writer.deleteDocuments(new Term(ID, faqId));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    stale = true;
  }

  /** Runs {@code search} on a searcher that sees every change made before this call. */
  <T> T search(Search<T> search) {
    try {
      if (stale) {
        stale = false;
        searchers.maybeRefreshBlocking();
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
}
