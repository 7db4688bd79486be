package dev.tandem.deploy.debian;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test that runs lintian: skipped with one printed line when it is not installed,
 * failed instead when {@code TANDEM_REQUIRE_LINTIAN=1}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LintianCondition.class)
@interface RequiresLintian {

}
