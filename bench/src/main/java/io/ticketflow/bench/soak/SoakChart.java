package io.ticketflow.bench.soak;

import io.ticketflow.bench.Harness;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.File;
import java.text.DecimalFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The soak run over time in one PNG, three panels on a shared time axis: end-to-end latency (p50,
 * p99 and max of the inquiries sent in each window), the processor's consumer lag, heap in use.
 */
final class SoakChart {
  private static final Color BLUE = new Color(0x1f77b4);
  private static final Color RED = new Color(0xd62728);
  private static final Color GREY = new Color(0x7f7f7f);
  private static final Color GREEN = new Color(0x2ca02c);
  private static final Color PURPLE = new Color(0x9467bd);

  private SoakChart() {}

  static void write(File png, String title, long[] sentOffsetMillis, long[] latencyMicros, int windowSeconds,
                    List<ResourceSampler.Sample> samples) throws IOException {
    NumberAxis time = new NumberAxis("seconds since the first inquiry was sent");
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
    plot.setGap(12);
    // Logarithmic: start-up backlogs reach seconds, steady state is tens to hundreds of ms.
    LogarithmicAxis ms = new LogarithmicAxis("end-to-end latency, ms (" + windowSeconds + " s windows by send time)");
    ms.setNumberFormatOverride(new DecimalFormat("#,##0"));
    plot.add(panel(ms, latencySeries(sentOffsetMillis, latencyMicros, windowSeconds), BLUE, RED, GREY), 3);
    XYSeries lag = new XYSeries("consumer lag (inquiries not yet committed)");
    XYSeries heap = new XYSeries("heap used, MB (whole JVM)");
    for (ResourceSampler.Sample s : samples) {
      if (s.lag() >= 0) {
        lag.add(s.seconds(), s.lag());
      }
      heap.add(s.seconds(), s.heapUsedMb());
    }
    plot.add(panel(new NumberAxis("lag, records"), List.of(lag), GREEN), 2);
    plot.add(panel(new NumberAxis("heap, MB"), List.of(heap), PURPLE), 2);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(png, chart, 1200, 900);
  }

  private static List<XYSeries> latencySeries(long[] sentOffsetMillis, long[] latencyMicros, int windowSeconds) {
    XYSeries p50 = new XYSeries("p50");
    XYSeries p99 = new XYSeries("p99");
    XYSeries max = new XYSeries("max");
    long windowMillis = windowSeconds * 1000L;
    long last = Arrays.stream(sentOffsetMillis).max().orElse(0);
    List<List<Long>> windows = new ArrayList<>();
    for (long w = 0; w <= last / windowMillis; w++) {
      windows.add(new ArrayList<>());
    }
    for (int i = 0; i < sentOffsetMillis.length; i++) {
      windows.get((int) (sentOffsetMillis[i] / windowMillis)).add(latencyMicros[i]);
    }
    for (int w = 0; w < windows.size(); w++) {
      long[] sorted = windows.get(w).stream().mapToLong(Long::longValue).sorted().toArray();
      if (sorted.length > 0) {
        double x = (w + 0.5) * windowSeconds;
        p50.add(x, Harness.percentile(sorted, 0.50) / 1e3);
        p99.add(x, Harness.percentile(sorted, 0.99) / 1e3);
        max.add(x, sorted[sorted.length - 1] / 1e3);
      }
    }
    return List.of(p50, p99, max);
  }

  private static XYPlot panel(ValueAxis range, List<XYSeries> series, Color... colors) {
    XYSeriesCollection data = new XYSeriesCollection();
    series.forEach(data::addSeries);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < series.size(); i++) {
      renderer.setSeriesPaint(i, colors[i]);
      renderer.setSeriesStroke(i, new BasicStroke(1.5f));
    }
    XYPlot plot = new XYPlot(data, null, range, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    return plot;
  }
}
