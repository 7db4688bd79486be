package dev.tandem.deploy.dashboard;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.tandem.deploy.AdminLogin;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

import static org.awaitility.Awaitility.await;

/**
 * The gateway's dashboard as a person uses it, through the DOM contract the page keeps
 * ({@code main#dashboard}, {@code [data-member]}, {@code [data-field]},
 * {@code [data-action]}). Reads go through one script each, so a poll re-rendering the
 * page between two lookups cannot mix two states; clicks are retried only when the
 * element was replaced before the click reached it.
 */
final class Dashboard {

	/** The page polls every 5 s: three polls at most for anything to show. */
	static final Duration SHOWS = Duration.ofSeconds(20);

	private static final Duration LOGIN = Duration.ofSeconds(30);

	private final Browser browser;

	private final String origin;

	Dashboard(Browser browser, String origin) {
		this.browser = browser;
		this.origin = origin;
	}

	Browser browser() {
		return this.browser;
	}

	/**
	 * Log in through the form and wait for the dashboard's first successful poll.
	 */
	void logIn(AdminLogin login) {
		this.browser.driver().get(this.origin + "/login");
		this.browser.driver().findElement(By.id("username")).sendKeys(login.name());
		this.browser.driver().findElement(By.id("password")).sendKeys(login.password());
		this.browser.driver().findElement(By.cssSelector("button[type=submit]")).click();
		await("the dashboard after logging in as " + login.name()).atMost(LOGIN)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> isDashboardUrl(this.browser.driver().getCurrentUrl()) && updated() > 0);
	}

	/** Load {@code /} again and wait for its first poll. */
	void reload() {
		this.browser.driver().get(this.origin + "/");
		await("the dashboard's first poll").atMost(LOGIN)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> updated() > 0);
	}

	/**
	 * {@code data-updated} of {@code main#dashboard}: when the last poll succeeded, or 0.
	 */
	long updated() {
		Object value = this.browser.script(
				"const m = document.querySelector('main#dashboard'); return m ? m.getAttribute('data-updated') : null;");
		return (value != null && !value.toString().isBlank()) ? Long.parseLong(value.toString().trim()) : 0;
	}

	/** Wait until the page has polled again after now. */
	void awaitNextPoll() {
		long before = updated();
		await("the dashboard's next poll").atMost(SHOWS)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> updated() > before);
	}

	/** {@code data-role} of {@code main#dashboard}. */
	String role() {
		return attribute("main#dashboard", "data-role");
	}

	/** Text of the first element matching the selector, trimmed; null when none. */
	String text(String selector) {
		return (String) this.browser.script(
				"const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null;", selector);
	}

	/** The ids of the listed members, in page order. */
	@SuppressWarnings("unchecked")
	List<String> memberIds() {
		return (List<String>) this.browser.script(
				"return Array.from(document.querySelectorAll('[data-member]')).map((e) => e.getAttribute('data-member'));");
	}

	/** The trimmed text of a member's {@code [data-field]}; null when it has none. */
	String field(String member, String field) {
		return text(member(member) + " [data-field=\"" + field + "\"]");
	}

	/** An attribute of a member's {@code [data-member]} element; null when absent. */
	String memberAttribute(String member, String attribute) {
		return attribute(member(member), attribute);
	}

	/** An attribute of the first element matching the selector; null when absent. */
	String attribute(String selector, String attribute) {
		return (String) this.browser.script(
				"const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
				selector, attribute);
	}

	/**
	 * Whether a member's {@code button[data-action=...]} is disabled; fails when absent.
	 */
	boolean isActionDisabled(String member, String action) {
		Object disabled = this.browser.script(
				"const b = document.querySelector(arguments[0]); return b ? b.disabled : 'absent';",
				action(member, action));
		if ("absent".equals(disabled)) {
			throw new AssertionError("No " + action(member, action) + " on the page");
		}
		return (Boolean) disabled;
	}

	/**
	 * Click a member's action button, and confirm when {@code dialog#confirm} opens.
	 * @return whether the page asked for a confirmation
	 */
	boolean act(String member, String action) {
		click(action(member, action));
		return confirmIfAsked();
	}

	/** Type a weight into a member's weight input and click its set-weight button. */
	boolean setWeight(String member, int weight) {
		await("typing the weight of " + member).atMost(Duration.ofSeconds(10))
			.ignoreException(StaleElementReferenceException.class)
			.until(() -> {
				WebElement input = this.browser.driver()
					.findElement(By.cssSelector(member(member) + " input[data-input=\"weight\"]"));
				input.clear();
				input.sendKeys(Integer.toString(weight));
				this.browser.driver().findElement(By.cssSelector(action(member, "set-weight"))).click();
				return true;
			});
		return confirmIfAsked();
	}

	/**
	 * {@code #message}'s sentence, prefixed with {@code error: } when it has class error.
	 */
	String message() {
		return (String) this.browser.script("const m = document.getElementById('message');"
				+ " if (!m) { return null; } return (m.classList.contains('error') ? 'error: ' : '') + m.textContent.trim();");
	}

	/** How many elements match the selector. */
	long count(String selector) {
		return (Long) this.browser.script("return document.querySelectorAll(arguments[0]).length;", selector);
	}

	private void click(String selector) {
		await("clicking " + selector).atMost(Duration.ofSeconds(10))
			.ignoreException(StaleElementReferenceException.class)
			.until(() -> {
				this.browser.driver().findElement(By.cssSelector(selector)).click();
				return true;
			});
	}

	private boolean confirmIfAsked() {
		boolean open = Boolean.TRUE.equals(
				this.browser.script("const d = document.querySelector('dialog#confirm'); return d != null && d.open;"));
		if (open) {
			click("#confirm-yes");
		}
		return open;
	}

	/** Whether the browser is on {@code /} of the management port (any query). */
	private boolean isDashboardUrl(String url) {
		URI current = URI.create(url);
		return url.startsWith(this.origin + "/") && "/".equals(current.getPath());
	}

	private static String member(String id) {
		return "[data-member=\"" + id + "\"]";
	}

	private static String action(String member, String action) {
		return member(member) + " button[data-action=\"" + action + "\"]";
	}

}
