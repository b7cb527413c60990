package io.eventwire.outbox;

import java.time.Clock;
import java.util.Map;
import java.util.Set;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.eventwire.OutgoingEvent;
import io.eventwire.publish.EventRecordFactory;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What one outbox write stores: the order stamped by the database (an empty timestamp the server
 * fills in; mongo-java-server leaves it empty), the writer's own sequence for
 * ties, and no relay marks of an event it replaced.
 */
class MongoEventOutboxTests {

	private MongoServer server;

	private MongoClient client;

	private MongoCollection<Document> entries;

	private MongoEventOutbox outbox;

	@BeforeEach
	void start() {
		this.server = new MongoServer(new MemoryBackend());
		this.client = MongoClients.create(this.server.bindAndGetConnectionString());
		MongoTemplate mongo = new MongoTemplate(this.client, "outbox-writes");
		this.entries = mongo.getCollection("eventwire_outbox");
		this.outbox = new MongoEventOutbox(mongo, "eventwire_outbox",
				new EventRecordFactory(JsonMapper.builder().build(), true), Set.of("customers"), () -> {
				}, OutboxTracing.NONE, Clock.systemUTC());
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void theDatabaseStampsTheOrderOfTheWrite() {
		this.outbox.publish(OutgoingEvent.builder("orders", "placed", "o-1", Map.of("n", 1)).eventId("e-1").build());
		Document stored = this.entries.find(Filters.eq("_id", "e-1")).first();
		assertThat(stored.get(OutboxDocuments.SEQUENCE)).isInstanceOf(BsonTimestamp.class);
		assertThat(stored.get(OutboxDocuments.WRITER_SEQUENCE)).isInstanceOf(ObjectId.class);
		assertThat(stored.getBoolean(OutboxDocuments.PUBLISHED)).isFalse();
		assertThat(stored.getBoolean(OutboxDocuments.FAILED)).isFalse();
		assertThat(stored.getString(OutboxDocuments.PAYLOAD_JSON)).isEqualTo("{\"n\":1}");
	}

	@Test
	void anEventIdStoredBeforeIsRefusedAndTheStoredEventKeepsItsPlace() {
		this.outbox.publish(OutgoingEvent.builder("orders", "placed", "o-1", Map.of("n", 1)).eventId("e-1").build());
		Object seq = this.entries.find().first().get(OutboxDocuments.SEQUENCE);
		assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> this.outbox
			.publish(OutgoingEvent.builder("orders", "placed", "o-1", Map.of("n", 2)).eventId("e-1").build()));
		Document stored = this.entries.find().first();
		assertThat(this.entries.countDocuments()).isOne();
		assertThat(stored.get(OutboxDocuments.SEQUENCE)).isEqualTo(seq);
		assertThat(stored.getString(OutboxDocuments.PAYLOAD_JSON)).isEqualTo("{\"n\":1}");
	}

	@Test
	void aNewerEventOnACompactedTopicReplacesTheStoredOneWithNoneOfItsMarks() {
		this.outbox.publish(OutgoingEvent.builder("customers", "upserted", "c-1", Map.of("v", 1)).eventId("e-1").build());
		// As the relay leaves an event it gave up on.
		this.entries.updateOne(Filters.eq("_id", "customers:c-1"), Updates.combine(Updates.set("attempts", 3),
				Updates.set("last_error", "too large"), Updates.set("failed", true)));
		this.outbox.publish(OutgoingEvent.builder("customers", "upserted", "c-1", Map.of("v", 2)).eventId("e-2").build());
		Document stored = this.entries.find(Filters.eq("_id", "customers:c-1")).first();
		assertThat(stored.getString(OutboxDocuments.EVENT_ID)).isEqualTo("e-2");
		assertThat(stored.getString(OutboxDocuments.PAYLOAD_JSON)).isEqualTo("{\"v\":2}");
		assertThat(stored.getBoolean(OutboxDocuments.FAILED)).isFalse();
		assertThat(stored).doesNotContainKeys(OutboxDocuments.ATTEMPTS, OutboxDocuments.LAST_ERROR,
				OutboxDocuments.PUBLISHED_AT);
		assertThat(stored.get(OutboxDocuments.SEQUENCE)).isInstanceOf(BsonTimestamp.class);
	}

}
