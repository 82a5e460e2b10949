package io.mgmtbus.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this instance is the registry's one writer, and the writing itself. Chosen by
 * {@link WriterElection}, it opens the {@link LogWriter} (which fences any earlier writer) and
 * announces its URL in the log; the others forward writes to the latest announcement (a fenced
 * writer cannot commit one). An old writer that lost but has not noticed yet (a long pause) may
 * still open a writer and fence the new one; the new one sees that announcement, and, still the
 * election's choice, opens again. The old one stops trying as soon as its election tells it it
 * lost (at its next poll), so the two settle within a second or two.
 *
 * <p>Each writer this instance opens gets a new term number: a registration checks that the term
 * it read the log in is still the term it writes in. Writers are opened on one thread of their own,
 * never on the election's (which must keep polling) nor on a request's.
 */
final class Leadership implements WriterElection.Outcome, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Leadership.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final Map<String, Object> kafkaClient;
    private final String topic;
    /** The election's group id, and the writers' transactional id: one name for one job. */
    private final String groupId;

    private final SchemaLog schemaLog;
    private final SchemaState state;
    private final ScheduledExecutorService opener = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "schema-registry-writer-opener");
        thread.setDaemon(true);
        return thread;
    });

    private volatile String advertisedUrl;
    /** Whether the election gave this instance the job, and in which generation. */
    private volatile boolean chosen;

    private volatile int generation = -1;
    private volatile boolean closed;
    /** Openings failed in a row (opener thread only). */
    private int failedOpens;

    private WriterElection election;

    private LogWriter writer; // guarded by this
    private long term; // guarded by this

    Leadership(Map<String, Object> kafkaClient, String topic, String groupId, SchemaLog schemaLog, SchemaState state) {
        this.kafkaClient = kafkaClient;
        this.topic = topic;
        this.groupId = groupId;
        this.schemaLog = schemaLog;
        this.state = state;
    }

    /**
     * Joins the election, announcing {@code advertisedUrl} when elected; returns when this instance
     * knows who writes (itself, with its writer open, or another), or after {@code timeout}.
     */
    void join(String advertisedUrl, Duration timeout) throws InterruptedException {
        this.advertisedUrl = advertisedUrl;
        state.onWriterAnnounced(this::announced);
        election = WriterElection.join(kafkaClient, topic, groupId, this);
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean decided = election.awaitFirstRound(timeout);
        while (decided && chosen && term().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (!decided) {
            log.warn("no writer elected within {}s; writes wait for one", timeout.toSeconds());
        } else if (chosen && term().isEmpty()) {
            log.warn("elected writer but no writer open after {}s; writes wait until it is", timeout.toSeconds());
        }
    }

    @Override
    public void elected(int generation) {
        this.generation = generation;
        chosen = true;
        try {
            opener.execute(this::open);
        } catch (RejectedExecutionException closing) {
            // close() shut the opener down meanwhile
        }
    }

    @Override
    public void deposed() {
        chosen = false;
        synchronized (this) {
            closeWriter();
        }
    }

    /** Opens a writer if this instance should hold one and does not (runs on the opener thread only). */
    private void open() {
        synchronized (this) {
            if (writer != null) {
                return;
            }
        }
        if (!shouldWrite()) {
            return;
        }
        LogWriter opened = null;
        try {
            opened = new LogWriter(kafkaClient, topic, groupId);
            long offset = opened.append(List.of(LogRecord.writer(advertisedUrl, generation, Instant.now())));
            schemaLog.awaitApplied(offset + 1);
        } catch (RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            failedOpens++;
            if (failedOpens * RETRY.toMillis() >= WriteForwarding.PATIENCE.toMillis()) {
                // Holding the job without being able to write keeps every other instance from it: hand it on.
                log.error(
                        "chosen as writer but cannot write to {} for {}s: leaving the election for a while: {}",
                        topic,
                        WriteForwarding.PATIENCE.toSeconds(),
                        e.toString());
                failedOpens = 0;
                election.resign();
                return;
            }
            log.error("chosen as writer but cannot write to {} (trying again): {}", topic, e.toString());
            retryOpen();
            return;
        }
        failedOpens = 0;
        synchronized (this) {
            if (!shouldWrite()) {
                opened.close();
                return;
            }
            closeWriter();
            writer = opened;
            term++;
            if (!advertisedUrl.equals(state.writerUrl())) {
                // Another instance announced itself while this one was opening (that announcement found no
                // writer here to drop): its opening fenced this one.
                closeWriter();
            }
        }
        if (term().isEmpty()) {
            retryOpen();
            return;
        }
        log.info("this instance ({}) is the schema registry writer (generation {})", advertisedUrl, generation);
    }

    private boolean shouldWrite() {
        return chosen && !closed;
    }

    private void retryOpen() {
        if (!closed) {
            try {
                opener.schedule(this::open, RETRY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                // close() shut the opener down meanwhile: nothing more to open
            }
        }
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
    long append(long expectedTerm, List<LogRecord> records) {
        LogWriter current;
        synchronized (this) {
            if (writer == null || term != expectedTerm) {
                throw notTheWriter();
            }
            current = writer;
        }
        // Outside the lock: a slow commit must not hold up the election's callbacks. Registry serializes writes.
        try {
            return current.append(records);
        } catch (LogWriter.Deposed e) {
            log.warn("the schema registry writer was fenced: another instance opened one");
            lose(current);
            throw notTheWriter();
        } catch (RuntimeException e) {
            synchronized (this) {
                if (writer != current) {
                    throw notTheWriter(); // closed under this write by a handoff: the write goes to the new writer
                }
            }
            lose(current); // the transaction may be unusable: a fresh writer for the next write
            throw e;
        }
    }

    /** {@code which} can write no more: drop it, and open a new one if this instance still should write. */
    private void lose(LogWriter which) {
        synchronized (this) {
            if (writer != which) {
                return;
            }
            closeWriter();
        }
        retryOpen();
    }

    /** The log reader saw an instance announce itself as the writer. */
    private void announced(String url, int announcedGeneration) {
        if (url.equals(advertisedUrl)) {
            return;
        }
        LogWriter current;
        synchronized (this) {
            current = writer;
        }
        if (current != null) {
            // Its opening fenced ours: open again if the election still says this instance writes.
            log.info("{} announced itself as the schema registry writer (generation {})", url, announcedGeneration);
            lose(current);
        }
    }

    /** Where writes go: this instance's URL when it is the writer, else the latest announced writer. */
    Optional<String> writerUrl() {
        synchronized (this) {
            if (writer != null) {
                return Optional.of(advertisedUrl);
            }
        }
        return otherWriter();
    }

    String advertisedUrl() {
        return advertisedUrl;
    }

    NotTheWriter notTheWriter() {
        return new NotTheWriter(advertisedUrl, otherWriter());
    }

    private Optional<String> otherWriter() {
        return Optional.ofNullable(state.writerUrl()).filter(url -> !url.equals(advertisedUrl));
    }

    private void closeWriter() {
        if (writer != null) {
            writer.close();
            writer = null;
            term++;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (election != null) {
            election.close(); // leaves the group (deposed() closes the writer)
        }
        opener.shutdownNow();
        try {
            opener.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            closeWriter();
        }
    }

    /** This instance ({@code self}) may not write: the writer is {@code writer} (empty while none is known). */
    static final class NotTheWriter extends RuntimeException {
        NotTheWriter(String self, Optional<String> writer) {
            super(writer.map(url ->
                            "this instance (" + self + ") is not the schema registry writer; the writer is " + url)
                    .orElse("no schema registry writer is known yet (this instance is " + self + ")"));
        }
    }
}
