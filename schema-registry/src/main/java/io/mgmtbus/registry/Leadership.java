package io.mgmtbus.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this instance is the registry's one writer, and the writing itself. Elected through
 * {@link WriterElection}; on election it opens the {@link LogWriter} (fencing any earlier writer)
 * and announces its URL in the log, so the others forward writes to it. Each term has a number:
 * a registration checks that the term it read the log in is still the term it writes in.
 */
final class Leadership implements WriterElection.Outcome, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Leadership.class);

    private final Map<String, Object> kafkaClient;
    private final String topic;
    /** The election's group id, and the writers' transactional id: one name for one job. */
    private final String groupId;

    private volatile String advertisedUrl;
    private final SchemaLog schemaLog;
    private final SchemaState state;

    private LogWriter writer;
    private long term;
    /** Whether the election gave this instance the job (it may still be opening its writer). */
    private volatile boolean chosen;

    private WriterElection election;

    Leadership(Map<String, Object> kafkaClient, String topic, String groupId, SchemaLog schemaLog, SchemaState state) {
        this.kafkaClient = kafkaClient;
        this.topic = topic;
        this.groupId = groupId;
        this.schemaLog = schemaLog;
        this.state = state;
    }

    /**
     * Joins the election, announcing {@code advertisedUrl} when elected; returns when the first
     * round is decided (or after {@code timeout}).
     */
    void join(String advertisedUrl, Duration timeout) throws InterruptedException {
        this.advertisedUrl = advertisedUrl;
        election = new WriterElection(kafkaClient, topic, groupId, this);
        if (!election.awaitFirstRound(timeout)) {
            log.warn("no writer elected within {}s; writes are refused until one is", timeout.toSeconds());
        }
    }

    @Override
    public void elected() {
        chosen = true;
        openWriter();
    }

    private void openWriter() {
        LogWriter opened;
        try {
            opened = new LogWriter(kafkaClient, topic, groupId);
            long offset = opened.append(List.of(LogRecord.writer(advertisedUrl, Instant.now())));
            schemaLog.awaitApplied(offset + 1);
        } catch (RuntimeException e) {
            log.error("elected writer but cannot write to {} (trying again): {}", topic, e.toString());
            reopenLater();
            return;
        }
        synchronized (this) {
            closeWriter();
            if (!chosen) {
                opened.close();
                return;
            }
            writer = opened;
            term++;
        }
        log.info("this instance ({}) is the schema registry writer", advertisedUrl);
    }

    @Override
    public synchronized void deposed() {
        chosen = false;
        closeWriter();
        term++;
    }

    /** The current term when this instance is the writer. */
    synchronized Optional<Long> term() {
        return writer == null ? Optional.empty() : Optional.of(term);
    }

    /**
     * Writes {@code records} if this instance is still the writer of {@code expectedTerm}, and
     * returns the offset of the last.
     *
     * @throws NotTheWriter when it is not (any more)
     */
    synchronized long append(long expectedTerm, List<LogRecord> records) {
        if (writer == null || term != expectedTerm) {
            throw notTheWriter();
        }
        try {
            return writer.append(records);
        } catch (LogWriter.Deposed e) {
            // Fenced: another instance opened the writer; the election will say so to this one soon.
            log.warn("another instance has opened the schema registry writer");
            closeWriter();
            term++;
            if (chosen) {
                // Still the election's choice: the other is a writer whose term is over and that has not
                // noticed yet. Take the writer back; the election settles who keeps it.
                reopenLater();
            }
            throw notTheWriter();
        } catch (RuntimeException e) {
            // The transaction may be unusable now: start a fresh one (a new term) for the next write.
            closeWriter();
            term++;
            reopenLater();
            throw e;
        }
    }

    /** Where writes go: this instance's URL when it is the writer, else the last writer that announced itself. */
    Optional<String> writerUrl() {
        synchronized (this) {
            if (writer != null) {
                return Optional.of(advertisedUrl);
            }
        }
        return Optional.ofNullable(state.writerUrl()).filter(url -> !url.equals(advertisedUrl));
    }

    String advertisedUrl() {
        return advertisedUrl;
    }

    NotTheWriter notTheWriter() {
        return new NotTheWriter(Optional.ofNullable(state.writerUrl()).filter(url -> !url.equals(advertisedUrl)));
    }

    /** Opens the writer again in a moment, unless the job has gone to another instance meanwhile. */
    private void reopenLater() {
        Thread reopen = new Thread(
                () -> {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (chosen) {
                        openWriter();
                    }
                },
                "schema-registry-writer-reopen");
        reopen.setDaemon(true);
        reopen.start();
    }

    private void closeWriter() {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }

    @Override
    public void close() {
        if (election != null) {
            election.close(); // leaves the group (deposed() closes the writer)
        }
        synchronized (this) {
            closeWriter();
        }
    }

    /** This instance may not write: the writer is {@code writer} (empty while none is known). */
    static final class NotTheWriter extends RuntimeException {
        final Optional<String> writer;

        NotTheWriter(Optional<String> writer) {
            super(writer.map(url -> "this instance is not the writer; the writer is " + url)
                    .orElse("no schema registry writer is elected yet"));
            this.writer = writer;
        }
    }
}
