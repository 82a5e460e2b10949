package io.mgmtbus.system.containers;

import static org.junit.jupiter.api.Assertions.fail;

import io.mgmtbus.system.ExternalProcess;
import io.mgmtbus.testcluster.ContainerCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The container engine the tests talk to and the bus's image on it, built once per JVM from the
 * jars this build just packaged. Without an engine the container tests are skipped, unless
 * {@value #REQUIRED_ENV}=true (CI sets it after {@code bin/containers setup}): then they fail.
 */
final class BusImage {

    static final String REQUIRED_ENV = "MGMT_TEST_CONTAINERS";
    private static boolean built;

    private BusImage() {}

    /** Skips (or, where required, fails) the calling test when no engine answers; builds the image once. */
    static synchronized void ready() throws InterruptedException {
        if (!ContainerCluster.dockerAvailable()) {
            String problem = "no container engine answers at "
                    + System.getenv().getOrDefault("DOCKER_HOST", "the default Docker socket");
            if ("true".equalsIgnoreCase(System.getenv(REQUIRED_ENV))) {
                fail(REQUIRED_ENV + "=true, but " + problem);
            }
            Assumptions.abort(problem + " (bin/containers setup starts podman's; see docs/containers.md)");
        }
        if (!built) {
            build();
            built = true;
        }
    }

    private static void build() throws InterruptedException {
        Path root = Compose.ROOT;
        for (String jar : List.of("launcher/target/launcher.jar", "demo/target/demo.jar")) {
            if (!Files.exists(root.resolve(jar))) {
                fail(jar + " is missing: the image is built from the jars Maven packaged");
            }
        }
        String dockerHost = System.getenv().getOrDefault("DOCKER_HOST", "");
        if (dockerHost.contains("podman") && onPath("podman")) { // bin/containers' API: its Debian base image
            ExternalProcess.run(root, List.of("bin/containers", "image"), Map.of(), Duration.ofMinutes(10));
        } else {
            List<String> build = new ArrayList<>(List.of("docker", "build", "-t", ContainerCluster.BUS_IMAGE));
            String base = System.getenv("MGMT_BASE_IMAGE"); // unset: the Dockerfile's default
            if (base != null && !base.isBlank()) {
                build.addAll(List.of("--build-arg", "BASE_IMAGE=" + base));
            }
            build.add(".");
            ExternalProcess.run(root, build, Map.of(), Duration.ofMinutes(10));
        }
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
