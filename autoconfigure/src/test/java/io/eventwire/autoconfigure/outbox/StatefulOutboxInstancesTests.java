package io.eventwire.autoconfigure.outbox;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.eventwire.outbox.OutboxDao;
import io.eventwire.outbox.OutboxDaoFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

import static io.eventwire.autoconfigure.KafkaTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The stateful outbox with several instances: a collection is declared once per process (creating
 * its DAO again returns the same one), and every relay instance relays every stateful collection of
 * the service, also one whose DAO it never created.
 */
class StatefulOutboxInstancesTests {

	static final String TOPIC = "stateful-instances-parcels";

	static final EmbeddedMongo mongo = new EmbeddedMongo("stateful-instances");

	record Parcel(String parcelId, int weight) {
	}

	@AfterAll
	static void stopMongo() {
		mongo.close();
	}

	@Test
	void aRelayInstanceThatNeverCreatedTheDaoRelaysItsChanges() {
		try (ConfigurableApplicationContext writer = start("writer", false);
				ConfigurableApplicationContext relay = start("relay", true)) {
			OutboxDao<Parcel, String> parcels = writer.getBean(OutboxDaoFactory.class)
				.create("parcels", Parcel.class, "parcelId", TOPIC,
						(parcel) -> Map.of("id", parcel.parcelId(), "grams", parcel.weight() * 1000));
			for (int i = 0; i < 20; i++) {
				parcels.upsert(new Parcel("p-" + i, i));
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> keys().size() == 20);
			ConsumerRecord<String, byte[]> last = readAll(brokers(relay), TOPIC, (record) -> "p-19".equals(record.key()))
				.get(0);
			assertThat(new JsonMapper().readValue(last.value(), Map.class)).isEqualTo(Map.of("id", "p-19", "grams", 19000));
			await().atMost(Duration.ofSeconds(10)).until(() -> parcels.publishPending() == 0);
		}
	}

	@Test
	void aCollectionIsDeclaredOnce() {
		try (ConfigurableApplicationContext context = start("declaring", false)) {
			OutboxDaoFactory factory = context.getBean(OutboxDaoFactory.class);
			OutboxDao<Parcel, String> first = factory.create("declared_parcels", Parcel.class, "parcelId", TOPIC);
			for (int i = 0; i < 1_000; i++) {
				assertThat(factory.<Parcel, String>create("declared_parcels", Parcel.class, "parcelId", TOPIC))
					.isSameAs(first);
			}
			assertThatIllegalArgumentException()
				.isThrownBy(() -> factory.create("declared_parcels", Parcel.class, "parcelId", "another-topic"))
				.withMessageContaining("declared_parcels")
				.withMessageContaining(TOPIC);
		}
	}

	private Set<String> keys() {
		return readAll(System.getProperty("spring.embedded.kafka.brokers"), TOPIC, (record) -> true).stream()
			.map(ConsumerRecord::key)
			.collect(Collectors.toSet());
	}

	private static String brokers(ConfigurableApplicationContext context) {
		return context.getEnvironment().getProperty("spring.kafka.bootstrap-servers");
	}

	private static ConfigurableApplicationContext start(String instance, boolean relay) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.run("--spring.mongodb.uri=" + mongo.uri(), "--eventwire.service-name=stateful-instances",
					"--eventwire.outbox.relay.enabled=" + relay, "--eventwire.outbox.relay.poll-interval=200ms",
					"--eventwire.outbox.relay.idle-check-interval=1s", "--eventwire.outbox.relay.instance-id=" + instance);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
