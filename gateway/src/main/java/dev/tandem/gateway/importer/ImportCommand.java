package dev.tandem.gateway.importer;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code java -jar gateway.jar import [--format=properties|yaml] FILE...}: reads an httpd
 * or mod_jk front's configuration files and prints the equivalent Tandem configuration on
 * standard output. Exit status 0 when everything was translated, 1 when something was
 * approximated or left out (each such directive is named in a comment), 2 when a file
 * cannot be read or parsed (one sentence naming it and the line, on standard error).
 */
public final class ImportCommand {

	/** The first argument that runs this command instead of the gateway. */
	public static final String NAME = "import";

	private static final Pattern WORKERS_LINE = Pattern.compile("\\s*worker\\.[^=]+=.*");

	private static final Pattern URI_MAP_LINE = Pattern.compile("\\s*[!-]?/\\S*\\s*=\\s*\\S+.*");

	private ImportCommand() {
	}

	/**
	 * Import the files named in the arguments (after the command's name).
	 * @param args the arguments, the first being {@link #NAME}
	 * @param out where the configuration goes
	 * @param err where the summary and errors go
	 * @return the exit status
	 */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		String format = "properties";
		List<Path> files = new ArrayList<>();
		for (int i = 1; i < args.length; i++) {
			String arg = args[i];
			if (arg.startsWith("--format=")) {
				format = arg.substring("--format=".length());
			}
			else if (arg.startsWith("--")) {
				err.println("Unknown option " + arg + ": the only option is --format=properties or --format=yaml.");
				return 2;
			}
			else {
				files.add(Path.of(arg));
			}
		}
		if (!format.equals("properties") && !format.equals("yaml")) {
			err.println("--format must be properties or yaml, but was '" + format + "'.");
			return 2;
		}
		if (files.isEmpty()) {
			err.println("Name the files to import, e.g. 'java -jar gateway.jar import /etc/apache2/apache2.conf' or "
					+ "'java -jar gateway.jar import workers.properties uriworkermap.properties'.");
			return 2;
		}
		OldFront front = new OldFront();
		Translation translation;
		try {
			read(files, front);
			translation = Translation.of(front);
		}
		catch (UnreadableConfigurationException ex) {
			err.println(ex.getMessage());
			return 2;
		}
		List<String> header = new ArrayList<>();
		header.add("Tandem gateway configuration imported by 'java -jar gateway.jar import' from:");
		files.forEach((file) -> header.add("  " + file));
		header.add(translation.complete() ? "Everything was translated."
				: "Review the lines marked 'approximate' and 'not translated' below.");
		if (format.equals("yaml")) {
			ConfigurationPrinter.yaml(translation, header, out);
		}
		else {
			ConfigurationPrinter.properties(translation, header, out);
		}
		long incomplete = translation.findings().stream().filter(Finding::incomplete).count();
		err.println((incomplete == 0) ? "Imported completely."
				: "Imported with " + incomplete + " directive(s) approximated or not translated, "
						+ "each named in a comment at the top of the output.");
		return translation.complete() ? 0 : 1;
	}

	private static void read(List<Path> files, OldFront front) throws UnreadableConfigurationException {
		WorkersPropertiesReader jk = new WorkersPropertiesReader(front);
		HttpdConfigReader httpd = new HttpdConfigReader(front, jk);
		for (Path file : files) {
			String name = file.toString();
			if (!Files.isRegularFile(file)) {
				throw new UnreadableConfigurationException(name + ": no such file.");
			}
			switch (kind(file, name)) {
				case WORKERS -> jk.readWorkers(file, name);
				case URI_MAP -> jk.readUriMap(file, name);
				case HTTPD -> httpd.read(file, name);
			}
		}
		jk.finish();
	}

	/** What a file is, from its content: mod_jk's workers, its mounts, or httpd's. */
	private static Kind kind(Path file, String name) throws UnreadableConfigurationException {
		List<Origin> lines = ConfigLines.read(file, name);
		if (lines.stream().anyMatch((line) -> WORKERS_LINE.matcher(line.text()).matches())) {
			return Kind.WORKERS;
		}
		if (!lines.isEmpty() && lines.stream().allMatch((line) -> URI_MAP_LINE.matcher(line.text()).matches())) {
			return Kind.URI_MAP;
		}
		return Kind.HTTPD;
	}

	private enum Kind {

		WORKERS, URI_MAP, HTTPD

	}

}
