package io.eventwire.test.autoconfigure;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import de.bwaldvogel.mongo.MongoServer;
import io.eventwire.test.AutoConfigureEventwire;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * An in-memory MongoDB-wire server for a test's application, in place of the configured one, unless
 * the test has connection details of its own (Testcontainers' {@code @ServiceConnection}) or sets
 * {@code eventwire.test.mongodb=configured}. Imported by {@link AutoConfigureEventwire}.
 */
@AutoConfiguration(before = MongoAutoConfiguration.class)
@ConditionalOnClass({ MongoClient.class, MongoServer.class, MongoConnectionDetails.class })
@ConditionalOnProperty(name = "eventwire.test.mongodb", havingValue = "in-memory", matchIfMissing = true)
@ConditionalOnMissingBean(MongoConnectionDetails.class)
public class InMemoryMongoAutoConfiguration {

	@Bean(destroyMethod = "shutdownNow")
	MongoServer eventwireInMemoryMongoServer() {
		MongoServer server = new MongoServer(new InMemoryMongoBackend());
		server.bind("localhost", 0);
		return server;
	}

	@Bean
	MongoConnectionDetails eventwireInMemoryMongoConnectionDetails(MongoServer eventwireInMemoryMongoServer,
			Environment environment) {
		// The application's database name, so that what the test reads is where the application writes.
		String database = Binder.get(environment)
			.bind("spring.mongodb", MongoProperties.class)
			.orElseGet(MongoProperties::new)
			.getMongoClientDatabase();
		ConnectionString connection = new ConnectionString(
				"mongodb://localhost:" + eventwireInMemoryMongoServer.getLocalAddress().getPort() + "/" + database);
		return () -> connection;
	}

}
