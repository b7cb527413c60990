package io.eventwire.autoconfigure.outbox;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.eventwire.outbox.OutboxDocuments;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OutboxWriteOrderTests}' two writer JVMs against a real MongoDB replica set: the order comes
 * from the timestamps the server stamps (unique, increasing cluster time), which mongo-java-server
 * only approximates ({@link ClusterTimeBackend}).
 */
@Testcontainers(disabledWithoutDocker = true)
class RealServerWriteOrderTests {

	@Container
	static final MongoDBContainer mongo = new MongoDBContainer("mongo:7.0");

	@Test
	void theServerStampsEveryWriteUniquelyAndKafkaOrderPerKeyIsTheWriteOrder() throws Exception {
		List<Document> entries = OutboxWriteOrderTests
			.writeFromTwoProcessesAndRelay(mongo.getReplicaSetUrl("real-write-order"), "real-write-order",
					"real-write-order");
		Set<BsonTimestamp> stamps = new HashSet<>();
		for (Document entry : entries) {
			// An empty timestamp the server did not fill in would be Timestamp(0, 0).
			BsonTimestamp seq = (BsonTimestamp) entry.get(OutboxDocuments.SEQUENCE);
			assertThat(seq.getTime()).isPositive();
			stamps.add(seq);
		}
		assertThat(stamps).hasSize(OutboxWriteOrderTests.EVENTS);
	}

}
