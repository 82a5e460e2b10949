package io.mgmtbus.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a client written in another language and returns what it printed, failing the test if it fails. */
public final class ExternalProcess {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExternalProcess() {}

    /** The lines of {@code output} that are JSON objects (what the interop scripts print per outcome), parsed. */
    public static List<JsonNode> jsonLines(String output) {
        List<JsonNode> objects = new ArrayList<>();
        for (String line : output.lines().filter(l -> l.startsWith("{")).toList()) {
            try {
                objects.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + line, e);
            }
        }
        return objects;
    }

    /** Runs {@code command} in {@code dir} with {@code env} added; stdout and stderr together. */
    public static String run(Path dir, List<String> command, Map<String, String> env, Duration timeout)
            throws InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new AssertionError(
                    command.get(0) + " cannot run (.ci/run installs what the interop tests need): " + e.getMessage(),
                    e);
        }
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + timeout.toSeconds() + "s");
        }
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read the output of " + command, e);
        }
        assertThat(process.exitValue())
                .as("%s exit code; output:%n%s", command, output)
                .isZero();
        return output;
    }
}
