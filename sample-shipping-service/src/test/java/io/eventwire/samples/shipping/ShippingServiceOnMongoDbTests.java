package io.eventwire.samples.shipping;

import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * The shipping service's tests against a real MongoDB replica set: its connection details take the
 * in-memory server's place. Skipped where Docker is not available.
 */
@Testcontainers(disabledWithoutDocker = true)
class ShippingServiceOnMongoDbTests extends ShippingServiceApplicationTests {

	@Container
	@ServiceConnection
	static final MongoDBContainer mongo = new MongoDBContainer("mongo:8.0").withReplicaSet();

}
