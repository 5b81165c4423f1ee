package io.ticketflow.match;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;

/**
 * Approximate nearest neighbours over one vector space of one tenant: Lucene's HNSW graph
 * ({@link KnnFloatVectorField}, {@link KnnFloatVectorQuery}) in an in-memory index, one document
 * per wording and one per entry centroid. It only says <em>which</em> entries are near; their
 * cosine statistics are then computed exactly from the entry's own vectors, so a candidate it finds
 * gets the same signals as under exact search.
 *
 * <p>Lucene's {@link IndexWriter} and {@link SearcherManager} are thread-safe and replace an entry's
 * documents atomically ({@code updateDocuments}); the graph is built while documents are added, on
 * the writing thread, so searches never build it.
 */
final class AnnIndex {

  private static final String ID = LiveIndex.ID;
  private static final String ROW = "row";
  private static final String CENTROID = "centroid";
  private static final String ORDINAL = "ordinal";
  /** Lucene's defaults: 16 links per node; a beam of 100 while inserting. */
  private static final int MAX_CONN = 16;
  private static final int BEAM_WIDTH = 100;

  /** One wording found near a query: its entry and its position among the entry's vectors. */
  record Row(String faqId, int ordinal) {}

  /** The nearest wordings and the owners of the nearest centroids of a query, best first. */
  record Nearest(List<Row> rows, List<String> centroidOwners) {}

  private final LiveIndex index;

  AnnIndex() {
    KnnVectorsFormat hnsw = new Lucene99HnswVectorsFormat(MAX_CONN, BEAM_WIDTH);
    IndexWriterConfig config = new IndexWriterConfig()
        .setCodec(new Lucene912Codec() {
          @Override
          public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return hnsw;
          }
        })
        // One segment for a bulk load: every flushed segment has its own graph, searched in turn.
        .setRAMBufferSizeMB(256);
    index = new LiveIndex(config);
  }

  /** Replaces an entry's vectors (unit length) and its centroid. */
  void put(String faqId, float[][] vectors, float[] centroid) {
    List<Document> docs = new ArrayList<>(vectors.length + 1);
    for (int i = 0; i < vectors.length; i++) {
      Document doc = doc(faqId, ROW, vectors[i]);
      doc.add(new NumericDocValuesField(ORDINAL, i));
      docs.add(doc);
    }
    docs.add(doc(faqId, CENTROID, centroid));
    index.replace(faqId, docs);
  }

  void remove(String faqId) {
    index.remove(faqId);
  }

  /** The owners of the {@code rows} nearest wordings and of the {@code centroids} nearest centroids. */
  Nearest search(float[] query, int rows, int centroids) {
    return index.search(searcher -> {
      // Two independent graph searches: the centroids' runs on another core meanwhile.
      EarlyStart<List<Row>> nearCentroids = EarlyStart.offer(() -> {
        try {
          return hits(searcher, new KnnFloatVectorQuery(CENTROID, query, centroids), centroids);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, EarlyStart.LOOKAHEAD);
      List<Row> near = new ArrayList<>(rows);
      near.addAll(hits(searcher, new KnnFloatVectorQuery(ROW, query, rows), rows));
      List<String> owners = new ArrayList<>(centroids);
      for (Row r : nearCentroids.join()) {
        owners.add(r.faqId());
      }
      return new Nearest(near, owners);
    });
  }

  private static List<Row> hits(IndexSearcher searcher, KnnFloatVectorQuery query, int k)
      throws IOException {
    ScoreDoc[] hits = searcher.search(query, k).scoreDocs;
    // Doc values iterate forward only: read the hits in doc-id order, one iterator per leaf (a fresh
    // iterator per hit slices the in-memory file each time: over half of a match's garbage on a
    // 10,000-entry FAQ), then return them best first as the query did.
    Integer[] byDoc = new Integer[hits.length];
    for (int i = 0; i < hits.length; i++) {
      byDoc[i] = i;
    }
    Arrays.sort(byDoc, Comparator.comparingInt((Integer i) -> hits[i].doc));
    Row[] rows = new Row[hits.length];
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    int leafIndex = -1;
    SortedDocValues ids = null;
    NumericDocValues ordinals = null;
    for (int i : byDoc) {
      int leaf = ReaderUtil.subIndex(hits[i].doc, leaves);
      if (leaf != leafIndex) {
        leafIndex = leaf;
        ids = leaves.get(leaf).reader().getSortedDocValues(ID);
        ordinals = leaves.get(leaf).reader().getNumericDocValues(ORDINAL);
      }
      int doc = hits[i].doc - leaves.get(leaf).docBase;
      if (ids != null && ids.advanceExact(doc)) {
        int ordinal = ordinals != null && ordinals.advanceExact(doc) ? (int) ordinals.longValue() : -1;
        rows[i] = new Row(ids.lookupOrd(ids.ordValue()).utf8ToString(), ordinal);
      }
    }
    List<Row> out = new ArrayList<>(hits.length);
    for (Row r : rows) {
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  private static Document doc(String faqId, String field, float[] vector) {
    Document doc = LiveIndex.document(faqId);
    doc.add(new KnnFloatVectorField(field, vector, VectorSimilarityFunction.DOT_PRODUCT));
    return doc;
  }
}
