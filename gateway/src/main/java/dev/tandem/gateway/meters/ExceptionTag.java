package dev.tandem.gateway.meters;

/**
 * The {@code exception} tag of Spring Boot's and Spring Cloud LoadBalancer's HTTP timers:
 * the simple name of the error's class, or its full name when it has none (an anonymous
 * class), as Micrometer's own conventions write it.
 */
public final class ExceptionTag {

	private ExceptionTag() {
	}

	/**
	 * The tag value of an error.
	 * @param error what the request ended with
	 * @return its class's name for the tag
	 */
	public static String of(Throwable error) {
		String name = error.getClass().getSimpleName();
		return name.isEmpty() ? error.getClass().getName() : name;
	}

}
