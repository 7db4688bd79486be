package dev.tandem.gateway.importer;

/**
 * Where a directive came from, for comments and error messages: the file as the user
 * named it (or as an {@code Include} reached it) and the line it starts on.
 *
 * @param file the file's name as given
 * @param line the first line of the directive, from 1
 * @param text the directive as written, continuation lines joined
 */
record Origin(String file, int line, String text) {

	@Override
	public String toString() {
		return this.file + ":" + this.line;
	}

}
