package io.mgmtbus.system.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.mgmtbus.system.LiveBus;
import io.mgmtbus.system.LiveBusPerClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console in a real browser (headless Chromium through Debian's chromium-driver)
 * against a running bus: the node table, dispatching from the form with each node's answer, an
 * unknown node's error, the requests list and detail, and the audit search with its chart. A
 * screenshot of each page goes to {@code target/console/}.
 */
@Tag("slow")
class ConsoleTest {

    private static final Path SCREENSHOTS = Path.of("target", "console");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @RegisterExtension
    static final LiveBusPerClass live = new LiveBusPerClass();

    private static WebDriver browser;
    private static String console;

    @BeforeAll
    static void openBrowser() throws Exception {
        assertThat(CHROMIUM)
                .as("Debian's chromium (apt-get install chromium chromium-driver; .ci/run installs it)")
                .exists();
        assertThat(CHROMEDRIVER).as("Debian's chromium-driver").exists();
        console = live.bus().startAgent().url() + "/";
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toString())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        // The driver is given, so Selenium Manager never looks for one on the network.
        browser = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(CHROMEDRIVER.toFile())
                        .build(),
                options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theNodeTableListsTheRunningNodes() throws Exception {
        browser.get(console + "#nodes");
        waitFor(d -> rows("#nodes-table").size() == LiveBus.NODES.size());
        Map<String, String> states =
                rows("#nodes-table").stream().collect(Collectors.toMap(r -> cells(r).get(0), r -> cells(r).get(5)));
        assertThat(states).containsOnlyKeys(LiveBus.NODES).containsValues("live");
        assertThat(browser.findElement(By.id("health")).getText()).contains("Bus ok");
        screenshot("nodes");
    }

    @Test
    void dispatchingFromTheFormShowsEachNodesAnswer() throws Exception {
        dispatchFromTheForm("get_id_value", "Cluster::node", "");
        Map<String, String> answers =
                rows("#answers-table").stream().collect(Collectors.toMap(r -> cells(r).get(0), r -> cells(r).get(2)));
        LiveBus.NODES.forEach(n -> assertThat(answers).containsEntry(n, n));
        assertThat(status()).contains("3 ok, 0 errors");
        screenshot("dispatch");

        browser.get(console + "#requests");
        waitFor(d -> !rows("#requests-table").isEmpty());
        screenshot("requests");
        browser.findElement(By.cssSelector("#requests-table tbody a")).click();
        waitFor(d -> rows("#request-table").size() >= 1);
        assertThat(browser.findElement(By.id("request-summary")).getText()).contains("get_id_value");
        screenshot("request");
    }

    @Test
    void anUnknownNodeIsShownAsSuch() throws Exception {
        dispatchFromTheForm("get_id_value", "Cluster::node", "worker-01,nope");
        Map<String, List<String>> rows =
                rows("#answers-table").stream().collect(Collectors.toMap(r -> cells(r).get(0), ConsoleTest::cells));
        assertThat(rows.get("worker-01"))
                .containsExactly(
                        "worker-01", "ok", "worker-01", rows.get("worker-01").get(3));
        assertThat(rows.get("nope")).startsWith("nope", "unknown node", "unknown cluster node");
        WebElement unknown = browser.findElement(By.cssSelector("#answers-table tr[data-node='nope'] td:nth-child(2)"));
        assertThat(unknown.getAttribute("class")).isEqualTo("error");
        assertThat(status()).contains("1 ok, 1 errors");
        screenshot("unknown-node");
    }

    @Test
    void theAuditFindsARequestsEventsAndChartsOutcomes() throws Exception {
        dispatchFromTheForm("ping", "", "manager");
        String reqid = status().replaceAll("^Request (\\S+):.*$", "$1");

        browser.get(console + "#audit");
        fill("audit-reqid", reqid);
        browser.findElement(By.id("audit-button")).click();
        waitFor(d -> rows("#audit-table").size() >= 3);
        List<String> topics =
                rows("#audit-table").stream().map(r -> cells(r).get(1)).toList();
        assertThat(topics).contains("requests", "responses", "outcomes");
        assertThat(browser.findElement(By.cssSelector("#audit-chart svg rect")).isDisplayed())
                .isTrue();
        screenshot("audit-request");

        fill("audit-reqid", "");
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("document.getElementById('audit-status').textContent = ''");
        browser.findElement(By.id("audit-button")).click();
        waitFor(d -> browser.findElement(By.id("audit-status")).getText().matches("\\d+ events"));
        assertThat(browser.findElement(By.cssSelector("#audit-chart svg")).getAttribute("data-states"))
                .contains("COMPLETE");
        List<String> minute = cells(rows("#audit-counts").get(0));
        assertThat(Integer.parseInt(minute.get(1)))
                .as("complete requests in the first minute")
                .isPositive();
        screenshot("audit");
    }

    /** Fills the dispatch form, sends it, and waits until the outcome is shown. */
    private static void dispatchFromTheForm(String action, String args, String targets) {
        browser.get(console + "#dispatch");
        fill("action", action);
        fill("args", args);
        fill("targets", targets);
        browser.findElement(By.id("dispatch-button")).click();
        waitFor(d -> status().contains("complete in"));
    }

    private static String status() {
        return browser.findElement(By.id("dispatch-status")).getText();
    }

    private static void fill(String id, String text) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private static List<WebElement> rows(String table) {
        return browser.findElements(By.cssSelector(table + " tbody tr"));
    }

    private static List<String> cells(WebElement row) {
        return row.findElements(By.tagName("td")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private static void waitFor(java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition::apply);
    }

    private static void screenshot(String page) throws Exception {
        Path shot = ((org.openqa.selenium.TakesScreenshot) browser)
                .getScreenshotAs(OutputType.FILE)
                .toPath();
        Files.copy(shot, SCREENSHOTS.resolve(page + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
