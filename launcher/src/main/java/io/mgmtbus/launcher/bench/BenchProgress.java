package io.mgmtbus.launcher.bench;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** One progress bar per measurement, on stderr, so stdout keeps only the figures. */
final class BenchProgress {

    private ProgressBar bar;

    void start(String task, long total) {
        done();
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
    }

    void step() {
        bar.step();
    }

    void done() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
