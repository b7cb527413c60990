package io.eventwire.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import io.eventwire.internal.MissingPrivileges;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On MongoDB 7: with 1,000,000 pending events of a waiting topic ahead of the others, one relay poll
 * (the topics, then the others' pending events) examines no more than a batch of keys and documents,
 * as the server's profiler records them. Needs Docker; skipped without. (Here: WaitingTopicReadTests.)
 */
@Testcontainers(disabledWithoutDocker = true)
class RealServerWaitingTopicTests {

	static final int WAITING = 1_000_000;

	static final int OTHERS = 200;

	@Container
	static final MongoDBContainer mongo = new MongoDBContainer("mongo:7.0");

	@Test
	void aPollExaminesAtMostABatchWhateverTheWaitingBacklog() {
		try (MongoClient client = MongoClients.create(mongo.getReplicaSetUrl())) {
			MongoTemplate template = new MongoTemplate(client, "waiting-topic");
			new OutboxIndexes(template, "eventwire_outbox", Duration.ofDays(1), new MissingPrivileges()).prepare();
			WaitingBacklog.fill(template.getCollection("eventwire_outbox"), WAITING, OTHERS);
			MongoDatabase database = client.getDatabase("waiting-topic");
			database.runCommand(new Document("profile", 2));

			List<Document> read = new ArrayList<>();
			try (MongoCursor<Document> cursor = new OutboxStore(template, "eventwire_outbox")
				.pending(new TreeSet<>(Set.of(0)), 2, Set.of(WaitingBacklog.WAITING_TOPIC), 5_000, 500)) {
				cursor.forEachRemaining(read::add);
			}
			database.runCommand(new Document("profile", 0));

			assertThat(read).hasSize(OTHERS / 2).allSatisfy((entry) -> assertThat(entry.getString("topic")).isEqualTo(WaitingBacklog.OTHER_TOPIC));
			List<Document> profiled = database.getCollection("system.profile")
				.find(new Document("ns", "waiting-topic.eventwire_outbox"))
				.into(new ArrayList<>());
			Document distinct = profiled.stream().filter((op) -> command(op).containsKey("distinct")).findFirst().orElseThrow();
			Document find = profiled.stream().filter((op) -> command(op).containsKey("find")).findFirst().orElseThrow();
			assertThat(number(distinct, "keysExamined")).isLessThan(100);
			assertThat(number(distinct, "docsExamined")).isZero();
			assertThat(number(find, "keysExamined")).isLessThanOrEqualTo(500);
			assertThat(number(find, "docsExamined")).isLessThanOrEqualTo(500);
			assertThat(find.getString("planSummary")).contains("topic: 1");
		}
	}

	private static Document command(Document op) {
		return (op.get("command") instanceof Document command) ? command : new Document();
	}

	private static long number(Document op, String field) {
		Object value = op.get(field);
		return (value instanceof Number number) ? number.longValue() : 0;
	}

}
