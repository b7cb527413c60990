package io.eventwire.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedSet;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import io.eventwire.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shard leases against a real MongoDB wire server, with clocks the test moves.
 */
class ShardLeasesTests {

	private static final Duration LEASE = Duration.ofSeconds(10);

	private MongoServer server;

	private MongoClient client;

	private MongoTemplate mongo;

	private MutableClock clock;

	@BeforeEach
	void startMongo() {
		this.server = new MongoServer(new MemoryBackend());
		this.client = MongoClients.create(this.server.bindAndGetConnectionString());
		this.mongo = new MongoTemplate(this.client, "leases");
		this.clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
	}

	@AfterEach
	void stopMongo() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void aSingleInstanceHoldsEveryShard() {
		assertThat(leases("a").refresh()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
	}

	@Test
	void twoInstancesShareTheShardsWithoutOverlap() {
		ShardLeases a = leases("a");
		ShardLeases b = leases("b");
		a.refresh();
		b.refresh();
		// a sees b's heartbeat and gives back what is above its share; b then takes it.
		SortedSet<Integer> heldByA = a.refresh();
		SortedSet<Integer> heldByB = b.refresh();
		assertThat(heldByA).hasSize(4);
		assertThat(heldByB).hasSize(4);
		Set<Integer> all = new HashSet<>(heldByA);
		all.addAll(heldByB);
		assertThat(all).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
	}

	@Test
	void aCrashedInstancesShardsAreTakenOverOnceItsLeasesExpire() {
		ShardLeases a = leases("a");
		ShardLeases b = leases("b");
		a.refresh();
		b.refresh();
		a.refresh();
		assertThat(b.refresh()).hasSize(4);
		// a crashes: it stops renewing. Before the lease expires, b may not take a's shards.
		this.clock.advance(LEASE.minusSeconds(1));
		assertThat(b.refresh()).hasSize(4);
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(b.refresh()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
	}

	@Test
	void renewingKeepsTheLeasesOfASlowBatch() {
		ShardLeases a = leases("a");
		assertThat(a.refresh()).hasSize(8);
		this.clock.advance(LEASE.minusSeconds(1));
		a.renew(8);
		assertThat(a.stillHeld()).isTrue();
		this.clock.advance(Duration.ofSeconds(5));
		// b starts while a is still busy: a's renewed leases hold, so b gets nothing yet.
		assertThat(leases("b").refresh()).isEmpty();
	}

	@Test
	void leasesCountAsHeldOnlyUntilTheirLocalDeadline() {
		// Measured on the monotonic clock: a process paused longer than its lease must not send on.
		ShardLeases a = new ShardLeases(this.mongo, "eventwire_outbox_leases", "a", 8, Duration.ofMillis(300), this.clock);
		assertThat(a.stillHeld()).isFalse();
		assertThat(a.refresh()).hasSize(8);
		assertThat(a.stillHeld()).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(() -> !a.stillHeld());
		a.renew(8);
		assertThat(a.stillHeld()).isTrue();
	}

	@Test
	void aRenewalThatMissesALeaseStopsSendingUntilTheNextRefresh() {
		ShardLeases a = leases("a");
		assertThat(a.refresh()).hasSize(8);
		this.clock.advance(LEASE.plusSeconds(1));
		// Expired meanwhile (by the database's dates): nothing is renewed, so nothing counts as held.
		a.renew(8);
		assertThat(a.stillHeld()).isFalse();
		assertThat(a.refresh()).hasSize(8);
		assertThat(a.stillHeld()).isTrue();
	}

	@Test
	void releasedLeasesAreTakenOverAtOnce() {
		ShardLeases a = leases("a");
		ShardLeases b = leases("b");
		a.refresh();
		b.refresh();
		a.refresh();
		b.refresh();
		a.releaseAll();
		assertThat(b.refresh()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
	}

	private ShardLeases leases(String instance) {
		return new ShardLeases(this.mongo, "outbox_leases", instance, 8, LEASE, this.clock);
	}

}
