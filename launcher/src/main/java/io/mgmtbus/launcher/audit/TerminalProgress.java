package io.mgmtbus.launcher.audit;

import io.mgmtbus.topics.ReadProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr, only when stderr is a terminal: piped or redirected output never gets one. */
public final class TerminalProgress implements ReadProgress, AutoCloseable {

    private String task;
    private ProgressBar bar;

    public TerminalProgress(String task) {
        this.task = task;
    }

    /** Starts a bar for {@code task}, closing the one before: one bar per measurement of a benchmark. */
    public void start(String task, long records) {
        this.task = task;
        started(records);
    }

    @Override
    public void started(long records) {
        close(); // a command that reads several topics gets one bar per read
        if (!stderrIsTerminal() || records <= 0) {
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

    /**
     * Whether stderr is a terminal, whatever stdout is (so {@code mgmt audit > file} still shows
     * progress). Java 17 only says whether stdin and stdout are; on Linux /proc tells about stderr.
     */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
