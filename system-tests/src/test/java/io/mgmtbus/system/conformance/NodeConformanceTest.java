package io.mgmtbus.system.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.conformance.NodeConformance;
import io.mgmtbus.conformance.Verdict;
import io.mgmtbus.node.dispatch.Delivery;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance kit against the nodes the project ships, each a process of its own on the kit's
 * own bus: the Java node ({@code mgmt node}) in both delivery modes, the reference Python node, the
 * Spring Boot example, and a node broken on purpose, which must fail the kit by the rules it breaks.
 */
@Tag("slow")
class NodeConformanceTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** {@code mgmt node} on the launcher's own class path, as {@code bin/mgmt node} runs it. */
    static final String JAVA_NODE = "java -cp '" + ROOT.resolve("launcher/target/launcher.jar") + ":"
            + ROOT.resolve("launcher/target/lib") + "/*' io.mgmtbus.launcher.Mgmt node";

    static final String PYTHON_NODE = "/usr/bin/python3 " + ROOT.resolve("node-client/python/mgmt_node.py");

    /** The Spring Boot example, its web server on any free port. */
    static final String SPRING_NODE =
            "java -Dserver.port=0 -jar " + ROOT.resolve("spring-node-example/target/spring-node-example.jar");

    @Test
    void theJavaNodeKeepsEveryRuleExactlyOnce(@TempDir Path dir) throws Exception {
        assertAllKept(check(JAVA_NODE, Delivery.EXACTLY_ONCE, dir));
    }

    @Test
    void theJavaNodeKeepsEveryRuleAtLeastOnce(@TempDir Path dir) throws Exception {
        assertAllKept(check(JAVA_NODE, Delivery.AT_LEAST_ONCE, dir));
    }

    @Test
    void theReferencePythonNodeKeepsEveryRule(@TempDir Path dir) throws Exception {
        assertAllKept(check(PYTHON_NODE, Delivery.AT_LEAST_ONCE, dir));
    }

    @Test
    void theSpringBootExampleKeepsEveryRule(@TempDir Path dir) throws Exception {
        assertAllKept(check(SPRING_NODE, Delivery.EXACTLY_ONCE, dir));
    }

    @Test
    void aBrokenNodeFailsByTheRulesItBreaks(@TempDir Path dir) throws Exception {
        String broken = "/usr/bin/python3 " + ROOT.resolve("system-tests/src/test/python/broken_node.py");
        List<Verdict> verdicts = check(broken, Delivery.AT_LEAST_ONCE, dir);
        Map<String, Verdict> byRule = verdicts.stream().collect(Collectors.toMap(Verdict::rule, v -> v));
        System.out.println("the broken node's failures:");
        verdicts.stream().filter(v -> !v.passed()).forEach(v -> System.out.println("  " + v.line()));

        assertThat(byRule.get("answer.partition").passed()).isFalse();
        assertThat(byRule.get("answer.partition").detail()).contains("not on the request's partition number");
        assertThat(byRule.get("dispatch.filters-itself").passed()).isFalse();
        assertThat(byRule.get("dispatch.filters-itself").detail())
                .contains("answer(s) to a request it must not run")
                .contains("naming only other nodes");
        assertThat(byRule.get("hello.on-start").passed())
                .as("what it did not break still passes")
                .isTrue();
        assertThat(byRule.get("action.unknown").passed()).isTrue();
    }

    static List<Verdict> check(String command, Delivery delivery, Path dir) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (PrintStream progress = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            List<Verdict> verdicts =
                    NodeConformance.check(command, "conformance-node", delivery, dir.resolve("node.log"), progress);
            System.out.println(printed.toString(StandardCharsets.UTF_8));
            return verdicts;
        }
    }

    static void assertAllKept(List<Verdict> verdicts) {
        assertThat(verdicts).hasSizeGreaterThanOrEqualTo(23);
        assertThat(verdicts.stream().filter(v -> !v.passed()).map(Verdict::line))
                .as("rules broken")
                .isEmpty();
    }
}
