package io.eventwire.autoconfigure.outbox;

import java.util.Map;
import java.util.Queue;

import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A service with the outbox, the relay and the inbox, restarted with other retentions: its
 * translator records the order ids it handles. Shared by the retention tests.
 */
final class RetentionScenario {

	static final String TOPIC = "retention-orders";

	private RetentionScenario() {
	}

	/**
	 * @param handled receives the order ids handled
	 * @param mongoUri the database
	 * @param service the service name (its consumer group)
	 * @param outboxRetention {@code eventwire.outbox.retention}
	 * @param inboxRetention {@code eventwire.consumer.deduplication.retention}
	 * @return the started service
	 */
	static ConfigurableApplicationContext start(Queue<String> handled, String mongoUri, String service,
			String outboxRetention, String inboxRetention) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.initializers((context) -> context.getBeanFactory().registerSingleton("handled", handled))
			.run("--spring.mongodb.uri=" + mongoUri, "--eventwire.service-name=" + service,
					"--eventwire.outbox.relay.enabled=true", "--eventwire.outbox.relay.poll-interval=200ms",
					"--eventwire.consumer.deduplication.enabled=true", "--eventwire.outbox.retention=" + outboxRetention,
					"--eventwire.consumer.deduplication.retention=" + inboxRetention,
					"--management.health.defaults.enabled=true");
	}

	@EventTranslator(topics = TOPIC)
	static class Orders {

		private final Queue<String> handled;

		Orders(Queue<String> handled) {
			this.handled = handled;
		}

		@OnEvent("order_placed")
		void placed(Map<String, Object> order) {
			this.handled.add((String) order.get("orderId"));
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		@SuppressWarnings("unchecked")
		Orders orders(org.springframework.beans.factory.BeanFactory beanFactory) {
			return new Orders((Queue<String>) beanFactory.getBean("handled"));
		}

	}

}
