package io.mgmtbus.harness.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The latency distributions of a bench run as cumulative curves (latency on a log axis), written as a PNG. */
final class LatencyChart {

    private LatencyChart() {}

    static void write(List<Latencies> measurements, Path file) throws IOException {
        XYSeriesCollection curves = new XYSeriesCollection();
        for (Latencies latencies : measurements) {
            XYSeries curve = new XYSeries(latencies.name());
            for (HistogramIterationValue v : latencies.histogram().recordedValues()) {
                curve.add(v.getValueIteratedTo() / 1000.0, v.getPercentile());
            }
            curves.addSeries(curve);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(
                "mgmt bench: latency CDF",
                "latency (ms)",
                "percentile",
                curves,
                PlotOrientation.VERTICAL,
                true,
                false,
                false);
        LogarithmicAxis axis = new LogarithmicAxis("latency (ms, log scale)");
        axis.setAllowNegativesFlag(false);
        chart.getXYPlot().setDomainAxis(axis);
        chart.getXYPlot().getRangeAxis().setRange(0, 100);
        chart.getXYPlot().setBackgroundPaint(Color.WHITE);
        chart.getXYPlot().setDomainGridlinePaint(Color.LIGHT_GRAY);
        chart.getXYPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, 600);
    }
}
