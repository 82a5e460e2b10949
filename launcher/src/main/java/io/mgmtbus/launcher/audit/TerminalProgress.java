package io.mgmtbus.launcher.audit;

import io.mgmtbus.agent.audit.AuditScan;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr, only when stderr is a terminal: piped or redirected output stays clean. */
public final class TerminalProgress implements AuditScan.Progress, AutoCloseable {

    private final String task;
    private ProgressBar bar;

    public TerminalProgress(String task) {
        this.task = task;
    }

    @Override
    public void started(long records) {
        if (System.console() == null || records <= 0) {
            return;
        }
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(records)
                .setUnit(" records", 1)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
    }

    @Override
    public void read(long records) {
        if (bar != null) {
            bar.stepBy(records);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
