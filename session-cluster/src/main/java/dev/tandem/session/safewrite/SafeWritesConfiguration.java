package dev.tandem.session.safewrite;

import com.hazelcast.core.HazelcastInstance;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.hazelcast.HazelcastIndexedSessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * Installs safe session writes: Spring Session's Hazelcast repository is wrapped in a
 * {@link ConfirmedWriteSessionRepository} (it keeps the
 * {@link FindByIndexNameSessionRepository} type, so Spring Session's filter and
 * Actuator's sessions endpoint use it unchanged), and
 * {@link UnconfirmedWriteResponseFilter} answers 503 for a write that stayed unconfirmed.
 * Not a {@code @Configuration}, so an application whose component scan covers this
 * package does not pick it up twice.
 */
public final class SafeWritesConfiguration {

	// Static: a post-processor must exist before the beans it processes.
	@Bean
	static BeanPostProcessor confirmedWriteSessionRepositoryPostProcessor(ObjectProvider<HazelcastInstance> hazelcast) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof HazelcastIndexedSessionRepository repository) {
					// The member exists by now: the repository was built on it.
					MergeCount merges = new MergeCount();
					hazelcast.getObject().getLifecycleService().addLifecycleListener(merges);
					return new ConfirmedWriteSessionRepository<>(repository, merges::current);
				}
				return bean;
			}

		};
	}

	@Bean
	FilterRegistrationBean<UnconfirmedWriteResponseFilter> unconfirmedWriteResponseFilter() {
		FilterRegistrationBean<UnconfirmedWriteResponseFilter> registration = new FilterRegistrationBean<>(
				new UnconfirmedWriteResponseFilter());
		// Around Spring Session's filter, which saves the session.
		registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
		return registration;
	}

}
