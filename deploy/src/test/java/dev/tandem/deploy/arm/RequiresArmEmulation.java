package dev.tandem.deploy.arm;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test that runs Tandem's jars on ARM JVMs under QEMU user emulation: skipped
 * with one printed line where that cannot work, failed instead when
 * {@code TANDEM_REQUIRE_ARM=1}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ArmEmulationCondition.class)
@interface RequiresArmEmulation {

}
