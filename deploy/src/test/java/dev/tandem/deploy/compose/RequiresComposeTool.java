package dev.tandem.deploy.compose;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test that runs a compose tool: skipped with one printed line when none is
 * installed, failed instead when {@code TANDEM_REQUIRE_COMPOSE=1}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ComposeToolCondition.class)
@interface RequiresComposeTool {

}
