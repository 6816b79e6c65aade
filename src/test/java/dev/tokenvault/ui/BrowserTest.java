package dev.tokenvault.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.tokenvault.Api;
import dev.tokenvault.connect.ConnectFlowTest;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The people's path end to end in a real headless Chromium (the system's /usr/bin/chromium through
 * /usr/bin/chromedriver; nothing is downloaded): sign in, connect a provider through its consent page, see the
 * connection VALID, revoke it, see it gone. The service is reached as {@code localhost} (a secure context, so
 * Chromium keeps the Secure {@code __Host-} cookies over plain HTTP) and the provider as {@code 127.0.0.1} (so
 * the redirect back is cross-site, as with a real provider). On failure a screenshot is kept in
 * target/screenshots/.
 */
@QuarkusTest
class BrowserTest {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    WebDriver browser;
    Path profile;

    @BeforeEach
    void startBrowser() throws Exception {
        Assumptions.assumeTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
                "browser tests need " + CHROMIUM + " and " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        profile = Files.createTempDirectory("tokenvault-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterEach
    void stopBrowser() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static String base() {
        return "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    @Test
    void signInConnectSeeValidRevokeSeeGone(TestInfo test) throws Exception {
        String provider = ConnectFlowTest.connectProvider();
        String[] user = WebUiTest.newUserCredentials();
        try {
            browser.get(base() + "/");
            wait(ExpectedConditions.urlContains("/ui/login"));
            browser.findElement(By.id("username")).sendKeys(user[0]);
            browser.findElement(By.id("password")).sendKeys(user[1]);
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            wait(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Connected services"));
            assertThat(browser.findElement(By.tagName("main")).getText()).contains("Nothing is connected yet");

            browser.findElement(By.xpath("//button[normalize-space()='Connect " + provider + "']")).click();
            wait(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Test provider"));
            var account = browser.findElement(By.id("account"));
            account.clear();
            account.sendKeys("octocat-browser");
            browser.findElement(By.id("approve")).click();

            wait(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("p.notice"), "connected"));
            String row = browser.findElement(By.xpath("//tr[td[normalize-space()='" + provider + "']]")).getText();
            assertThat(row).contains("octocat-browser", "VALID");
            screenshot("docs/ui-connections.png", System.getProperty("docs.screenshot") != null);

            browser.findElement(By.xpath("//tr[td[normalize-space()='" + provider + "']]//a[starts-with(normalize-space(), 'Revoke')]")).click();
            wait(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Revoke " + provider));
            browser.findElement(By.xpath("//button[normalize-space()='Revoke']")).click();
            wait(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("p.notice"), "revoked"));
            assertThat(browser.findElements(By.xpath("//td[normalize-space()='" + provider + "']"))).isEmpty();
            assertThat(Api.count("SELECT count(*) FROM connections WHERE provider = '" + provider + "'")).isZero();
        } catch (AssertionError | RuntimeException e) {
            screenshot("target/screenshots/" + test.getDisplayName().replaceAll("\\W", "_") + ".png", true);
            throw e;
        }
    }

    /**
     * A team's path: make a project, add a member, make a connect link for a customer, and the customer (no account
     * here) connects through it; the connection shows in the project under the customer's subject.
     */
    @Test
    void aTeamConnectsACustomerThroughAConnectLink(TestInfo test) throws Exception {
        String provider = ConnectFlowTest.connectProvider();
        String[] owner = WebUiTest.newUserCredentials();
        String[] colleague = WebUiTest.newUserCredentials();
        String project = Api.unique("team").toLowerCase();
        try {
            browser.get(base() + "/ui/login");
            browser.findElement(By.id("username")).sendKeys(owner[0]);
            browser.findElement(By.id("password")).sendKeys(owner[1]);
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            wait(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Connected services"));

            browser.findElement(By.linkText("Projects")).click();
            wait(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Projects"));
            browser.findElement(By.id("project-name")).sendKeys(project);
            browser.findElement(By.id("project-display")).sendKeys("Acme Books");
            browser.findElement(By.xpath("//button[normalize-space()='Create project']")).click();
            wait(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Connected services of Acme Books"));
            assertThat(browser.findElement(By.cssSelector("#project-switch option[selected]")).getText())
                    .isEqualTo("Acme Books");

            browser.findElement(By.linkText("Members")).click();
            wait(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Members of Acme Books"));
            browser.findElement(By.id("member-username")).sendKeys(colleague[0]);
            browser.findElement(By.xpath("//button[normalize-space()='Save member']")).click();
            wait(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("p.notice"), "saved"));
            assertThat(browser.findElement(By.tagName("table")).getText()).contains(colleague[0], "member");

            browser.findElement(By.linkText("Connected services")).click();
            wait(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Connected services of Acme Books"));
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("link-provider"))).selectByValue(provider);
            browser.findElement(By.id("link-subject")).sendKeys("company-42");
            browser.findElement(By.xpath("//button[normalize-space()='Create connect link']")).click();
            wait(ExpectedConditions.presenceOfElementLocated(By.id("connect-link")));
            String link = browser.findElement(By.id("connect-link")).getAttribute("value");
            assertThat(link).contains("/connect/");

            // the customer opens the link: a page naming the project and the provider, then the provider's consent
            browser.get(link.replace("127.0.0.1", "localhost"));
            wait(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Connect your " + provider));
            assertThat(browser.findElement(By.id("project")).getText()).isEqualTo("Acme Books");
            browser.findElement(By.id("continue")).click();
            wait(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Test provider"));
            var account = browser.findElement(By.id("account"));
            account.clear();
            account.sendKeys("acme-books-ltd");
            browser.findElement(By.id("approve")).click();
            wait(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "is connected"));

            browser.get(base() + "/ui/connections?project=" + project);
            wait(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Connected services of Acme Books"));
            String row = browser.findElement(By.xpath("//tr[td[normalize-space()='company-42']]")).getText();
            assertThat(row).contains(provider, "acme-books-ltd", "VALID");
            screenshot("docs/ui-project.png", System.getProperty("docs.screenshot") != null);
        } catch (AssertionError | RuntimeException e) {
            screenshot("target/screenshots/" + test.getDisplayName().replaceAll("\\W", "_") + ".png", true);
            throw e;
        }
    }

    private void wait(org.openqa.selenium.support.ui.ExpectedCondition<?> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(condition);
    }

    private void screenshot(String path, boolean wanted) throws Exception {
        if (!wanted) {
            return;
        }
        Path target = Path.of(path);
        Files.createDirectories(target.getParent());
        Files.write(target, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
