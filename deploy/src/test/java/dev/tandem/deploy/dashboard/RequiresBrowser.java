package dev.tandem.deploy.dashboard;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test that drives a real Chromium: skipped with one printed line when the
 * browser is not installed, failed instead when {@code TANDEM_REQUIRE_BROWSER=1}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(BrowserCondition.class)
@interface RequiresBrowser {

}
