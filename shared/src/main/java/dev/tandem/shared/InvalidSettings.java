package dev.tandem.shared;

/**
 * Settings that each bind but do not work together (a route's group that no member has, a
 * redirect port without TLS); its message is the one sentence, naming the property, that
 * start-up reports instead of a stack trace.
 */
public class InvalidSettings extends RuntimeException {

	/**
	 * Settings that cannot work.
	 * @param sentence what is wrong and how to correct it, naming the property
	 */
	public InvalidSettings(String sentence) {
		super(sentence);
	}

}
