import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Bytes a JVM allocated during a JFR recording made with deploy/bench/allocation.jfc: for each thread,
 * the last minus the first value of its {@code jdk.ThreadAllocationStatistics} events (a running total,
 * so the largest minus the smallest), summed over the threads. Prints the total bytes.
 * <p>
 * A thread is counted from its first event to its last: one that starts within the recording is counted
 * from its first event (up to a period after it started), one that ends within it only up to its last
 * event, and one that lives shorter than a period not at all.
 *
 * <pre>java Allocation.java recording.jfr</pre>
 */
public class Allocation {

	public static void main(String[] args) throws IOException {
		if (args.length != 1) {
			System.err.println("usage: java Allocation.java recording.jfr");
			System.exit(2);
		}
		Map<Long, long[]> lowestAndHighest = new HashMap<>();
		try (RecordingFile recording = new RecordingFile(Path.of(args[0]))) {
			while (recording.hasMoreEvents()) {
				RecordedEvent event = recording.readEvent();
				if (event.getEventType().getName().equals("jdk.ThreadAllocationStatistics")) {
					long allocated = event.getLong("allocated");
					long[] range = lowestAndHighest.computeIfAbsent(event.getThread("thread").getJavaThreadId(),
							(thread) -> new long[] { allocated, allocated });
					range[0] = Math.min(range[0], allocated);
					range[1] = Math.max(range[1], allocated);
				}
			}
		}
		long total = 0;
		for (long[] range : lowestAndHighest.values()) {
			total += range[1] - range[0];
		}
		System.out.println(total);
	}

}
