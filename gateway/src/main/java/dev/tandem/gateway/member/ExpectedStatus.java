package dev.tandem.gateway.member;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP statuses that count as a passed health probe of a member, parsed from text
 * such as {@code 200}, {@code 2xx}, {@code 200-399} or {@code 200,302}: a comma-separated
 * list of single codes, classes ({@code 3xx}) and inclusive ranges, each between 100 and
 * 599.
 */
public final class ExpectedStatus {

	private static final Pattern CODE = Pattern.compile("([1-5]\\d\\d)");

	private static final Pattern CLASS = Pattern.compile("([1-5])xx", Pattern.CASE_INSENSITIVE);

	private static final Pattern RANGE = Pattern.compile("([1-5]\\d\\d)-([1-5]\\d\\d)");

	/**
	 * What a health probe expects when nothing else is configured; declared after the
	 * patterns its parsing needs.
	 */
	public static final ExpectedStatus SUCCESSFUL = parse("2xx").orElseThrow();

	private final String text;

	private final List<int[]> ranges;

	private ExpectedStatus(String text, List<int[]> ranges) {
		this.text = text;
		this.ranges = ranges;
	}

	/**
	 * Parse the text of a configuration property.
	 * @param text such as {@code 2xx} or {@code 200-399}
	 * @return the statuses, empty when the text is not one of the accepted forms or a
	 * range runs backwards
	 */
	public static Optional<ExpectedStatus> parse(String text) {
		if (text == null || text.isBlank()) {
			return Optional.empty();
		}
		List<int[]> ranges = new ArrayList<>();
		List<String> parts = new ArrayList<>();
		for (String part : text.split(",", -1)) {
			String item = part.strip();
			int[] range = range(item);
			if (range == null) {
				return Optional.empty();
			}
			ranges.add(range);
			parts.add(item.toLowerCase(Locale.ROOT));
		}
		return Optional.of(new ExpectedStatus(String.join(",", parts), List.copyOf(ranges)));
	}

	private static int[] range(String item) {
		Matcher code = CODE.matcher(item);
		if (code.matches()) {
			int status = Integer.parseInt(code.group(1));
			return new int[] { status, status };
		}
		Matcher statusClass = CLASS.matcher(item);
		if (statusClass.matches()) {
			int hundreds = Integer.parseInt(statusClass.group(1)) * 100;
			return new int[] { hundreds, hundreds + 99 };
		}
		Matcher range = RANGE.matcher(item);
		if (range.matches()) {
			int low = Integer.parseInt(range.group(1));
			int high = Integer.parseInt(range.group(2));
			return (low <= high) ? new int[] { low, high } : null;
		}
		return null;
	}

	/**
	 * Whether a probe answered with this status passes.
	 * @param status the HTTP status code
	 * @return {@code true} when one of the codes, classes or ranges holds it
	 */
	public boolean matches(int status) {
		for (int[] range : this.ranges) {
			if (status >= range[0] && status <= range[1]) {
				return true;
			}
		}
		return false;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof ExpectedStatus that) && this.text.equals(that.text);
	}

	@Override
	public int hashCode() {
		return this.text.hashCode();
	}

	/**
	 * The statuses as configured, without blanks, such as {@code 200-399}.
	 */
	@Override
	public String toString() {
		return this.text;
	}

}
