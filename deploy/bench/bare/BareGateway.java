package bench.bare;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A bare Spring Cloud Gateway for Tandem's benchmark: the libraries of {@code gateway.jar} without any
 * of Tandem's classes, configured only by {@code bare.yml} (one route to {@code lb://members}), so the
 * benchmark can show what the stack itself costs. Its package is outside {@code dev.tandem}, so no
 * Tandem component is scanned.
 */
@SpringBootApplication
public class BareGateway {

	public static void main(String[] args) {
		SpringApplication.run(BareGateway.class, args);
	}

}
