package io.mgmtbus.launcher.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.history.audit.AuditEvent;
import io.mgmtbus.history.audit.AuditFilter;
import io.mgmtbus.history.audit.AuditJson;
import io.mgmtbus.history.audit.AuditScan;
import io.mgmtbus.history.audit.AuditSummary;
import io.mgmtbus.launcher.BusOptions;
import io.mgmtbus.launcher.ExitCodes;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mgmt audit}: the bus's history, read from its topics, filtered, as a table, JSON lines or CSV. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = {
            "Show the bus's event history, read from its topics (no side database).",
            "Filters combine; --action, --requester and --state select requests and show all their events.",
            "The table is a timeline (earliest first); json and csv stream in read order (offset order per partition).",
            "Time ranges seek with offsetsForTimes. A progress bar shows on stderr when stderr is a terminal.",
            "--reqid is looked up in the request index the streams-app keeps: only that request's records are read,",
            "however old; a reqid the index does not know is searched in --since (default: the last "
                    + AuditScan.UNINDEXED_WINDOW_TEXT + ").",
            "Exit codes: 0 done (also when nothing matched), 1 failure, 2 bad usage."
        })
public final class AuditCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format {
        table,
        json,
        csv
    }

    /** How many events a table sorts into a timeline before it prints the rest as read. */
    static final int TIMELINE_LIMIT = 100_000;

    @Mixin
    BusOptions bus;

    @Mixin
    HistoryFilterOptions history;

    @Option(
            names = "--topic",
            split = ",",
            paramLabel = "TOPIC",
            description = "requests, responses, outcomes, cancels, hellos, deadletter (default: all but hellos).")
    List<String> topics;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "table",
            description = "table, json (JSON lines) or csv. Default: ${DEFAULT-VALUE}.")
    Format output;

    @Option(
            names = {"-f", "--follow"},
            description = "Keep showing new events as they arrive, until Ctrl-C.")
    boolean follow;

    @Override
    public Integer call() throws Exception {
        Instant now = Instant.now();
        AuditFilter filter = history.toFilter(AuditFilter.topics(topics), now);
        if (follow && filter.until() != null) {
            throw new IllegalArgumentException("--follow and --until exclude each other");
        }
        BusConfig config = bus.toConfig();
        try (AuditScan scan = new AuditScan(config, new BusTopics(config))
                        .onNotice(notice -> System.err.println("mgmt audit: " + notice));
                Printer printer = new Printer(output, System.out, follow);
                TerminalProgress progress = new TerminalProgress("reading")) {
            if (follow) {
                Runtime.getRuntime().addShutdownHook(new Thread(scan::stop, "audit-stop"));
            }
            if (output == Format.table && !follow) {
                // A table is read by people: a timeline across partitions, earliest first. Beyond
                // TIMELINE_LIMIT events it is printed as read (memory stays bounded; use -o json).
                List<AuditEvent> events = new ArrayList<>();
                boolean[] streaming = {false};
                scan.run(
                        filter,
                        false,
                        event -> {
                            if (streaming[0]) {
                                printer.accept(event);
                                return;
                            }
                            events.add(event);
                            if (events.size() >= TIMELINE_LIMIT) {
                                System.err.println(
                                        "mgmt audit: more than " + TIMELINE_LIMIT
                                                + " events: the rest of the table is in read order (use -o json or narrow the filters)");
                                events.sort(Comparator.comparing(AuditEvent::timestamp));
                                events.forEach(printer);
                                events.clear();
                                streaming[0] = true;
                            }
                        },
                        progress);
                progress.close();
                events.sort(Comparator.comparing(AuditEvent::timestamp));
                events.forEach(printer);
            } else {
                scan.run(filter, follow, printer, progress);
            }
        }
        return ExitCodes.OK;
    }

    /** Writes events in the chosen format; when following, flushes each so a pipe sees it at once. */
    static final class Printer implements Consumer<AuditEvent>, AutoCloseable {

        /**
         * RFC 4180 as commons-csv's default wrote it: quotes only where needed, CRLF between records.
         * The printer's buffer decides when to write (flushed per event only when following), and
         * standard output stays open.
         */
        private static final CsvMapper CSV = CsvMapper.builder()
                .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
                .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .build();

        private static final String[] COLUMNS = {"timestamp", "topic", "partition", "offset", "key", "summary"};

        private static final CsvSchema CSV_COLUMNS = CsvSchema.builder()
                .addColumns(java.util.Arrays.asList(COLUMNS), CsvSchema.ColumnType.STRING)
                .setLineSeparator("\r\n")
                .build();

        private final Format format;
        private final PrintStream out;
        private final SequenceWriter csv;
        private final boolean flushEach;

        Printer(Format format, PrintStream out, boolean flushEach) throws IOException {
            this.format = format;
            this.out = new PrintStream(new BufferedOutputStream(out, 1 << 16), false, StandardCharsets.UTF_8);
            this.flushEach = flushEach;
            this.csv = format == Format.csv ? CSV.writer(CSV_COLUMNS).writeValues(this.out) : null;
            if (csv != null) {
                // The header comes at once, as before any event: an empty history is a header alone.
                csv.write(COLUMNS);
            }
            if (format == Format.table) {
                this.out.printf("%-24s  %-10s  %-9s  %-38s  %s%n", "TIME", "TOPIC", "P@OFFSET", "KEY", "EVENT");
            }
        }

        @Override
        public void accept(AuditEvent event) {
            switch (format) {
                case json -> out.println(AuditJson.line(event));
                case table ->
                    out.printf(
                            "%-24s  %-10s  %-9s  %-38s  %s%n",
                            event.timestamp(),
                            event.topic().label(),
                            event.partition() + "@" + event.offset(),
                            event.key(),
                            AuditSummary.of(event));
                case csv -> {
                    try {
                        csv.write(new Object[] {
                            event.timestamp().toString(),
                            event.topic().label(),
                            event.partition(),
                            event.offset(),
                            event.key(),
                            AuditSummary.of(event)
                        });
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            if (flushEach) {
                flush();
            }
        }

        private void flush() {
            try {
                if (csv != null) {
                    csv.flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
