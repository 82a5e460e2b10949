package io.mgmtbus.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The command line's logging, set up in code: parsing a logback.xml costs a short command a good
 * part of its start-up. Logs go to standard error (standard output is the command's answer);
 * {@code MGMT_LOG_LEVEL} sets the bus's own level. A {@code -Dlogback.configurationFile}, or a
 * {@code logback-test.xml} or {@code logback.xml} on the class path (tests, an operator's own),
 * still wins.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

    /** A file named on the command line (the embedded broker's JVM names its own) wins over this set-up. */
    private static final String CONFIGURATION_FILE = "logback.configurationFile";

    /** Other libraries' loggers: quieter than their defaults, each for a reason. */
    private static final Map<String, Level> LEVELS = Map.of(
            "org.apache.kafka", Level.WARN,
            // Kafka Streams logs every skipped record with a stack trace; our handlers log one line with the reason.
            "org.apache.kafka.streams.processor.internals.RecordDeserializer", Level.ERROR,
            // An unreachable broker is reported once, in one line, by the command itself.
            "org.apache.kafka.clients.NetworkClient", Level.ERROR,
            "io.javalin", Level.WARN,
            "org.eclipse.jetty", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = LogSetup.class.getClassLoader();
        if (System.getProperty(CONFIGURATION_FILE) != null
                || loader.getResource("logback-test.xml") != null
                || loader.getResource("logback.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("OUT");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        String busLevel = System.getenv("MGMT_LOG_LEVEL");
        context.getLogger("io.mgmtbus").setLevel(Level.toLevel(busLevel, Level.INFO));
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
