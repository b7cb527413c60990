package io.eventwire.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import io.eventwire.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two relay instances behind routers whose clocks differ by 10 s ({@link SkewedRoutersBackend}):
 * whatever the routers' clocks say, the one whose router is ahead never takes a shard the other
 * still holds.
 */
class RouterClockSkewTests {

	private static final Duration LEASE = Duration.ofSeconds(30);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private MongoServer server;

	private MongoClient behind;

	private MongoClient ahead;

	@BeforeEach
	void start() {
		this.server = new MongoServer(new SkewedRoutersBackend(this.clock, Map.of("router-ahead", Duration.ofSeconds(10))));
		String uri = this.server.bindAndGetConnectionString();
		this.behind = client(uri, "router-behind");
		this.ahead = client(uri, "router-ahead");
	}

	@AfterEach
	void stop() {
		this.behind.close();
		this.ahead.close();
		this.server.shutdownNow();
	}

	@Test
	void theInstanceWhoseRouterIsAheadNeverTakesALiveLease() {
		ShardLeases a = new ShardLeases(new MongoTemplate(this.behind, "leases"), "leases", "a", 8, LEASE);
		ShardLeases b = new ShardLeases(new MongoTemplate(this.ahead, "leases"), "leases", "b", 8, LEASE);
		SortedSet<Integer> heldByA = a.refresh();
		assertThat(heldByA).hasSize(8);
		// a renews no more for 21 s (a slow batch, a pause): less than its lease, so its shards are still its own.
		this.clock.advance(Duration.ofSeconds(21));
		SortedSet<Integer> heldByB = b.refresh();

		Set<Integer> both = new HashSet<>(heldByA);
		both.retainAll(heldByB);
		assertThat(a.stillHeld()).isTrue();
		assertThat(both).as("shards held by both instances").isEmpty();

		// Once a's leases expired on the database's clock, b takes them over.
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(b.refresh()).hasSize(8);
	}

	private static MongoClient client(String uri, String router) {
		return MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(uri))
			.applicationName(router)
			.build());
	}

}
