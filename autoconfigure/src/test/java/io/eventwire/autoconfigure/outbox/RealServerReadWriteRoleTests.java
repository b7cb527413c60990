package io.eventwire.autoconfigure.outbox;

import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@link ReadWriteRoleContract} on MongoDB 7 with authentication, the application's user holding
 * the built-in {@code readWrite} role only. Needs Docker; skipped without.
 */
@Testcontainers(disabledWithoutDocker = true)
class RealServerReadWriteRoleTests extends ReadWriteRoleContract {

	static final String DATABASE = "read-write-role";

	@Container
	static final GenericContainer<?> mongo = new GenericContainer<>("mongo:7.0").withExposedPorts(27017)
		.withEnv("MONGO_INITDB_ROOT_USERNAME", "root")
		.withEnv("MONGO_INITDB_ROOT_PASSWORD", "root-secret");

	@BeforeAll
	static void createTheApplicationsUser() {
		try (MongoClient admin = MongoClients.create("mongodb://root:root-secret@" + address() + "/admin")) {
			admin.getDatabase(DATABASE)
				.runCommand(new Document("createUser", "app").append("pwd", "app-secret")
					.append("roles", List.of(new Document("role", "readWrite").append("db", DATABASE))));
		}
	}

	@Override
	String mongoUri() {
		return "mongodb://app:app-secret@" + address() + "/" + DATABASE + "?authSource=" + DATABASE;
	}

	private static String address() {
		return mongo.getHost() + ":" + mongo.getMappedPort(27017);
	}

}
