package dev.tandem.gateway.testing;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.ReflectionUtils;

/**
 * Points the gateway of a Spring test at the {@link StubMembers} its test class declares
 * in a static field: their {@code tandem.gateway.members[i].*} properties go first in the
 * context's environment, as {@code @DynamicPropertySource} would put them. Registered in
 * {@code META-INF/spring.factories}; a test class without such a field is left alone.
 */
class StubMembersContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		List<StubMembers> declared = new ArrayList<>();
		for (Class<?> type = testClass; type != null && type != Object.class; type = type.getSuperclass()) {
			for (Field field : type.getDeclaredFields()) {
				if (Modifier.isStatic(field.getModifiers()) && field.getType() == StubMembers.class) {
					ReflectionUtils.makeAccessible(field);
					declared.add((StubMembers) ReflectionUtils.getField(field, null));
				}
			}
		}
		if (declared.size() > 1) {
			throw new IllegalStateException(testClass.getName() + " declares more than one StubMembers: " + declared);
		}
		return declared.isEmpty() ? null : new Customizer(declared.get(0));
	}

	/**
	 * Equal for the same members only, so each test class with its own members gets its
	 * own context.
	 */
	private record Customizer(StubMembers members) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("stubMembers", this.members.properties()));
		}

	}

}
