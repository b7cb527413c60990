package io.eventwire.reliability;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * Scenario 18 with the transactional inbox, on a real MongoDB replica set: the handler's write and
 * its inbox record commit together, so a kill amid 64 events in flight leaves no event handled
 * twice. Needs Docker; skipped without (the test server here has no transactions).
 */
@Testcontainers(disabledWithoutDocker = true)
class ParallelConsumerCrashRealMongoTests {

	@Container
	static final MongoDBContainer mongo = new MongoDBContainer("mongo:7.0");

	@Test
	void withTheTransactionalInboxNothingIsHandledTwice() throws Exception {
		String service = "parallel-crash-tx";
		ParallelConsumerCrashTests.killMidStream(service, mongo.getReplicaSetUrl(service), 0,
				"--eventwire.consumer.deduplication.enabled=true", "--eventwire.consumer.deduplication.transactional=true");
	}

}
