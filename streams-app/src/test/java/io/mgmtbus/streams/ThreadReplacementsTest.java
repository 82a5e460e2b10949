package io.mgmtbus.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadReplacementsTest {

    @Test
    void replacesAFailedThreadUntilThreadsKeepFailing() {
        ThreadReplacements replacements = new ThreadReplacements("test");
        for (int i = 0; i < ThreadReplacements.MAX_REPLACEMENTS; i++) {
            assertThat(replacements.decide(new IllegalStateException("boom " + i)))
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        }
        assertThat(replacements.decide(new IllegalStateException("again")))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(replacements.lastFailure()).isEqualTo(": IllegalStateException again");
    }

    @Test
    void aMissingSourceTopicShutsDownAtOnce() {
        ThreadReplacements replacements = new ThreadReplacements("test");
        StreamsException failure = new StreamsException(new MissingSourceTopicException("Missing source topics"));
        assertThat(replacements.decide(failure)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(replacements.lastFailure()).contains("MissingSourceTopicException");
    }
}
