package dev.tandem.node;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Tandem was-node: the demo web application. Its HTTP sessions join the session cluster
 * through the {@code session-cluster} library, as any user's application would.
 */
@SpringBootApplication
public class NodeApplication {

	public static void main(String[] args) {
		SpringApplication.run(NodeApplication.class, args);
	}

}
