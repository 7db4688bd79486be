package dev.tandem.deploy.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * One headless Chromium driven through the Debian chromedriver, with a new profile that
 * is deleted on {@link #close()}. The browser reaches only loopback: every other host
 * name resolves to nothing and every other address goes to a proxy that refuses, so an
 * asset from the internet cannot load. Console errors and requested URLs come from the
 * driver's logs, which hand each entry out once: errors are answered once, URLs are kept.
 */
final class Browser implements AutoCloseable {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	/**
	 * Where screenshots are kept, relative to the module (failsafe's working directory).
	 */
	static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");

	private static final ObjectMapper JSON = new ObjectMapper();

	private final ChromeDriver driver;

	private final Path profile;

	private final List<String> requestedUrls = new ArrayList<>();

	private Browser(ChromeDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	/** Start a browser whose window has the given size in CSS pixels. */
	static Browser open(int width, int height) throws IOException {
		Path profile = Files.createTempDirectory("tandem-chromium-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
				"--window-size=" + width + "," + height, "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--user-data-dir=" + profile,
				// Loopback only: other names never resolve, other addresses go to a
				// proxy on port 1, which refuses (Chromium never proxies loopback).
				"--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1", "--proxy-server=http://127.0.0.1:1");
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		logs.enable(LogType.PERFORMANCE, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		// The driver's path given explicitly: Selenium Manager, which would try to
		// download one, is never asked.
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		try {
			ChromeDriver driver = new ChromeDriver(service, options);
			driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
			driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
			return new Browser(driver, profile);
		}
		catch (RuntimeException ex) {
			deleteProfile(profile);
			throw ex;
		}
	}

	ChromeDriver driver() {
		return this.driver;
	}

	/** Run a script in the page and answer what it returns. */
	Object script(String script, Object... arguments) {
		return ((JavascriptExecutor) this.driver).executeScript(script, arguments);
	}

	/**
	 * Run a script that calls its last argument with the result, and answer that result.
	 */
	Object asyncScript(String script, Object... arguments) {
		return ((JavascriptExecutor) this.driver).executeAsyncScript(script, arguments);
	}

	/** Resize the window, such as to a phone's width. */
	void resize(int width, int height) {
		this.driver.manage().window().setSize(new Dimension(width, height));
	}

	/**
	 * Save the whole page, below the fold included, at the window's width as
	 * {@code target/dashboard-screenshots/<name>.png}.
	 */
	@SuppressWarnings("unchecked")
	Path screenshot(String name) {
		Map<String, Object> metrics = this.driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
		Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
		Map<String, Object> viewport = (Map<String, Object>) metrics.get("cssLayoutViewport");
		Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", viewport.get("clientWidth"), "height",
				content.get("height"), "scale", 1);
		Map<String, Object> shot = this.driver.executeCdpCommand("Page.captureScreenshot",
				Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
		try {
			Files.createDirectories(SCREENSHOTS);
			Path file = SCREENSHOTS.resolve(name + ".png");
			Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The console entries of level SEVERE that arrived since the last call (errors the
	 * page logged, failed loads, uncaught exceptions).
	 */
	List<LogEntry> takeConsoleErrors() {
		List<LogEntry> severe = new ArrayList<>();
		for (LogEntry entry : this.driver.manage().logs().get(LogType.BROWSER)) {
			if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
				severe.add(entry);
			}
		}
		return severe;
	}

	/**
	 * Every URL the pages of this browser asked for since it started, in order, from the
	 * performance log's {@code Network.requestWillBeSent} events.
	 */
	List<String> requestedUrls() {
		for (LogEntry entry : this.driver.manage().logs().get(LogType.PERFORMANCE)) {
			try {
				JsonNode message = JSON.readTree(entry.getMessage()).path("message");
				if ("Network.requestWillBeSent".equals(message.path("method").asText())) {
					this.requestedUrls.add(message.path("params").path("request").path("url").asText());
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Unreadable performance log entry: " + entry.getMessage(), ex);
			}
		}
		return List.copyOf(this.requestedUrls);
	}

	/** Quit the browser and its driver, and delete the profile. */
	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			deleteProfile(this.profile);
		}
	}

	private static void deleteProfile(Path profile) {
		try (Stream<Path> files = Files.walk(profile)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// A profile left in the temp directory harms nothing.
		}
	}

}
