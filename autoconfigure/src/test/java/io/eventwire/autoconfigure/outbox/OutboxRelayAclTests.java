package io.eventwire.autoconfigure.outbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.eventwire.outbox.EventOutbox;
import io.eventwire.outbox.OutboxRelay;
import io.eventwire.test.broker.KafkaBrokerProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.json.JsonMapper;

import static io.eventwire.autoconfigure.KafkaTestSupport.header;
import static io.eventwire.autoconfigure.KafkaTestSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker with SASL logins and ACLs: the relay's principal loses Write on its topic for 20 s while
 * 5,000 events are pending, then gets it back. Nothing is counted as an attempt or marked failed,
 * everything is delivered afterwards, in order per key.
 */
class OutboxRelayAclTests {

	static final String TOPIC = "acl-orders";

	static final int EVENTS = 5_000;

	static final int KEYS = 50;

	static final Duration REVOKED = Duration.ofSeconds(20);

	@Test
	void aRevokedWritePermissionMarksNothingFailedAndEverythingGoesOutOnceItIsBack(@TempDir Path tempDir)
			throws Exception {
		try (KafkaBrokerProcess broker = KafkaBrokerProcess.startSecured(tempDir.resolve("broker"),
				Map.of("relay", "relay-secret"));
				Admin admin = Admin.create(broker.adminClientProperties());
				EmbeddedMongo mongo = new EmbeddedMongo("outbox-acl")) {
			admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
			admin.createAcls(List.of(allow(AclOperation.DESCRIBE), allow(AclOperation.WRITE))).all().get();
			try (ConfigurableApplicationContext app = start(broker, mongo)) {
				EventOutbox outbox = app.getBean(EventOutbox.class);
				OutboxRelay relay = app.getBean(OutboxRelay.class);
				MongoTemplate mongoTemplate = app.getBean(MongoTemplate.class);
				publish(outbox, 0, 100);
				await().atMost(Duration.ofSeconds(60)).until(() -> relay.pendingCount() == 0);

				admin.deleteAcls(List.of(allow(AclOperation.WRITE).toFilter())).all().get();
				long revoked = System.nanoTime();
				publish(outbox, 100, EVENTS);
				// At least a second more, however long the writes took on a loaded machine.
				Duration rest = REVOKED.minusNanos(System.nanoTime() - revoked);
				rest = (rest.compareTo(Duration.ofSeconds(1)) < 0) ? Duration.ofSeconds(1) : rest;
				await().during(rest)
					.atMost(rest.plusSeconds(10))
					.until(() -> relay.failedCount() == 0 && attempted(mongoTemplate) == 0 && relay.pendingCount() > 0);
				// What health and the waiting-topics gauge show meanwhile.
				assertThat(relay.waitingTopics()).containsExactly(TOPIC);
				admin.createAcls(List.of(allow(AclOperation.WRITE))).all().get();
				long restored = System.nanoTime();
				await().atMost(Duration.ofSeconds(90)).until(() -> relay.pendingCount() == 0);
				Duration recovery = Duration.ofNanos(System.nanoTime() - restored);
				assertThat(relay.failedCount()).isZero();
				assertThat(attempted(mongoTemplate)).isZero();
				assertThat(relay.waitingTopics()).isEmpty();

				JsonMapper json = new JsonMapper();
				Set<String> delivered = new HashSet<>();
				Map<String, List<Integer>> perKey = new HashMap<>();
				for (ConsumerRecord<String, byte[]> record : readAll(broker.adminClientProperties(), TOPIC,
						(record) -> true)) {
					if (delivered.add(header(record, "event_id"))) {
						perKey.computeIfAbsent(record.key(), (key) -> new ArrayList<>())
							.add(json.readTree(record.value()).get("n").asInt());
					}
				}
				assertThat(delivered).hasSize(EVENTS);
				perKey.forEach((key, ns) -> assertThat(ns).as(key).isSorted());
				System.out.printf("Relay ACL: Write revoked %s with %,d events pending; 0 marked failed, 0 attempts "
						+ "counted; all %,d delivered %.1f s after it was back, in order per key%n", REVOKED, EVENTS - 100,
						EVENTS, recovery.toMillis() / 1e3);
			}
		}
	}

	private static void publish(EventOutbox outbox, int from, int to) {
		for (int n = from; n < to; n++) {
			outbox.publish(TOPIC, "step", "key-" + (n % KEYS), Map.of("n", n));
		}
	}

	private static long attempted(MongoTemplate mongo) {
		return mongo.getCollection("eventwire_outbox").countDocuments(new Document("attempts", new Document("$gt", 0)));
	}

	private static AclBinding allow(AclOperation operation) {
		return new AclBinding(new ResourcePattern(ResourceType.TOPIC, TOPIC, PatternType.LITERAL),
				new AccessControlEntry("User:relay", "*", operation, AclPermissionType.ALLOW));
	}

	private static ConfigurableApplicationContext start(KafkaBrokerProcess broker, EmbeddedMongo mongo) {
		List<String> args = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
				"--spring.mongodb.uri=" + mongo.uri(), "--eventwire.service-name=outbox-acl",
				"--eventwire.outbox.relay.enabled=true", "--eventwire.outbox.relay.poll-interval=200ms"));
		KafkaBrokerProcess.clientSecurity("relay", "relay-secret")
			.forEach((name, value) -> args.add("--spring.kafka.properties." + name + "=" + value));
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).run(args.toArray(String[]::new));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
