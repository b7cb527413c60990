package io.eventwire.test.autoconfigure;

import com.mongodb.ConnectionString;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration;
import org.springframework.boot.mongodb.health.MongoHealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory MongoDB-wire server of an eventwire test: in place of the configured server, in the
 * application's database, healthy in Boot's eyes; out of the way of a test's own connection details.
 */
@ExtendWith(OutputCaptureExtension.class)
class InMemoryMongoAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(InMemoryMongoAutoConfiguration.class, MongoAutoConfiguration.class,
				DataMongoAutoConfiguration.class, MongoHealthContributorAutoConfiguration.class))
		.withPropertyValues("spring.mongodb.uri=mongodb://db.example.invalid:27017/shipping");

	@Test
	void theApplicationsDatabaseIsOnTheInMemoryServerAndHealthy(CapturedOutput output) {
		this.runner.run((context) -> {
			MongoServer server = context.getBean(MongoServer.class);
			MongoTemplate mongo = context.getBean(MongoTemplate.class);
			mongo.insert(new Document("_id", "s-1"), "shipments");
			assertThat(mongo.getDb().getName()).isEqualTo("shipping");
			assertThat(context.getBean(MongoConnectionDetails.class).getConnectionString().getHosts())
				.containsExactly("localhost:" + server.getLocalAddress().getPort());
			assertThat(context.getBean(MongoHealthIndicator.class).health(true).getStatus()).isEqualTo(Status.UP);
		});
		assertThat(output).doesNotContain(" ERROR ").doesNotContain("hello");
	}

	@Test
	void theConfiguredDatabaseNameWinsOverTheUris() {
		this.runner.withPropertyValues("spring.mongodb.database=orders")
			.run((context) -> assertThat(context.getBean(MongoConnectionDetails.class).getConnectionString().getDatabase())
				.isEqualTo("orders"));
	}

	@Test
	void aTestsOwnConnectionDetailsOrTheConfiguredServerAreKept() {
		MongoConnectionDetails own = () -> new ConnectionString("mongodb://mongo.example.invalid:27017/shipping");
		this.runner.withBean(MongoConnectionDetails.class, () -> own)
			.run((context) -> assertThat(context).doesNotHaveBean(MongoServer.class)
				.getBean(MongoConnectionDetails.class)
				.isSameAs(own));
		this.runner.withPropertyValues("eventwire.test.mongodb=configured")
			.run((context) -> assertThat(context).doesNotHaveBean(MongoServer.class)
				.doesNotHaveBean(InMemoryMongoAutoConfiguration.class));
	}

}
