package dev.tandem.gateway;

import dev.tandem.gateway.admin.security.PasswordCommand;
import dev.tandem.gateway.importer.ImportCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.autoconfigure.security.reactive.ReactiveManagementWebSecurityAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.security.reactive.ReactiveSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.reactive.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The Tandem gateway: a reverse proxy that balances, pins and fails over across the
 * configured members. {@code java -jar gateway.jar encode-password} prints an encoded
 * password for the admin users instead of starting it, and
 * {@code java -jar gateway.jar import FILE...} prints the Tandem configuration of an
 * httpd or mod_jk front.
 * <p>
 * Spring Security runs only in the management port's own context; Boot's security
 * auto-configuration, which would protect the public port with a generated password, is
 * off, and the management port's configurations are kept out of the component scan (as
 * Boot asks of {@link ManagementContextConfiguration} classes).
 */
@SpringBootConfiguration
@EnableAutoConfiguration(exclude = { ReactiveSecurityAutoConfiguration.class,
		ReactiveUserDetailsServiceAutoConfiguration.class, ReactiveManagementWebSecurityAutoConfiguration.class })
@ComponentScan(excludeFilters = { @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
		@ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
		@ComponentScan.Filter(type = FilterType.ANNOTATION, classes = ManagementContextConfiguration.class) })
public class GatewayApplication {

	public static void main(String[] args) {
		if (args.length > 0 && PasswordCommand.NAME.equals(args[0])) {
			System.exit(PasswordCommand.run(System.out, System.err));
		}
		if (args.length > 0 && ImportCommand.NAME.equals(args[0])) {
			System.exit(ImportCommand.run(args, System.out, System.err));
		}
		SpringApplication.run(GatewayApplication.class, args);
	}

}
