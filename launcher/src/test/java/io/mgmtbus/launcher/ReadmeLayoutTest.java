package io.mgmtbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's Layout table is the map newcomers read first: it names every module of the build, in its order. */
class ReadmeLayoutTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theLayoutTableListsExactlyTheBuildsModules() throws IOException {
        assertThat(tableModules(Files.readString(ROOT.resolve("README.md"))))
                .as("the `module/` rows of the README's Layout table")
                .isEqualTo(pomModules(Files.readString(ROOT.resolve("pom.xml"))));
    }

    @Test
    void everyModuleInTheTableIsADirectoryWithAPom() throws IOException {
        for (String module : tableModules(Files.readString(ROOT.resolve("README.md")))) {
            assertThat(ROOT.resolve(module).resolve("pom.xml")).as(module).isRegularFile();
        }
    }

    @Test
    void theReadmeIsAMapNotAManual() throws IOException {
        assertThat(Files.readAllLines(ROOT.resolve("README.md")))
                .as("README lines (the rest belongs in docs/)")
                .hasSizeLessThanOrEqualTo(200);
    }

    private static List<String> tableModules(String readme) {
        Matcher row = Pattern.compile("(?m)^\\| `([a-z0-9-]+)/` \\|").matcher(readme);
        return row.results().map(m -> m.group(1)).toList();
    }

    private static List<String> pomModules(String pom) {
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
        return module.results().map(m -> m.group(1)).toList();
    }
}
