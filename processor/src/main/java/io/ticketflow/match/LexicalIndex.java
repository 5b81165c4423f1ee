package io.ticketflow.match;

import io.ticketflow.match.ScriptDetector.Script;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.QueryBuilder;

/**
 * One tenant's FAQ wordings in an in-memory Lucene index, ranked by BM25 (Lucene's default).
 * Every wording is its own document (so an entry scores by its best wording, like a nearest
 * neighbour), analyzed twice: Chinese with {@link SmartChineseAnalyzer} (word segmentation), the
 * rest with {@link EnglishAnalyzer} (stop words, Porter stemming). The query's script picks the
 * field. Kept in a {@link LiveIndex}: writers never wait for readers.
 */
final class LexicalIndex {

  private static final String ID = LiveIndex.ID;
  private static final String ZH = "zh";
  private static final String EN = "en";
  private static final int MAX_HITS = 100;

  private final Analyzer analyzer = new PerFieldAnalyzerWrapper(new EnglishAnalyzer(),
      Map.of(ZH, new SmartChineseAnalyzer()));
  private final QueryBuilder queries = new QueryBuilder(analyzer);
  private final LiveIndex index = new LiveIndex(new IndexWriterConfig(analyzer));

  /** Replaces an entry's wordings (none removes it). */
  void put(String faqId, List<String> texts) {
    List<Document> docs = new ArrayList<>(texts.size());
    for (String text : texts) {
      Document doc = LiveIndex.document(faqId);
      doc.add(new TextField(ZH, text, Field.Store.NO));
      doc.add(new TextField(EN, text, Field.Store.NO));
      docs.add(doc);
    }
    index.replace(faqId, docs);
  }

  void remove(String faqId) {
    index.remove(faqId);
  }

  /** The best BM25 score of each entry that shares a term with the (normalized) query. */
  Map<String, Double> search(String text, Script script) {
    Query query = queries.createBooleanQuery(script == Script.HAN ? ZH : EN, text);
    if (query == null) {
      return Map.of();
    }
    return index.search(searcher -> {
      ScoreDoc[] hits = searcher.search(query, MAX_HITS).scoreDocs;
      // Doc values are read forward only: visit the hits in doc-id order, leaf by leaf.
      Arrays.sort(hits, Comparator.comparingInt((ScoreDoc h) -> h.doc));
      Map<String, Double> best = new HashMap<>();
      List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
      int leafIndex = -1;
      SortedDocValues ids = null;
      for (ScoreDoc hit : hits) {
        int leaf = ReaderUtil.subIndex(hit.doc, leaves);
        if (leaf != leafIndex) {
          leafIndex = leaf;
          ids = leaves.get(leaf).reader().getSortedDocValues(ID);
        }
        if (ids != null && ids.advanceExact(hit.doc - leaves.get(leaf).docBase)) {
          best.merge(ids.lookupOrd(ids.ordValue()).utf8ToString(), (double) hit.score, Math::max);
        }
      }
      return best;
    });
  }
}
